// The response-timing processor (cron every 5 minutes): re-derives the threads whose
// messages, drafts or delayed-send jobs changed since the last run, in bounded batches.
//
// Changes are captured by triggers into ResponseTimingQueue in the same transaction as
// the change itself, so the queue follows commit order: a message that commits late is
// never skipped the way a "newer than the last mark" scan would skip it. Each batch
// claims queue rows and re-derives their threads in one statement and one transaction,
// under a transaction-level advisory lock (safe behind a transaction-mode pooler), so
// overlapping runs never derive the same thread at once; a run that cannot get the lock
// returns at once and counts the batch as skipped.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import { deriveThreadsSql, type DeriveCounts } from "./derive-sql";

export const RESPONSE_TIMING_LOCK = Prisma.sql`hashtextextended('leadclock:response-timing', 0)`;
/** ResponseTimingState key: the first-run seeding (or a full backfill) is done. */
export const SEEDED_KEY = "queue-seeded";
const SEEDED_KEY_LITERAL = Prisma.raw(`'${SEEDED_KEY}'`);
const BATCH_STATEMENT_TIMEOUT = "30s";

export type ProcessOptions = {
  db: Db;
  now?: Date;
  batchSize: number;
  maxMs: number;
  lookbackDays: number;
  /** Injectable clock for tests (ms). */
  clock?: () => number;
};

export type ProcessResult = {
  /** Threads re-derived. */
  processed: number;
  /** Batches not run because another run held the lock. */
  skipped: number;
  durationMs: number;
  /** True when no queued work is left. */
  exhausted: boolean;
  anchorsWritten: number;
  anchorsDeleted: number;
  batches: number;
};

type Tx = Prisma.TransactionClient;

async function tryLock(tx: Tx): Promise<boolean> {
  // One round trip: the batch's statement timeout, then the lock.
  const [row] = await tx.$queryRaw<
    { locked: boolean }[]
  >`SELECT set_config('statement_timeout', ${BATCH_STATEMENT_TIMEOUT}, true) IS NOT NULL
      AND pg_try_advisory_xact_lock(${RESPONSE_TIMING_LOCK}) AS locked`;
  return row?.locked === true;
}

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
      RETURNING q."leadId", q."channel"
    ),
    -- Never more than the picked threads; the LIMIT tells the planner so (it cannot
    -- estimate a DELETE … RETURNING from the queue's ever-stale statistics).
    threads AS (SELECT DISTINCT "leadId", "channel" FROM claimed LIMIT ${limit})`;
}

export async function processResponseTiming(options: ProcessOptions): Promise<ProcessResult> {
  const { db, batchSize, maxMs, lookbackDays } = options;
  const now = options.now ?? new Date();
  const clock = options.clock ?? (() => performance.now());
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isFinite(maxMs) || maxMs < 0) throw new RangeError(`maxMs must be a non-negative number, got ${maxMs}`);
  if (!Number.isInteger(lookbackDays) || lookbackDays < 1)
    throw new RangeError(`lookbackDays must be a positive integer, got ${lookbackDays}`);

  const started = clock();
  const result: ProcessResult = {
    processed: 0,
    skipped: 0,
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
    const outcome = await db.$transaction(
      async (tx): Promise<(DeriveCounts & { more: boolean }) | "locked"> => {
        if (!(await tryLock(tx))) return "locked";
        if (seedPending) await seedQueueOnce(tx, now, lookbackDays);
        const [counts] = await tx.$queryRaw<DeriveCounts[]>(
          deriveThreadsSql(claimQueuedThreadsCtes(batchSize), { write: true }),
        );
        // Our own claim is visible here: no rows left means no empty batch next time round.
        const [left] = await tx.$queryRaw<
          { more: boolean }[]
        >`SELECT EXISTS (SELECT 1 FROM "ResponseTimingQueue") AS more`;
        return { ...(counts ?? { threads: 0, anchors: 0, written: 0, deleted: 0 }), more: left?.more ?? true };
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
    first = false;
    seedPending = false;
    if (outcome === "locked") {
      result.skipped += 1;
      break;
    }
    result.batches += 1;
    result.processed += outcome.threads;
    result.anchorsWritten += outcome.written;
    result.anchorsDeleted += outcome.deleted;
    if (outcome.threads === 0 || !outcome.more) {
      result.exhausted = true;
      break;
    }
  }
  if (!result.exhausted && result.skipped === 0) {
    const [left] = await db.$queryRaw<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM "ResponseTimingQueue") AS any`;
    result.exhausted = left?.any === false;
  }
  result.durationMs = Math.round(clock() - started);
  return result;
}
