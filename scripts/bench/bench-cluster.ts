// The throwaway PostgreSQL every benchmark runs on: its own temporary directory and a free
// port (never the dev server's), migrated, with a pg client and a Prisma client. Ctrl-C
// (or SIGTERM/SIGHUP) stops the server and removes the directory before exiting with 130.
import fs from "node:fs/promises";
import pg from "pg";
import {
  findFreePort,
  startEmbeddedPostgres,
  tempClusterDir,
  type EmbeddedServer,
} from "@/lib/dev-db/embedded-postgres";
import { applyMigrations } from "@/lib/dev-db/migrate";
import { createPrismaClient, type Db } from "@/lib/prisma-client";

/** Durability stays on (fsync, full_page_writes); only commits do not wait for the WAL flush. */
export const BENCH_PG_SETTINGS = {
  synchronous_commit: "off",
  shared_buffers: "512MB",
  max_wal_size: "4GB",
} as const;

export type BenchCluster = { url: string; client: pg.Client; db: Db; dataDir: string };

export async function withBenchCluster<T>(
  {
    prefix,
    keep,
    log,
    prepare,
    reuseDir,
  }: {
    prefix: string;
    keep: boolean;
    log: (line: string) => void;
    prepare?: (client: pg.Client) => Promise<void>;
    /** An existing cluster directory (a kept run) to start again instead of a new one; never removed. */
    reuseDir?: string | null;
  },
  body: (cluster: BenchCluster) => Promise<T>,
): Promise<T> {
  let server: EmbeddedServer | null = null;
  let dataDir: string | null = null;
  let client: pg.Client | null = null;
  let db: Db | null = null;
  let cleaning: Promise<void> | null = null;

  // Every step is bounded: stop() waits for the server's exit, which never comes if Ctrl-C
  // already stopped it, and a pool's end() waits for queries in flight.
  const bounded = (work: Promise<unknown>) =>
    Promise.race([work.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 15_000))]);
  const cleanup = (interrupted = false) =>
    (cleaning ??= (async () => {
      // Interrupted: stop the server first, which ends the queries in flight at once.
      if (interrupted && server) await bounded(server.stop());
      if (db) await bounded(db.$disconnect());
      if (client) await bounded(client.end());
      if (server) await bounded(server.stop());
      if (dataDir && !keep && !reuseDir) await fs.rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
      if (dataDir && (keep || reuseDir)) log(`Kept the cluster directory ${dataDir}.`);
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    log(`\n${signal}: stopping PostgreSQL${keep || reuseDir ? "" : " and removing its directory"}…`);
    void cleanup(true).then(() => process.exit(130));
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) process.on(signal, onSignal);

  try {
    dataDir = reuseDir ?? (await tempClusterDir(prefix));
    const port = await findFreePort();
    log(`Starting a throwaway PostgreSQL in ${dataDir} (port ${port})`);
    server = await startEmbeddedPostgres({ dataDir, port, settings: { ...BENCH_PG_SETTINGS } });
    // embedded-postgres installs exit hooks that stop the server and exit at once; ours
    // also removes the directory, so they are the only signal handlers left.
    for (const signal of signals) {
      for (const listener of process.listeners(signal))
        if (listener !== onSignal) process.removeListener(signal, listener);
    }
    await server.ensureDatabase("bench");
    const url = server.url("bench");
    await applyMigrations({ connectionString: url });
    const pgClient = new pg.Client({ connectionString: url });
    client = pgClient;
    pgClient.on("error", () => undefined);
    await pgClient.connect();
    if (prepare) await prepare(pgClient);
    const prisma = createPrismaClient(url, { max: 4 });
    db = prisma;
    return await body({ url, client: pgClient, db: prisma, dataDir });
  } finally {
    await cleanup();
    for (const signal of signals) process.removeListener(signal, onSignal);
  }
}
