// applyMigrations against a real PostgreSQL: Prisma-compatible history rows, idempotence,
// concurrent runs, and the refusals (edited, failed, non-empty database).
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, listMigrations, MigrationError } from "../../lib/dev-db/migrate";
import { createEmptyDatabase } from "../helpers/test-database";

const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const TIMEOUT = 60_000;

const cleanup: string[] = [];
const dropDatabases: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(dropDatabases.map((drop) => drop()));
  await Promise.all(cleanup.map((dir) => fs.rm(dir, { recursive: true, force: true })));
}, TIMEOUT);

async function freshDatabase(): Promise<string> {
  const database = await createEmptyDatabase();
  dropDatabases.push(database.drop);
  return database.url;
}

/** A copy of prisma/migrations plus extra migrations, so a test can change it freely. */
async function migrationsCopy(extra: Record<string, string> = {}): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "lc-migrations-"));
  cleanup.push(dir);
  await fs.cp(MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await fs.mkdir(path.join(dir, name));
    await fs.writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

type HistoryRow = {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
};
const history = (url: string) =>
  query<HistoryRow>(url, `SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name`);

async function expectRejection(promise: Promise<unknown>): Promise<MigrationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrationError);
  return error as MigrationError;
}

describe("applyMigrations", () => {
  it(
    "applies every migration to an empty database once, with Prisma's history rows",
    { timeout: TIMEOUT },
    async () => {
      const url = await freshDatabase();
      const names = (await listMigrations(MIGRATIONS_DIR)).map((m) => m.name);
      expect(names.length).toBeGreaterThan(0);
      expect(names[0]).toMatch(/^\d{14}_init$/);

      expect(await applyMigrations({ connectionString: url, migrationsDir: MIGRATIONS_DIR })).toEqual(names);
      expect(await applyMigrations({ connectionString: url, migrationsDir: MIGRATIONS_DIR })).toEqual([]);

      const rows = await history(url);
      expect(rows.map((row) => row.migration_name)).toEqual(names);
      for (const row of rows) {
        const bytes = await fs.readFile(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
        expect(row.checksum).toBe(crypto.createHash("sha256").update(bytes).digest("hex"));
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(row.applied_steps_count).toBe(1);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.rolled_back_at).toBeNull();
        expect(row.logs).toBeNull();
      }
      const tables = await query<{ table_name: string }>(
        url,
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('Lead', 'Message')`,
      );
      expect(tables.map((t) => t.table_name).sort()).toEqual(["Lead", "Message"]);
    },
  );

  it("creates _prisma_migrations with Prisma's exact columns", { timeout: TIMEOUT }, async () => {
    const url = await freshDatabase();
    await applyMigrations({ connectionString: url, migrationsDir: MIGRATIONS_DIR });
    const columns = await query(
      url,
      `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", length: 36, is_nullable: "NO", column_default: null },
      { column_name: "checksum", data_type: "character varying", length: 64, is_nullable: "NO", column_default: null },
      {
        column_name: "finished_at",
        data_type: "timestamp with time zone",
        length: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "migration_name",
        data_type: "character varying",
        length: 255,
        is_nullable: "NO",
        column_default: null,
      },
      { column_name: "logs", data_type: "text", length: null, is_nullable: "YES", column_default: null },
      {
        column_name: "rolled_back_at",
        data_type: "timestamp with time zone",
        length: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "started_at",
        data_type: "timestamp with time zone",
        length: null,
        is_nullable: "NO",
        column_default: "now()",
      },
      {
        column_name: "applied_steps_count",
        data_type: "integer",
        length: null,
        is_nullable: "NO",
        column_default: "0",
      },
    ]);
    const [pk] = await query<{ columns: string[] }>(
      url,
      `SELECT array_agg(a.attname::text) AS columns FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = '"_prisma_migrations"'::regclass AND i.indisprimary`,
    );
    expect(pk?.columns).toEqual(["id"]);
  });

  it("applies each migration exactly once when three runs race", { timeout: TIMEOUT }, async () => {
    const dir = await migrationsCopy({
      "29990101000000_slow_column": `SELECT pg_sleep(0.3);\nALTER TABLE "Lead" ADD COLUMN "raceNote" TEXT;\n`,
      "29990101000001_index": `CREATE INDEX "Lead_raceNote_idx" ON "Lead"("raceNote");\n`,
    });
    const url = await freshDatabase();
    const names = (await listMigrations(dir)).map((m) => m.name);
    const runs = await Promise.all([1, 2, 3].map(() => applyMigrations({ connectionString: url, migrationsDir: dir })));

    expect(runs.flat().sort()).toEqual([...names].sort());
    expect(runs.filter((applied) => applied.length > 0)).toHaveLength(1);
    const rows = await history(url);
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    expect(rows.every((row) => row.finished_at !== null && row.applied_steps_count === 1)).toBe(true);
  });

  it(
    "refuses a migration edited after it was applied, but not one whose line endings git changed",
    { timeout: TIMEOUT },
    async () => {
      const dir = await migrationsCopy();
      const url = await freshDatabase();
      const [init] = await listMigrations(dir);
      await applyMigrations({ connectionString: url, migrationsDir: dir });

      await fs.writeFile(init!.path, init!.sql.replaceAll("\n", "\r\n"));
      expect(await applyMigrations({ connectionString: url, migrationsDir: dir })).toEqual([]);

      await fs.writeFile(init!.path, `${init!.sql}\n-- edited later\n`);
      const error = await expectRejection(applyMigrations({ connectionString: url, migrationsDir: dir }));
      expect(error.code).toBe("CHECKSUM");
      expect(error.message).toContain(`\`${init!.name}\` was modified after it was applied`);
      expect(error.message).toContain(init!.checksum);
    },
  );

  it(
    "records a failing migration, rolls it back, and refuses to go on until it is resolved",
    { timeout: TIMEOUT },
    async () => {
      const broken = "29990101000000_broken";
      const dir = await migrationsCopy({
        [broken]: `CREATE TABLE "HalfDone" ("id" INTEGER);\nSELECT * FROM "NoSuchTable";\n`,
      });
      const url = await freshDatabase();

      const failure = await expectRejection(applyMigrations({ connectionString: url, migrationsDir: dir }));
      expect(failure.code).toBe("P3018");
      expect(failure.message).toContain(broken);
      expect(failure.message).toContain(`relation "NoSuchTable" does not exist`);

      const row = (await history(url)).find((r) => r.migration_name === broken);
      expect(row).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
      expect(row?.logs).toContain("Database error code: 42P01");
      const halfDone = await query(url, `SELECT to_regclass('"HalfDone"') AS t`);
      expect(halfDone).toEqual([{ t: null }]);

      const blocked = await expectRejection(applyMigrations({ connectionString: url, migrationsDir: dir }));
      expect(blocked.code).toBe("P3009");
      expect(blocked.message).toContain(`The \`${broken}\` migration started at`);
      expect(blocked.message).toContain("SET rolled_back_at = now()");

      // The documented way out: fix the file, mark the failed attempt rolled back, run again.
      await fs.writeFile(path.join(dir, broken, "migration.sql"), `CREATE TABLE "HalfDone" ("id" INTEGER);\n`);
      await query(url, `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${broken}'`);
      expect(await applyMigrations({ connectionString: url, migrationsDir: dir })).toEqual([broken]);
    },
  );

  it("refuses a database that has tables but no migration history", { timeout: TIMEOUT }, async () => {
    const url = await freshDatabase();
    await query(url, `CREATE TABLE "Legacy" ("id" INTEGER)`);
    const error = await expectRejection(applyMigrations({ connectionString: url, migrationsDir: MIGRATIONS_DIR }));
    expect(error.code).toBe("P3005");
    expect(error.message).toContain("Legacy");
    expect(await query(url, `SELECT to_regclass('"_prisma_migrations"') AS t`)).toEqual([{ t: null }]);
  });
});
