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
const SEEDED_KEY = "queue-seeded";
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
  const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${RESPONSE_TIMING_LOCK}) AS locked`;
  return row?.locked === true;
}

/**
 * First run on a database: queue every thread active in the lookback window, so history
 * written before the capture triggers existed is derived too. Returns false when another
 * run holds the lock.
 */
async function seedQueueOnce(tx: Tx, now: Date, lookbackDays: number): Promise<void> {
  const [done] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "ResponseTimingState" WHERE "key" = ${SEEDED_KEY}`;
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
    threads AS (SELECT DISTINCT "leadId", "channel" FROM claimed)`;
}

export async function processResponseTiming(options: ProcessOptions): Promise<ProcessResult> {
  const { db, batchSize, maxMs, lookbackDays } = options;
  const now = options.now ?? new Date();
  const clock = options.clock ?? (() => performance.now());
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isFinite(maxMs) || maxMs < 0) throw new RangeError(`maxMs must be a non-negative number, got ${maxMs}`);
  if (!Number.isInteger(lookbackDays) || lookbackDays < 1) throw new RangeError(`lookbackDays must be a positive integer, got ${lookbackDays}`);

  const started = clock();
  const result: ProcessResult = { processed: 0, skipped: 0, durationMs: 0, exhausted: false, anchorsWritten: 0, anchorsDeleted: 0, batches: 0 };
  let first = true;
  for (;;) {
    // The first batch always runs, so even a tiny budget makes progress.
    if (!first && clock() - started >= maxMs) break;
    const outcome = await db.$transaction(
      async (tx): Promise<DeriveCounts | "locked"> => {
        if (!(await tryLock(tx))) return "locked";
        await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = '${BATCH_STATEMENT_TIMEOUT}'`);
        if (first) await seedQueueOnce(tx, now, lookbackDays);
        const [counts] = await tx.$queryRaw<DeriveCounts[]>(deriveThreadsSql(claimQueuedThreadsCtes(batchSize), { write: true }));
        return counts ?? { threads: 0, anchors: 0, written: 0, deleted: 0 };
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
    first = false;
    if (outcome === "locked") {
      result.skipped += 1;
      break;
    }
    result.batches += 1;
    result.processed += outcome.threads;
    result.anchorsWritten += outcome.written;
    result.anchorsDeleted += outcome.deleted;
    if (outcome.threads === 0) {
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
