// The response-timing advisory lock: every writer of ResponseTimingEvent (cron batch,
// per-lead recompute, backfill batch) holds it for its transaction, so no thread is ever
// derived by two transactions at once. It is transaction-level, so it works behind a
// transaction-mode pooler and is released by COMMIT/ROLLBACK whatever happens.
//
// Waiting is bounded with lock_timeout rather than polled with pg_try_advisory_xact_lock:
// PostgreSQL queues lock waiters in order, so a waiting cron batch is served after the
// holders queued before it, and a stream of short recomputes cannot starve it.
import { Prisma } from "@/lib/generated/prisma/client";

export const RESPONSE_TIMING_LOCK = Prisma.sql`hashtextextended('leadclock:response-timing', 0)`;

/** The bounded wait ran out: the transaction is aborted and must be rolled back. */
export class TimingLockWaitExpired extends Error {
  override name = "TimingLockWaitExpired";
  constructor(readonly waitedMs: number) {
    super(`The response-timing lock was not free within the wait (${Math.round(waitedMs)} ms)`);
  }
}

/** SQLSTATE 55P03 (lock_not_available), wherever Prisma and the driver adapter nest it. */
export function isLockTimeout(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 32) {
    const node = queue.shift();
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    const record = node as Record<string, unknown>;
    if ([record.code, record.originalCode].includes("55P03")) return true;
    if (typeof record.message === "string" && /lock timeout/i.test(record.message)) return true;
    const meta = record.meta as Record<string, unknown> | undefined;
    queue.push(record.cause, meta?.driverAdapterError, meta?.cause);
  }
  return false;
}

/**
 * Sets the transaction's statement timeout and waits up to `waitMs` for the lock, in one
 * round trip. Returns the time waited (by `clock`); throws TimingLockWaitExpired when the
 * wait ran out. Once the lock is held, lock_timeout is back to the session's value, so the
 * wait bound never applies to the row locks of the work that follows.
 */
export async function waitForTimingLock(
  tx: Prisma.TransactionClient,
  {
    waitMs,
    statementTimeout,
    clock = () => performance.now(),
  }: { waitMs: number; statementTimeout: string; clock?: () => number },
): Promise<number> {
  if (!Number.isInteger(waitMs) || waitMs < 1) throw new RangeError(`waitMs must be a positive integer, got ${waitMs}`);
  const started = clock();
  try {
    // CASE evaluates its branches in order (set the timeouts, wait, restore). OFFSET 0
    // keeps the subquery from being inlined, so `prior` is read before anything is set.
    await tx.$queryRaw`SELECT CASE
        WHEN set_config('statement_timeout', ${statementTimeout}, true) IS NULL THEN false
        WHEN set_config('lock_timeout', ${`${waitMs}ms`}, true) IS NULL THEN false
        WHEN pg_advisory_xact_lock(${RESPONSE_TIMING_LOCK})::text IS NULL THEN false
        ELSE set_config('lock_timeout', session.prior, true) IS NOT NULL
      END AS locked
      FROM (SELECT current_setting('lock_timeout') AS prior OFFSET 0) AS session`;
  } catch (error) {
    if (isLockTimeout(error)) throw new TimingLockWaitExpired(clock() - started);
    throw error;
  }
  return clock() - started;
}
