// Prisma's schema engine (the WebAssembly build) used as a library, for migration SQL
// and drift checks. The native schema engine binary cannot be downloaded everywhere,
// so `prisma migrate diff` is not available; this computes the same SQL with the same
// Rust code, talking to PostgreSQL through the pg driver adapter.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { DiffTarget, MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";
import { listMigrations } from "./migrate";

type EngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

let enginePromise: Promise<EngineModule> | null = null;

/** Instantiates the wasm once per process: the generated bindings keep it in module state. */
function loadEngineModule(): Promise<EngineModule> {
  enginePromise ??= (async () => {
    const bindings: EngineModule = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    // The package's entry imports the .wasm as an ES module, which Node cannot do without
    // a flag, so the wasm is instantiated here against the generated JS glue instead.
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const wasmModule = new WebAssembly.Module(await fs.readFile(path.join(dir, "schema_engine_bg.wasm")));
    const instance = new WebAssembly.Instance(wasmModule, {
      "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    // A Rust panic reports its message through this global before throwing.
    const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    registry.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: () => undefined };
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    return bindings;
  })();
  enginePromise.catch(() => (enginePromise = null));
  return enginePromise;
}

/**
 * pg.Client that reports PostgreSQL's internal one-byte "char" type (oid 18: relkind,
 * contype, …) as text. The schema engine's catalog queries return such columns and
 * @prisma/adapter-pg rejects the type as unsupported.
 */
class CatalogClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const fix = (result: unknown) => {
      for (const r of Array.isArray(result) ? result : [result]) {
        for (const field of (r as pg.QueryResult | undefined)?.fields ?? []) {
          if (field.dataTypeID === 18) field.dataTypeID = 25;
        }
      }
      return result;
    };
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last] as (error: unknown, result: unknown) => void;
      args[last] = (error: unknown, result: unknown) => callback(error, error ? result : fix(result));
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const returned = (super.query as (...a: any[]) => any)(...args);
    return returned instanceof Promise ? returned.then(fix) : returned;
  }
}

/**
 * Stands in for a connection when a diff needs no database (from empty to a datamodel).
 * The engine still probes the server when it starts; answer as a PostgreSQL 17 with a
 * public schema would, and refuse anything else.
 */
function offlineAdapter(): SqlDriverAdapter {
  const refuse = async (): Promise<never> => {
    throw new Error("This schema engine operation needs a database connection, but none was given.");
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async queryRaw(query) {
      if (!query.sql.startsWith("SELECT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = $1), version()"))
        return refuse();
      return {
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, "PostgreSQL 17.0", 170000]],
      };
    },
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: refuse,
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: async () => undefined,
  };
}

/**
 * Adapter factory for one engine run. Its shadow databases are temporary databases on
 * the same server (PrismaPg's own shadow factory leaks its admin pool and drops the
 * database while it is still connected). `close()` frees everything it created.
 */
