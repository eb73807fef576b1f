// Which PostgreSQL the app, the scripts and the demo use: DATABASE_URL / DIRECT_URL
// when set, otherwise the embedded server under .data/postgres.
import path from "node:path";
import { z } from "zod";
import { startEmbeddedPostgres, type EmbeddedServer } from "./embedded-postgres";
import { loadProjectEnv } from "./load-env";

export const EMBEDDED_DATABASE = "leadclock";
export const DEFAULT_EMBEDDED_PORT = 54329;

export type ResolvedDatabase = {
  /** Pooled/runtime URL. */
  url: string;
  /** Direct URL for migrations and backfills. */
  directUrl: string;
  embedded: EmbeddedServer | null;
};

const portSchema = z.coerce
  .number({ error: "EMBEDDED_PG_PORT must be a number" })
  .int("EMBEDDED_PG_PORT must be a whole number")
  .min(1024, "EMBEDDED_PG_PORT must be between 1024 and 65535")
  .max(65535, "EMBEDDED_PG_PORT must be between 1024 and 65535");

export function embeddedPort(env: Record<string, string | undefined> = process.env): number {
  const raw = env.EMBEDDED_PG_PORT;
  if (raw === undefined || raw === "") return DEFAULT_EMBEDDED_PORT;
  const parsed = portSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(`Invalid EMBEDDED_PG_PORT=${JSON.stringify(raw)}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export async function resolveDatabase(
  options: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    /** Embedded data directory, relative to cwd (default .data/postgres). */
    dataDir?: string;
    port?: number;
    onLog?: (line: string) => void;
  } = {},
): Promise<ResolvedDatabase> {
  // Scripts see the same .env / .env.local as the app (unless a test passes its own env).
  if (!options.env) loadProjectEnv(options.cwd);
  const env = options.env ?? process.env;
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, directUrl: env.DIRECT_URL || env.DATABASE_URL, embedded: null };
  }
  const dataDir = path.resolve(options.cwd ?? process.cwd(), options.dataDir ?? path.join(".data", "postgres"));
  const port = options.port ?? embeddedPort(env);
  const embedded = await startEmbeddedPostgres({ dataDir, port, onLog: options.onLog });
  await embedded.ensureDatabase(EMBEDDED_DATABASE);
  const url = embedded.url(EMBEDDED_DATABASE);
  return { url, directUrl: url, embedded };
}
