// Applies prisma/migrations the way `prisma migrate deploy` does (same table, same
// checksums, same failure rules), without Prisma's native schema engine, which cannot
// be downloaded everywhere. A database migrated here can later be managed by the real
// Prisma CLI and the other way round.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/** The key Prisma Migrate locks, so this and `prisma migrate` never run at once. */
export const MIGRATION_LOCK_KEY = 72707369;
export const DEFAULT_MIGRATIONS_DIR = "prisma/migrations";

// Prisma's own DDL for its history table (sql-schema-connector, postgres flavour).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationFile = { name: string; path: string; sql: string; checksum: string };

export class MigrationError extends Error {
  override name = "MigrationError";
  constructor(
    /** Prisma's error code for the same situation. */
    readonly code: "P3005" | "P3009" | "P3015" | "P3018" | "CHECKSUM",
    message: string,
  ) {
    super(message);
  }
}

export function migrationChecksum(script: Buffer | string): string {
  return crypto.createHash("sha256").update(script).digest("hex");
}

/** Like Prisma, accept a file whose line endings git converted after it was applied. */
function scriptMatches(script: string, checksum: string): boolean {
  return [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")].some(
    (variant) => migrationChecksum(variant) === checksum,
  );
}

/** The migrations in `migrationsDir`, in the order they apply (their names sort by timestamp). */
export async function listMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  names.sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      const bytes = await fs.readFile(file).catch(() => {
        throw new MigrationError(
          "P3015",
          `Could not find the migration file at ${file}. Add it or delete the directory.`,
        );
      });
      return { name, path: file, sql: bytes.toString("utf8"), checksum: migrationChecksum(bytes) };
    }),
  );
}

type MigrationRow = {
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
};

async function ensureMigrationsTable(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ exists: boolean; tables: string[] }>(
    `select to_regclass('"_prisma_migrations"') is not null as exists,
            coalesce(array_agg(c.relname::text) filter (where c.relname is not null), '{}') as tables
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p')`,
  );
  if (rows[0]?.exists) return;
  if (rows[0]?.tables.length) {
    const database = client.database ?? "the database";
    throw new MigrationError(
      "P3005",
      `The database schema for \`${database}\` is not empty (tables: ${rows[0].tables.join(", ")}) and has no ` +
        `migration history. Apply the migrations to an empty database, or baseline it: ` +
        `https://pris.ly/d/migrate-baseline`,
    );
  }
  await client.query(CREATE_MIGRATIONS_TABLE);
}

function failedMigrationsError(failed: MigrationRow[]): MigrationError {
  const details = failed
    .map((row) => {
      const logs = row.logs?.trim() ? ` with the following logs:\n${row.logs.trim()}` : "";
      return `The \`${row.migration_name}\` migration started at ${row.started_at.toISOString()} failed${logs}`;
    })
    .join("\n");
  const names = failed.map((row) => `'${row.migration_name}'`).join(", ");
  return new MigrationError(
    "P3009",
    `Found failed migrations in the target database, new migrations will not be applied.\n${details}\n\n` +
      `To resolve (https://pris.ly/d/migrate-resolve): a migration runs in one transaction, so its changes were rolled ` +
      `back unless PostgreSQL could not undo them. Fix the migration, then mark the failed attempt rolled back so the ` +
      `next run applies it again — what \`prisma migrate resolve --rolled-back <name>\` does:\n` +
      `  UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name IN (${names}) ` +
      `AND finished_at IS NULL AND rolled_back_at IS NULL;\n` +
      `If you instead completed it by hand, set finished_at = now() on that row (\`--applied\`).`,
  );
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  // The history row is written outside the migration's transaction, as Prisma does, so
  // a failure stays recorded (finished_at null) and blocks later runs until resolved.
  const id = crypto.randomUUID();
  await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)`, [
    id,
    migration.checksum,
    migration.name,
  ]);
  try {
    await client.query("BEGIN");
    await client.query(migration.sql);
    await client.query(`UPDATE "_prisma_migrations" SET applied_steps_count = 1, finished_at = now() WHERE id = $1`, [
      id,
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const pgError = error as { code?: string; message?: string };
    const logs = `${pgError.code ? `Database error code: ${pgError.code}\n\n` : ""}Database error:\n${pgError.message ?? String(error)}`;
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, logs]);
    throw new MigrationError(
      "P3018",
      `Migration \`${migration.name}\` failed to apply; the database was left as it was before it. New migrations ` +
        `cannot be applied before this is resolved (https://pris.ly/d/migrate-resolve).\n\n${logs}`,
    );
  }
}

/**
 * Applies the pending migrations of `migrationsDir` to the database and returns the
 * names it applied (empty when the database is up to date). Safe to run concurrently:
 * runs are serialised by Prisma's advisory lock.
 */
export async function applyMigrations(options: {
  connectionString: string;
  migrationsDir?: string;
  log?: (line: string) => void;
}): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  const migrations = await listMigrations(path.resolve(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR));
  const client = new pg.Client({ connectionString: options.connectionString });
  await client.connect();
  try {
    await client.query(`SET lock_timeout = '60s'`);
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]).catch((error: { code?: string }) => {
      if (error.code !== "55P03") throw error;
      throw new Error(
        `Another migration run has held the migration lock (pg_advisory_lock(${MIGRATION_LOCK_KEY})) for 60 s; try again when it is done.`,
      );
    });
    await client.query("RESET lock_timeout");
    await ensureMigrationsTable(client);
    const { rows } = await client.query<MigrationRow>(
      `SELECT migration_name, checksum, started_at, finished_at, rolled_back_at, logs
         FROM "_prisma_migrations" ORDER BY started_at`,
    );
    const live = rows.filter((row) => row.rolled_back_at === null);
    const failed = live.filter((row) => row.finished_at === null);
    if (failed.length) throw failedMigrationsError(failed);

    const local = new Map(migrations.map((m) => [m.name, m]));
    for (const row of live) {
      const file = local.get(row.migration_name);
      if (!file) {
        log(
          `Warning: migration ${row.migration_name} is applied to the database but missing from the migrations directory.`,
        );
      } else if (!scriptMatches(file.sql, row.checksum)) {
        throw new MigrationError(
          "CHECKSUM",
          `The migration \`${row.migration_name}\` was modified after it was applied: the checksum of ${file.path} ` +
            `(${file.checksum}) differs from the one recorded in _prisma_migrations (${row.checksum}). Restore the ` +
            `file as it was applied and put the change in a new migration (npm run db:diff -- --name <name>).`,
        );
      }
    }

    const appliedNames = new Set(live.map((row) => row.migration_name));
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !appliedNames.has(m.name))) {
      log(`Applying migration ${migration.name}`);
      await applyOne(client, migration);
      applied.push(migration.name);
    }
    return applied;
  } finally {
    // Closing the session releases the advisory lock too.
    await client.end().catch(() => undefined);
  }
}
