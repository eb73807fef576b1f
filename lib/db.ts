import "server-only";
import { env } from "@/lib/env";
import { createPrismaClient, type Db } from "@/lib/prisma-client";

// One client per server process, created on first use (so `next build` never needs a
// database URL). In development modules are re-evaluated on every hot reload, so the
// instance lives on globalThis to avoid leaking connection pools.
const globalForDb = globalThis as unknown as { leadclockDb?: Db };

function instance(): Db {
  globalForDb.leadclockDb ??= createPrismaClient(env().DATABASE_URL, { max: env().DATABASE_POOL_MAX });
  return globalForDb.leadclockDb;
}

export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const real = instance();
    const value = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
