// Starts one PostgreSQL for the whole test run and prepares a migrated template
// database; each test file clones it into a database of its own (tests/helpers/test-database.ts).
// TEST_DATABASE_URL (a superuser URL of any PostgreSQL 15+) replaces the embedded server.
import type { TestProject } from "vitest/node";
import pg from "pg";
import {
  findFreePort,
  startEmbeddedPostgres,
  tempClusterDir,
  type EmbeddedServer,
} from "../../lib/dev-db/embedded-postgres";
import { applyMigrations } from "../../lib/dev-db/migrate";
import { TEMPLATE_DATABASE, withDatabase } from "../helpers/database-urls";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

let server: EmbeddedServer | null = null;

export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    server = await startEmbeddedPostgres({
      dataDir: await tempClusterDir("leadclock-test-"),
      port: await findFreePort(),
      // A throwaway cluster: durability buys nothing and costs seconds.
      settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
    });
    adminUrl = server.url("postgres");
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${TEMPLATE_DATABASE}" with (force)`);
    await admin.query(`create database "${TEMPLATE_DATABASE}"`);
  } finally {
    await admin.end();
  }
  await applyMigrations({ connectionString: withDatabase(adminUrl, TEMPLATE_DATABASE), log: () => undefined });
  project.provide("pgAdminUrl", adminUrl);

  return async () => {
    if (server) {
      const dir = server.dataDir;
      await server.stop();
      const fs = await import("node:fs/promises");
      await fs.rm(dir, { recursive: true, force: true });
    }
  };
}
