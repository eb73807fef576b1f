// The response-timing processor (cron every 5 minutes): re-derives the threads whose
// messages, drafts or delayed-send jobs changed since the last run, in bounded batches.
//
// Changes are captured by triggers into ResponseTimingQueue in the same transaction as
// the change itself, so the queue follows commit order: a message that commits late is
// never skipped the way a "newer than the last mark" scan would skip it. Each batch
// claims queue rows and re-derives their threads in one statement and one transaction,
// under a transaction-level advisory lock (safe behind a transaction-mode pooler), so
// overlapping runs never derive the same thread at once. A batch waits for the lock for
// a bounded time (a recompute or another run's batch holds it for moments; lock waiters
// are served in order, so clicks cannot starve the cron); only when that wait runs out —
// a long backfill batch holds it — does the run stop and count the batch as skipped.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import { deriveThreadsSql, type DeriveCounts } from "./derive-sql";
import { TimingLockWaitExpired, waitForTimingLock } from "./timing-lock";

export { RESPONSE_TIMING_LOCK } from "./timing-lock";
/** ResponseTimingState key: the first-run seeding (or a full backfill) is done. */
export const SEEDED_KEY = "queue-seeded";
const SEEDED_KEY_LITERAL = Prisma.raw(`'${SEEDED_KEY}'`);
const BATCH_STATEMENT_TIMEOUT = "30s";
/** How long a batch waits for the lock: far above a recompute's hold, far below any run budget. */
export const DEFAULT_MAX_LOCK_WAIT_MS = 3000;

export type ProcessOptions = {
  db: Db;
  now?: Date;
  batchSize: number;
  maxMs: number;
  lookbackDays: number;
  /** Longest wait for the lock per batch before the batch is skipped (default 3 s). */
  maxLockWaitMs?: number;
  /** Injectable clock for tests (ms). */
  clock?: () => number;
};

export type ProcessResult = {
  /** Threads re-derived. */
  processed: number;
  /** Batches not run because the lock stayed held for the whole `maxLockWaitMs` (0 or 1: the run stops). */
  skipped: number;
  /** Time spent waiting for the lock, over all batches (ms, by the run's clock). */
  lockWaitMs: number;
  durationMs: number;
  /** True when no queued work is left. */
  exhausted: boolean;
  anchorsWritten: number;
  anchorsDeleted: number;
  batches: number;
};

type Tx = Prisma.TransactionClient;

/**
 * First run on a database: queue every thread active in the lookback window, so history
 * written before the capture triggers existed is derived too. Runs under the lock and
 * checks again, so two first runs cannot both seed. A completed --apply backfill records
 * the same key (lib/response-timing/backfill/queue-seeded.ts): its rebuild covers this.
 */
