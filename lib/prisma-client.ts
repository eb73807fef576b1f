// Builds a Prisma client on the pg driver adapter. Scripts call this directly; the
// app uses the shared instance in lib/db.ts. The client is built on a pg Pool we own, so the
// webhook hot path can send its one statement through the same pool without Prisma's
// per-query overhead (pgPoolOf; docs/webhooks.md "One round trip").
import { PrismaPg } from "@prisma/adapter-pg";
import os from "node:os";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type Db = InstanceType<typeof PrismaClient>;

const POOL = Symbol.for("leadclock.pgPool");

/** The pool size Prisma's own engine chose: 2 × cores + 1 (5 on a 2-core machine). */
export function defaultPoolSize(): number {
  return 2 * Math.max(1, os.availableParallelism()) + 1;
}

export function createPrismaClient(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? defaultPoolSize() });
  // An idle connection dropped by the server (a restart, an admin) must not crash the process:
  // the pool discards it, and the next query reconnects or reports its own error.
  pool.on("error", () => undefined);
  // $disconnect() ends the pool, as it did when the adapter created it.
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  Object.defineProperty(client, POOL, { value: pool });
  return client;
}

/**
 * The pg Pool under a client from createPrismaClient: for the few hot statements where Prisma's
 * own cost per query (about half a CPU-millisecond) is most of the work. Everything else uses Prisma.
 */
export function pgPoolOf(db: Db): pg.Pool {
  const pool = (db as unknown as Record<symbol, pg.Pool | undefined>)[POOL];
  if (!pool) throw new Error("this database client was not built by createPrismaClient");
  return pool;
}
