// prisma/schema.prisma and prisma/migrations must describe the same database. When this
// fails, run `npm run db:diff -- --name <change>` and commit the migration it writes.
import fs from "node:fs/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findFreePort,
  startEmbeddedPostgres,
  tempClusterDir,
  type EmbeddedServer,
} from "../../lib/dev-db/embedded-postgres";
import { applyMigrations } from "../../lib/dev-db/migrate";
import { diffDatabaseToSchema, diffMigrationsToSchema, isEmptyMigration } from "../../lib/dev-db/schema-engine";

const SCHEMA_PATH = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));
const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const TIMEOUT = 60_000;

let server: EmbeddedServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await tempClusterDir("lc-drift-");
  server = await startEmbeddedPostgres({
    dataDir,
    port: await findFreePort(),
    settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
  });
}, TIMEOUT);

afterAll(async () => {
  await server?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
}, TIMEOUT);

async function migratedDatabase(name: string): Promise<string> {
  await server.ensureDatabase(name);
  const url = server.url(name);
  await applyMigrations({ connectionString: url, migrationsDir: MIGRATIONS_DIR });
  return url;
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
    const url = await migratedDatabase("migrated");
    expect(await diffDatabaseToSchema({ url, schemaPath: SCHEMA_PATH })).toBe("");
  });

  it("db:diff finds nothing to add and drops its shadow database", { timeout: TIMEOUT }, async () => {
    const sql = await diffMigrationsToSchema({
      shadowServerUrl: server.url("postgres"),
      migrationsDir: MIGRATIONS_DIR,
      schemaPath: SCHEMA_PATH,
    });
    expect(isEmptyMigration(sql)).toBe(true);
    const shadows = await run(server.url("postgres"), `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'`);
    expect(shadows).toEqual([]);
  });

  it("the check fails when the database drifts", { timeout: TIMEOUT }, async () => {
    const url = await migratedDatabase("drifted");
    await run(url, `ALTER TABLE "Message" DROP COLUMN "body"`);
    await run(url, `CREATE INDEX "Lead_name_drift_idx" ON "Lead"("name")`);

    const sql = await diffDatabaseToSchema({ url, schemaPath: SCHEMA_PATH });
    expect(sql).toContain(`ALTER TABLE "Message" ADD COLUMN     "body" TEXT NOT NULL;`);
    expect(sql).toContain(`DROP INDEX "Lead_name_drift_idx";`);
  });
});