function createAdapterFactory(url: string | null) {
  const opened: SqlDriverAdapter[] = [];
  const shadows: string[] = [];
  const open = async (connectionString: string) => {
    const pool = new pg.Pool({ connectionString, Client: CatalogClient, max: 4 });
    const adapter = await new PrismaPg(pool).connect();
    // Send a script in one simple-protocol query: PrismaPg splits scripts on every ";".
    adapter.executeScript = async (script) => void (await adapter.executeRaw({ sql: script, args: [], argTypes: [] }));
    let disposed = false;
    adapter.dispose = async () => {
      if (disposed) return;
      disposed = true;
      await pool.end();
    };
    opened.push(adapter);
    return adapter;
  };
  const adminQuery = async (sql: string) => {
    const client = new pg.Client({ connectionString: url ?? undefined });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    // The engine connects as soon as it starts, even for diffs that never query.
    connect: async () => (url ? open(url) : offlineAdapter()),
    async connectToShadowDb() {
      if (!url) throw new Error("A shadow database needs a database server, but no connection string was given.");
      const name = `prisma_shadow_${crypto.randomBytes(6).toString("hex")}`;
      await adminQuery(`CREATE DATABASE "${name}"`);
      shadows.push(name);
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${name}`;
      return open(shadowUrl.toString());
    },
  };
  const close = async () => {
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
    // FORCE: a connection the engine never released must not keep the database alive.
    for (const name of shadows) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  return { factory, close };
}

async function withEngine<T>(url: string | null, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const bindings = await loadEngineModule();
  const { factory, close } = createAdapterFactory(url);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  let engine: SchemaEngine | null = null;
  try {
    engine = await bindings.SchemaEngine.new({ datamodels: undefined }, () => undefined, bound);
    return await run(engine);
  } catch (error) {
    // A JS error thrown inside the adapter reaches us only as "External error id#N".
    const id = /External error id#(\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    const original = id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id));
    throw original ? original.error : error;
  } finally {
    engine?.free();
    await close();
  }
}

async function schemaFiles(schemaPath: string) {
  return [{ path: schemaPath, content: await fs.readFile(schemaPath, "utf8") }];
}

const noFilters = { externalTables: [], externalEnums: [] };

async function diffScript(url: string | null, from: DiffTarget, to: DiffTarget): Promise<string> {
  return withEngine(url, async (engine) => {
    const result = await engine.diff({ from, to, script: true, exitCode: null, filters: noFilters });
    return result.stdout ?? "";
  });
}

/** An empty migration script as the engine renders it, i.e. "no changes". */
export function isEmptyMigration(sql: string): boolean {
  return sql.trim() === "" || sql.trim() === "-- This is an empty migration.";
}

/**
 * SQL that takes the database at `fromUrl` (or an empty database when null) to the
 * datamodel in `schemaPath` — what `prisma migrate diff --to-schema --script` prints.
 */
export async function diffSchemaToSql(options: { fromUrl?: string | null; schemaPath: string }): Promise<string> {
  const files = await schemaFiles(options.schemaPath);
  const url = options.fromUrl ?? null;
  // The engine no longer accepts a `url` target: a live database is read through the
  // adapter, by pointing at the schema's datasource.
  const from: DiffTarget = url
    ? { tag: "schemaDatasource", files, configDir: path.dirname(path.resolve(options.schemaPath)) }
    : { tag: "empty" };
  return diffScript(url, from, { tag: "schemaDatamodel", files });
}

/**
 * SQL that takes the state produced by the migrations in `migrationsDir` (applied to a
 * temporary shadow database on the server at `shadowServerUrl`) to the datamodel.
 */
export async function diffMigrationsToSchema(options: {
  shadowServerUrl: string;
  migrationsDir: string;
  schemaPath: string;
}): Promise<string> {
  const files = await schemaFiles(options.schemaPath);
  const from: DiffTarget = { tag: "migrations", ...(await migrationList(options.migrationsDir)) };
  return diffScript(options.shadowServerUrl, from, { tag: "schemaDatamodel", files });
}

/** SQL needed to make the live database match the datamodel; "" when there is no drift. */
export async function diffDatabaseToSchema(options: { url: string; schemaPath: string }): Promise<string> {
  const sql = await diffSchemaToSql({ fromUrl: options.url, schemaPath: options.schemaPath });
  return isEmptyMigration(sql) ? "" : sql;
}

/** prisma/migrations/migration_lock.toml, byte for byte as Prisma writes it. */
export const MIGRATION_LOCK = `# Please do not edit this file manually
# It should be added in your version-control system (e.g., Git)
provider = "postgresql"
`;

async function migrationList(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  // The engine reads the provider from the lock file; before the first migration there is none yet.
  const lockfile = await fs.readFile(path.join(baseDir, "migration_lock.toml"), "utf8").catch(() => MIGRATION_LOCK);
  const migrations = await listMigrations(baseDir);
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: lockfile },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
    })),
  };
}