async function seedQueueOnce(tx: Tx, now: Date, lookbackDays: number): Promise<void> {
  const [done] = await tx.$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM "ResponseTimingState" WHERE "key" = ${SEEDED_KEY}`;
  if (done?.n) return;
  const from = new Date(now.getTime() - lookbackDays * 86_400_000);
  await tx.$executeRaw`INSERT INTO "ResponseTimingQueue" ("leadId", "channel")
    SELECT DISTINCT "leadId", "channel" FROM "Message" WHERE "sentAt" >= ${from}`;
  const value = JSON.stringify({ at: now.toISOString(), lookbackDays });
  await tx.$executeRaw`INSERT INTO "ResponseTimingState" ("key", "value", "updatedAt") VALUES (${SEEDED_KEY}, ${value}::jsonb, now())
    ON CONFLICT ("key") DO NOTHING`;
}

/** Claims up to `limit` queued threads (oldest first) and yields them as `threads`. */
export function claimQueuedThreadsCtes(limit: number): Prisma.Sql {
  return Prisma.sql`
    picked AS (
      SELECT DISTINCT "leadId", "channel" FROM (
        SELECT "leadId", "channel" FROM "ResponseTimingQueue" ORDER BY "id" LIMIT ${limit}
      ) oldest
    ),
    claimed AS (
      DELETE FROM "ResponseTimingQueue" q USING picked p
       WHERE q."leadId" = p."leadId" AND q."channel" = p."channel"
      RETURNING q."leadId", q."channel", q."fromSentAt"
    ),
    -- Never more than the picked threads; the LIMIT tells the planner so (it cannot
    -- estimate a DELETE … RETURNING from the queue's ever-stale statistics). from_at: the
    -- earliest change of the thread, null (whole thread) when any queue row has none.
    threads AS (
      SELECT "leadId", "channel", CASE WHEN bool_or("fromSentAt" IS NULL) THEN NULL ELSE min("fromSentAt") END AS from_at
        FROM claimed GROUP BY "leadId", "channel" LIMIT ${limit}
    )`;
}

type BatchOutcome = { waitedMs: number; counts: (DeriveCounts & { more: boolean }) | "locked" };

/** One batch in one transaction: wait for the lock (bounded), seed if first, claim and derive. */
async function runBatch(
  db: Db,
  options: {
    batchSize: number;
    maxLockWaitMs: number;
    clock: () => number;
    seed: { now: Date; lookbackDays: number } | null;
  },
): Promise<BatchOutcome> {
  let waitedMs = 0;
  try {
    const counts = await db.$transaction(
      async (tx) => {
        waitedMs = await waitForTimingLock(tx, {
          waitMs: options.maxLockWaitMs,
          statementTimeout: BATCH_STATEMENT_TIMEOUT,
          clock: options.clock,
        });
        if (options.seed) await seedQueueOnce(tx, options.seed.now, options.seed.lookbackDays);
        const [derived] = await tx.$queryRaw<DeriveCounts[]>(
          deriveThreadsSql(claimQueuedThreadsCtes(options.batchSize), { write: true, restart: true }),
        );
        // Our own claim is visible here: no rows left means no empty batch next time round.
        const [left] = await tx.$queryRaw<
          { more: boolean }[]
        >`SELECT EXISTS (SELECT 1 FROM "ResponseTimingQueue") AS more`;
        return { ...(derived ?? { threads: 0, anchors: 0, written: 0, deleted: 0 }), more: left?.more ?? true };
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
    return { waitedMs, counts };
  } catch (error) {
    // Rolled back: nothing was claimed, the queue rows wait for the next run.
    if (error instanceof TimingLockWaitExpired) return { waitedMs: error.waitedMs, counts: "locked" };
    throw error;
  }
}

export async function processResponseTiming(options: ProcessOptions): Promise<ProcessResult> {
  const { db, batchSize, maxMs, lookbackDays, maxLockWaitMs = DEFAULT_MAX_LOCK_WAIT_MS } = options;
  const now = options.now ?? new Date();
  const clock = options.clock ?? (() => performance.now());
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isFinite(maxMs) || maxMs < 0) throw new RangeError(`maxMs must be a non-negative number, got ${maxMs}`);
  if (!Number.isInteger(lookbackDays) || lookbackDays < 1)
    throw new RangeError(`lookbackDays must be a positive integer, got ${lookbackDays}`);
  if (!Number.isInteger(maxLockWaitMs) || maxLockWaitMs < 1)
    throw new RangeError(`maxLockWaitMs must be a positive integer, got ${maxLockWaitMs}`);

  const started = clock();
  const result: ProcessResult = {
    processed: 0,
    skipped: 0,
    lockWaitMs: 0,
    durationMs: 0,
    exhausted: false,
    anchorsWritten: 0,
    anchorsDeleted: 0,
    batches: 0,
  };
  // Fast path: one cheap query, no transaction, when there is nothing to do (most cron
  // runs). The key is a constant inlined as a literal: a query without parameters goes
  // over the simple protocol, 0.4 ms instead of 0.5 ms a run.
  const [state] = await db.$queryRaw<{ work: boolean; seeded: boolean }[]>`SELECT
      EXISTS (SELECT 1 FROM "ResponseTimingQueue") AS work,
      EXISTS (SELECT 1 FROM "ResponseTimingState" WHERE "key" = ${SEEDED_KEY_LITERAL}) AS seeded`;
  if (state?.seeded && !state.work) {
    result.exhausted = true;
    result.durationMs = Math.round(clock() - started);
    return result;
  }
  let first = true;
  let seedPending = !state?.seeded;
  for (;;) {
    // The first batch always runs, so even a tiny budget makes progress.
    if (!first && clock() - started >= maxMs) break;
    const outcome = await runBatch(db, {
      batchSize,
      maxLockWaitMs,
      clock,
      seed: seedPending ? { now, lookbackDays } : null,
    });
    first = false;
    seedPending = false;
    result.lockWaitMs += outcome.waitedMs;
    if (outcome.counts === "locked") {
      result.skipped += 1;
      break;
    }
    result.batches += 1;
    result.processed += outcome.counts.threads;
    result.anchorsWritten += outcome.counts.written;
    result.anchorsDeleted += outcome.counts.deleted;
    if (outcome.counts.threads === 0 || !outcome.counts.more) {
      result.exhausted = true;
      break;
    }
  }
  if (!result.exhausted && result.skipped === 0) {
    const [left] = await db.$queryRaw<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM "ResponseTimingQueue") AS any`;
    result.exhausted = left?.any === false;
  }
  result.lockWaitMs = Math.round(result.lockWaitMs);
  result.durationMs = Math.round(clock() - started);
  return result;
}
