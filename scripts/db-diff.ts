// npm run db:diff -- --name <snake_name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the
// current migrations to prisma/schema.prisma — what `prisma migrate dev --create-only`
// would write, computed by the wasm schema engine (the native one is not available).
// The migrations are replayed on a throwaway embedded PostgreSQL, never on DATABASE_URL,
// which may well point at a shared or production server.
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { findFreePort, startEmbeddedPostgres, tempClusterDir } from "../lib/dev-db/embedded-postgres";
import { DEFAULT_MIGRATIONS_DIR, listMigrations } from "../lib/dev-db/migrate";
import { diffMigrationsToSchema, isEmptyMigration, MIGRATION_LOCK } from "../lib/dev-db/schema-engine";

const USAGE = "Usage: npm run db:diff -- --name <snake_case_name>";
const SCHEMA_PATH = "prisma/schema.prisma";

const argsSchema = z.object({
  name: z
    .string({ error: "--name is required" })
    .max(200, "--name must be at most 200 characters")
    .regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, "--name must be snake_case: lowercase letters, digits and single underscores"),
});

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function parseCli(argv: string[]): z.infer<typeof argsSchema> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { name: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) usageError(parsed.error.issues.map((issue) => issue.message).join("; "));
  return parsed.data;
}

/** Prisma's migration id prefix: the UTC time, to the second. */
function timestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

async function main(): Promise<void> {
  const { name } = parseCli(process.argv.slice(2));
  const migrationsDir = path.resolve(DEFAULT_MIGRATIONS_DIR);
  const existing = await listMigrations(migrationsDir);
  const dirName = `${timestamp()}_${name}`;
  const last = existing.at(-1)?.name;
  if (last && last >= dirName) {
    throw new Error(`The new migration ${dirName} would not sort after the latest one (${last}); check the clock.`);
  }

  const dataDir = await tempClusterDir("lc-shadow-");
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await findFreePort(),
    settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
  });
  let sql: string;
  try {
    sql = await diffMigrationsToSchema({
      shadowServerUrl: server.url("postgres"),
      migrationsDir,
      schemaPath: path.resolve(SCHEMA_PATH),
    });
  } finally {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }

  if (isEmptyMigration(sql)) {
    console.log("No schema changes: the migrations already match prisma/schema.prisma.");
    return;
  }
  const file = path.join(migrationsDir, dirName, "migration.sql");
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, sql, { flag: "wx" });
  await fs.writeFile(path.join(migrationsDir, "migration_lock.toml"), MIGRATION_LOCK, { flag: "wx" }).catch((error) => {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  });
  console.log(`Created ${path.relative(process.cwd(), file)}. Review it, then run npm run db:migrate.`);
}

main().catch((error: unknown) => {
  console.error(`db:diff failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
