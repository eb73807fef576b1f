// prisma/schema.prisma and prisma/migrations must describe the same database. When this
// fails, run `npm run db:diff -- --name <change>` and commit the migration it writes.
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { diffDatabaseToSchema, diffMigrationsToSchema, isEmptyMigration } from "../../lib/dev-db/schema-engine";
import { createTestDatabase, testServerUrl, type TestDatabase } from "../helpers/test-database";

const SCHEMA_PATH = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));
const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const TIMEOUT = 60_000;

const databases: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
}, TIMEOUT);

/** A database built by the migrations (the test template is migrated with applyMigrations). */
async function migratedDatabase(): Promise<string> {
  const db = await createTestDatabase();
  databases.push(db);
  return db.url;
}

async function run(url: string, sql: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("schema drift", () => {
  it("a database built by the migrations matches schema.prisma", { timeout: TIMEOUT }, async () => {
    const url = await migratedDatabase();
    expect(await diffDatabaseToSchema({ url, schemaPath: SCHEMA_PATH })).toBe("");
  });

  it("db:diff finds nothing to add and drops its shadow database", { timeout: TIMEOUT }, async () => {
    const sql = await diffMigrationsToSchema({
      shadowServerUrl: testServerUrl(),
      migrationsDir: MIGRATIONS_DIR,
      schemaPath: SCHEMA_PATH,
    });
    expect(isEmptyMigration(sql)).toBe(true);
    const shadows = await run(testServerUrl(), `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'`);
    expect(shadows).toEqual([]);
  });

  it("the check fails when the database drifts", { timeout: TIMEOUT }, async () => {
    const url = await migratedDatabase();
    await run(url, `ALTER TABLE "Message" DROP COLUMN "body"`);
    await run(url, `CREATE INDEX "Lead_name_drift_idx" ON "Lead"("name")`);

    const sql = await diffDatabaseToSchema({ url, schemaPath: SCHEMA_PATH });
    expect(sql).toContain(`ALTER TABLE "Message" ADD COLUMN     "body" TEXT NOT NULL;`);
    expect(sql).toContain(`DROP INDEX "Lead_name_drift_idx";`);
  });
});
