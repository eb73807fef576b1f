// npm run backfill:appointments -- [--dry-run | --apply] [--client-id UUID] [--state-file PATH [--resume]]
//   [--lead-concurrency N] [--client-concurrency N] [--max-leads N] [--stale-days N] [--ghl-source auto|contacts|calendars]
// Exit codes: 0 done, 1 refused or failed, 2 bad flags, 130 stopped by Ctrl-C (state saved).
// See lib/appointments/backfill/run-backfill.ts and docs/bookings.md.
// Only the flag parser is imported up front: a usage error answers without loading Prisma.
import type { AppointmentsBackfillState } from "../lib/appointments/backfill/state-file";
import { BACKFILL_APPOINTMENTS_USAGE, parseBackfillAppointmentsArgs } from "../lib/appointments/backfill/parse-args";
import type { ResolvedDatabase } from "../lib/dev-db/resolve-database";
import type { Db } from "../lib/prisma-client";

const NAME = "backfill:appointments";

function message(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map((e) => message(e)).join("; ");
  return error instanceof Error ? error.message : String(error);
}

function resumeMismatch(state: AppointmentsBackfillState, args: ReturnType<typeof parseArgsOrExit>): string | null {
  if (state.mode !== args.mode) return `It was a --${state.mode} run; resume it with --${state.mode}.`;
  if (args.clientId && args.clientId !== state.clientId)
    return `It was a run for ${state.clientId ?? "every workspace"}.`;
  if (args.staleDays !== null && args.staleDays !== state.staleDays)
    return `It was a run with --stale-days ${state.staleDays}.`;
  if (args.ghlSource !== null && args.ghlSource !== state.ghlSource)
    return `It was a run with --ghl-source ${state.ghlSource}.`;
  return null;
}

/** Only the variables this script reads (the app's other required ones need not be set). */
async function scriptEnv() {
  const { z } = await import("zod");
  const { envSchema } = await import("../lib/env");
  const { BackfillInputError } = await import("../lib/appointments/backfill/run-backfill");
  const pick = envSchema.shape;
  const parsed = z
    .object({
      NODE_ENV: pick.NODE_ENV,
      LEADCLOCK_ENCRYPTION_KEY: pick.LEADCLOCK_ENCRYPTION_KEY,
      RECONCILE_STALE_DAYS: pick.RECONCILE_STALE_DAYS,
      GHL_OAUTH_CLIENT_ID: pick.GHL_OAUTH_CLIENT_ID,
      GHL_OAUTH_CLIENT_SECRET: pick.GHL_OAUTH_CLIENT_SECRET,
      CALENDLY_OAUTH_CLIENT_ID: pick.CALENDLY_OAUTH_CLIENT_ID,
      CALENDLY_OAUTH_CLIENT_SECRET: pick.CALENDLY_OAUTH_CLIENT_SECRET,
      GHL_OAUTH_TOKEN_URL: pick.GHL_OAUTH_TOKEN_URL,
      CALENDLY_OAUTH_TOKEN_URL: pick.CALENDLY_OAUTH_TOKEN_URL,
    })
    .safeParse(process.env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new BackfillInputError(`${issue.path.join(".")} ${issue.message}`);
}

function parseArgsOrExit() {
  const parsed = parseBackfillAppointmentsArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`${NAME}: ${parsed.error}\n\n${BACKFILL_APPOINTMENTS_USAGE}`);
    process.exit(2);
  }
  return parsed.args;
}

async function main(): Promise<number> {
  const args = parseArgsOrExit();
  if (args.help) {
    console.log(BACKFILL_APPOINTMENTS_USAGE);
    return 0;
  }
  // First Ctrl-C: finish the leads in flight, save, exit 130. Second: exit at once.
  let interrupts = 0;
  process.on("SIGINT", () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    console.error("Stopping after the leads in flight (Ctrl-C again to exit at once)…");
  });

  const [{ bookingCredentialsFrom }, { backfillAppointments, BackfillInputError }, { readAppointmentsState }] =
    await Promise.all([
      import("../lib/appointments/credentials-from-env"),
      import("../lib/appointments/backfill/run-backfill"),
      import("../lib/appointments/backfill/state-file"),
    ]);
  const [{ loadEncryptionKey }, { resolveDatabase }, { createPrismaClient }] = await Promise.all([
    import("../lib/crypto/secret-box"),
    import("../lib/dev-db/resolve-database"),
    import("../lib/prisma-client"),
  ]);
  let database: ResolvedDatabase | null = null;
  let db: Db | null = null;
  try {
    const resume = args.resume && args.stateFile ? await readAppointmentsState(args.stateFile) : null;
    if (resume) {
      const mismatch = resumeMismatch(resume, args);
      if (mismatch) {
        console.error(`${NAME}: cannot resume ${args.stateFile}. ${mismatch}`);
        return 1;
      }
    }
    database = await resolveDatabase();
    const env = await scriptEnv();
    const key = loadEncryptionKey({ LEADCLOCK_ENCRYPTION_KEY: env.LEADCLOCK_ENCRYPTION_KEY, NODE_ENV: env.NODE_ENV });
    db = createPrismaClient(database.directUrl, {
      max: Math.max(4, args.leadConcurrency * args.clientConcurrency + 2),
    });
    console.log(
      `${args.mode === "apply" ? "Applying" : "Dry run (nothing is written)"}; stale after ${resume?.staleDays ?? args.staleDays ?? 7} days.`,
    );
    const result = await backfillAppointments({
      db,
      mode: args.mode,
      clientId: resume?.clientId ?? args.clientId,
      staleDays: resume?.staleDays ?? args.staleDays ?? env.RECONCILE_STALE_DAYS,
      leadConcurrency: args.leadConcurrency,
      clientConcurrency: args.clientConcurrency,
      batchSize: args.batchSize,
      ghlSource: args.ghlSource ?? "auto",
      maxLeads: args.maxLeads,
      stateFile: args.stateFile,
      resume,
      credentials: bookingCredentialsFrom(env, key),
      now: () => new Date(),
      log: (line) => console.log(line),
      shouldStop: () => interrupts > 0,
    });
    return result.stopped ? 130 : 0;
  } catch (error) {
    console.error(`${NAME} failed: ${message(error)}`);
    if (!(error instanceof BackfillInputError) && args.stateFile) {
      console.error(
        `Finished batches stay committed; continue with --${args.mode} --resume --state-file ${args.stateFile}.`,
      );
    }
    return 1;
  } finally {
    await db?.$disconnect().catch(() => undefined);
    await database?.embedded?.stop().catch(() => undefined);
  }
}

process.exit(await main());
