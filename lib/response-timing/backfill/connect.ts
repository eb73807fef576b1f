// The backfill's one dedicated connection. Backfills belong on the direct (non-pooled)
// URL: long batches, a session-level temp table and advisory locks are what poolers in
// transaction mode break. DATABASE_URL (the pooler) only with --allow-pooler.
import pg from "pg";
import { resolveDatabase, type ResolvedDatabase } from "@/lib/dev-db/resolve-database";
import type { ThreadListStorage } from "./thread-list";

export class BackfillConnectionError extends Error {
  override name = "BackfillConnectionError";
}

export type BackfillConnection = {
  client: pg.Client;
  /** host:port/database, for messages (no credentials). */
  target: string;
  /** True when DATABASE_URL is set (not the embedded database). */
  external: boolean;
  /** Where the thread list can live on this connection. */
  storage: ThreadListStorage;
  /** Closes the connection and stops an embedded server this process started. */
  close(): Promise<void>;
};

const UNREACHABLE = new Set(["ECONNREFUSED", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/** The network error code when `error` means "the host cannot be reached", else null. */
export function unreachableCode(error: unknown): string | null {
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const code = unreachableCode(inner);
      if (code) return code;
    }
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && UNREACHABLE.has(code)) return code;
  // pg's own connect timeout carries no code.
  if (error instanceof Error && /connection timeout|timeout expired/i.test(error.message)) return "ETIMEDOUT";
  return null;
}

export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "the configured database";
  }
}

async function open(url: string, connectTimeoutMs: number): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: "leadclock-backfill",
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

export async function openBackfillConnection(options: {
  env: Record<string, string | undefined>;
  allowPooler: boolean;
  warn: (line: string) => void;
  connectTimeoutMs?: number;
  /** Injectable for tests; defaults to the embedded database under .data/. */
  resolveEmbedded?: () => Promise<ResolvedDatabase>;
}): Promise<BackfillConnection> {
  const { env, allowPooler, warn } = options;
  const timeout = options.connectTimeoutMs ?? 10_000;
  const pooled = env.DATABASE_URL;
  if (!pooled) {
    const database = await (options.resolveEmbedded ?? (() => resolveDatabase({ env })))();
    const stopEmbedded = async () => void (await database.embedded?.stop().catch(() => undefined));
    let client: pg.Client;
    try {
      client = await open(database.directUrl, timeout);
    } catch (error) {
      await stopEmbedded();
      throw error;
    }
    const close = async () => {
      await client.end().catch(() => undefined);
      await stopEmbedded();
    };
    return {
      client,
      target: `the embedded database (${describeUrl(database.directUrl)})`,
      external: false,
      storage: "temp-table",
      close,
    };
  }

  const viaPooler = async (): Promise<BackfillConnection> => {
    const client = await open(pooled, timeout);
    return {
      client,
      target: `${describeUrl(pooled)} (DATABASE_URL)`,
      external: true,
      storage: "memory",
      close: () => client.end().catch(() => undefined),
    };
  };
  const direct = env.DIRECT_URL;
  if (!direct) {
    if (!allowPooler) {
      throw new BackfillConnectionError(
        "DIRECT_URL is not set. The backfill needs a direct (non-pooled) connection: set DIRECT_URL to your database's " +
          "direct URL (e.g. port 5432), or pass --allow-pooler to run over DATABASE_URL instead.",
      );
    }
    warn("Warning: DIRECT_URL is not set; using DATABASE_URL because --allow-pooler was given.");
    return viaPooler();
  }
  try {
    const client = await open(direct, timeout);
    return {
      client,
      target: `${describeUrl(direct)} (DIRECT_URL)`,
      external: true,
      storage: "temp-table",
      close: () => client.end().catch(() => undefined),
    };
  } catch (error) {
    const code = unreachableCode(error);
    if (!code) throw error;
    if (!allowPooler) {
      throw new BackfillConnectionError(
        `Cannot reach the direct database at ${describeUrl(direct)} (DIRECT_URL): ${code}. Fix network access to the direct ` +
          `host, or pass --allow-pooler to fall back to DATABASE_URL.`,
      );
    }
    warn(
      `Warning: cannot reach ${describeUrl(direct)} (DIRECT_URL): ${code}; falling back to DATABASE_URL because --allow-pooler was given.`,
    );
    return viaPooler();
  }
}
