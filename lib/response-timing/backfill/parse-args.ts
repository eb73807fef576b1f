// Flags of `npm run backfill:response-timing`. Pure: returns the parsed flags or a usage
// error message (the CLI prints it and exits 2).
import { parseArgs } from "node:util";
import { z } from "zod";

export const DEFAULT_LOOKBACK_DAYS = 365;
export const DEFAULT_BATCH_SIZE = 500;
/** Mirrors DEFAULT_BATCH_SIZES.bulk and BULK_MIN_THREADS in ../backfill.ts (kept there; this file stays pure). */
const DEFAULT_BULK_CHUNK_SIZE = 10_000;
const BULK_THRESHOLD_TEXT = "5,000";
/** Above this lookback, --apply on an external database needs --yes (RED TEAM 14). */
export const CONFIRM_LOOKBACK_DAYS = 90;

export const BACKFILL_USAGE = `Usage: npm run backfill:response-timing -- [options]

Re-derives ResponseTimingEvent for every thread (lead + channel) with a message in the
lookback window, in batches of whole threads, one transaction per batch.

  --dry-run            count what would be written or deleted; writes nothing (default)
  --apply              write the rows (and drop those threads from ResponseTimingQueue)
  --lookback-days N    threads with a message in the last N days, 1..3650 (default ${DEFAULT_LOOKBACK_DAYS})
  --batch-size N       threads per batch/transaction, 1..50000 (default ${DEFAULT_BATCH_SIZE}; bulk path: ${DEFAULT_BULK_CHUNK_SIZE})
  --path P             auto (default): bulk from ${BULK_THRESHOLD_TEXT} threads on a direct connection, else batched;
                       bulk: stage every thread's rows set-based once, write them in committed chunks;
                       batched: the cron's statement per batch
  --client-id UUID     only this workspace (default: all workspaces)
  --state-file PATH    write progress after every committed batch (atomic JSON)
  --resume             continue the run recorded in --state-file after its last batch
  --allow-pooler       use DATABASE_URL when DIRECT_URL is unset or unreachable
  --yes                confirm --apply with more than ${CONFIRM_LOOKBACK_DAYS} days on an external database
  -h, --help           show this help`;

const wholeNumber = (flag: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${flag} must be a whole number, e.g. ${flag} ${min === 1 ? 30 : min}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `${flag} must be between ${min} and ${max}`)
        .max(max, `${flag} must be between ${min} and ${max}`),
    );

const flagsSchema = z
  .object({
    "dry-run": z.boolean().default(false),
    apply: z.boolean().default(false),
    "lookback-days": wholeNumber("--lookback-days", 1, 3650).optional(),
    "batch-size": wholeNumber("--batch-size", 1, 50_000).optional(),
    path: z.enum(["auto", "bulk", "batched"], { error: "--path must be auto, bulk or batched" }).default("auto"),
    "client-id": z
      .guid({ error: "--client-id must be a UUID, e.g. 0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a39" })
      .transform((id) => id.toLowerCase())
      .optional(),
    "state-file": z.string().min(1, "--state-file needs a path").optional(),
    resume: z.boolean().default(false),
    "allow-pooler": z.boolean().default(false),
    yes: z.boolean().default(false),
    help: z.boolean().default(false),
  })
  .refine((f) => !(f["dry-run"] && f.apply), { error: "--dry-run and --apply cannot be used together; choose one" })
  .refine((f) => !f.resume || f["state-file"] !== undefined, {
    error: "--resume needs --state-file PATH (the file written by the run to resume)",
  });

export type BackfillMode = "dry-run" | "apply";

export type BackfillArgs = {
  mode: BackfillMode;
  /** Undefined when not given: the default, or the resumed run's value. */
  lookbackDays?: number;
  batchSize?: number;
  path: "auto" | "bulk" | "batched";
  clientId: string | null;
  stateFile: string | null;
  resume: boolean;
  allowPooler: boolean;
  yes: boolean;
  help: boolean;
};

export function parseBackfillArgs(argv: string[]): { ok: true; args: BackfillArgs } | { ok: false; error: string } {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        "dry-run": { type: "boolean" },
        apply: { type: "boolean" },
        "lookback-days": { type: "string" },
        "batch-size": { type: "string" },
        path: { type: "string" },
        "client-id": { type: "string" },
        "state-file": { type: "string" },
        resume: { type: "boolean" },
        "allow-pooler": { type: "boolean" },
        yes: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((issue) => issue.message).join("\n") };
  const f = parsed.data;
  return {
    ok: true,
    args: {
      mode: f.apply ? "apply" : "dry-run",
      lookbackDays: f["lookback-days"],
      batchSize: f["batch-size"],
      path: f.path,
      clientId: f["client-id"] ?? null,
      stateFile: f["state-file"] ?? null,
      resume: f.resume,
      allowPooler: f["allow-pooler"],
      yes: f.yes,
      help: f.help,
    },
  };
}

/**
 * RED TEAM 14: a long --apply against a non-local database (DATABASE_URL set) must be
 * confirmed with --yes. Returns the refusal text, or null when the run may go ahead.
 */
export function confirmationRefusal(options: {
  mode: BackfillMode;
  external: boolean;
  lookbackDays: number;
  yes: boolean;
  target: string;
  from: Date;
}): string | null {
  if (options.mode !== "apply" || !options.external || options.lookbackDays <= CONFIRM_LOOKBACK_DAYS || options.yes)
    return null;
  return [
    `This would re-derive response timing on ${options.target} for every thread with a message since ${options.from.toISOString()}`,
    `(${options.lookbackDays} days, more than ${CONFIRM_LOOKBACK_DAYS}), writing in committed batches.`,
    `Nothing was done. Run with --dry-run first to see the counts, then add --yes to confirm.`,
  ].join("\n");
}
