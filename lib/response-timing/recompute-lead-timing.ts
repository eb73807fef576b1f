// Re-derives one lead's threads now (the CRM drawer's "Recompute timing now"), with the
// same statement the processor uses, so the rows equal what the next cron run would
// write. It takes the processor's advisory lock, waiting only briefly: a thread is never
// derived by two transactions at once, and a user never waits behind a long backfill
// batch. The lead's queued changes are consumed, since they are derived here.
import { SafeError } from "@/lib/safe-error";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import { deriveThreadsSql, type DeriveCounts } from "./derive-sql";
import { TimingLockWaitExpired, waitForTimingLock } from "./timing-lock";

export const TIMING_BUSY = "Timing is being recomputed by the scheduled job, try again in a minute.";
const DEFAULT_LOCK_WAIT_MS = 3000;
const STATEMENT_TIMEOUT = "30s";

/** The lock was held longer than the caller wanted to wait. */
export class ResponseTimingBusyError extends SafeError {
  constructor() {
    super(TIMING_BUSY);
  }
}

/** Every thread of the lead: with messages, with rows left to delete, or queued. */
export function leadThreadsCtes(leadId: string): Prisma.Sql {
  return Prisma.sql`
    dequeued AS (
      DELETE FROM "ResponseTimingQueue" WHERE "leadId" = ${leadId}::uuid RETURNING "leadId", "channel"
    ),
    threads AS (
      SELECT "leadId", "channel" FROM "Message" WHERE "leadId" = ${leadId}::uuid
      UNION
      SELECT "leadId", "channel" FROM "ResponseTimingEvent" WHERE "leadId" = ${leadId}::uuid
      UNION
      SELECT "leadId", "channel" FROM dequeued
    )`;
}

/**
 * The caller authorizes the lead (its workspace scope) first; this function trusts the id.
 * Throws ResponseTimingBusyError when the lock is not free within `lockWaitMs`.
 */
export async function recomputeLeadTiming({
  db,
  leadId,
  lockWaitMs = DEFAULT_LOCK_WAIT_MS,
}: {
  db: Db;
  leadId: string;
  lockWaitMs?: number;
}): Promise<DeriveCounts> {
  if (!Number.isInteger(lockWaitMs) || lockWaitMs < 1)
    throw new RangeError(`lockWaitMs must be a positive integer, got ${lockWaitMs}`);
  try {
    return await db.$transaction(
      async (tx) => {
        // The wait bounds only the advisory lock; the derive statement gets its own limit.
        await waitForTimingLock(tx, { waitMs: lockWaitMs, statementTimeout: STATEMENT_TIMEOUT });
        const [counts] = await tx.$queryRaw<DeriveCounts[]>(deriveThreadsSql(leadThreadsCtes(leadId), { write: true }));
        return counts ?? { threads: 0, anchors: 0, written: 0, deleted: 0 };
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
  } catch (error) {
    if (error instanceof TimingLockWaitExpired) throw new ResponseTimingBusyError();
    throw error;
  }
}
