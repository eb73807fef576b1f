// A fresh, migrated database for one test file: a clone of the template prepared by
// the global setup. Call in beforeAll; call drop() in afterAll.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPrismaClient, type Db } from "@/lib/prisma-client";
import { TEMPLATE_DATABASE, withDatabase } from "./database-urls";

export type TestDatabase = {
  name: string;
  url: string;
  prisma: Db;
  /** Runs raw SQL through a short-lived pg connection. */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
};

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The superuser URL of the test server (its `postgres` database). */
export function testServerUrl(): string {
  return inject("pgAdminUrl");
}

/** An empty database (no migrations) for tests of the migration runner itself. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `empty_${randomBytes(6).toString("hex")}`;
  await admin((client) => client.query(`create database "${name}"`));
  return {
    url: withDatabase(testServerUrl(), name),
    drop: async () => {
      await admin((client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  // CREATE DATABASE ... TEMPLATE needs the template to have no other connections;
  // parallel files clone one after another on the server's side, which is fast.
  await admin(async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database "${name}" template "${TEMPLATE_DATABASE}"`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== "55006" || attempt > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  const url = withDatabase(inject("pgAdminUrl"), name);
  const prisma = createPrismaClient(url, { max: 5 });
  return {
    name,
    url,
    prisma,
    async query(sql, params) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async drop() {
      await prisma.$disconnect();
      await admin((client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}
