// Cleans up after runners that died mid-job (a killed function, a crashed process): their
// jobs stay RUNNING until the lease passes. A job whose expired run was its last attempt
// is FAILED with "lease expired" (claim.ts never takes it again); the others go back to
// PENDING, due at once, so the ops page shows them as waiting rather than stuck. Runs at
// the start of every cron run; SKIP LOCKED keeps it off rows a claimer holds right now.
import type { Db } from "@/lib/prisma-client";

export type RescueResult = { failed: number; requeued: number };

export async function rescueExpiredJobs({
  db,
  now,
  limit = 1000,
}: {
  db: Db;
  now: Date;
  limit?: number;
}): Promise<RescueResult> {
  const rows = await db.$queryRaw<{ failed: number; requeued: number }[]>`
    WITH expired AS (
      SELECT "id" FROM "BackgroundJob"
       WHERE "status" = 'RUNNING' AND "lockedUntil" < ${now}
       ORDER BY "lockedUntil", "id"
       LIMIT ${limit}
       FOR UPDATE SKIP LOCKED
    ),
    changed AS (
      UPDATE "BackgroundJob" j
         SET "status" = CASE WHEN j."attempts" >= j."maxAttempts" THEN 'FAILED' ELSE 'PENDING' END::"BackgroundJobStatus",
             "finishedAt" = CASE WHEN j."attempts" >= j."maxAttempts" THEN ${now}::timestamptz END,
             "runAt" = CASE WHEN j."attempts" >= j."maxAttempts" THEN j."runAt" ELSE ${now}::timestamptz END,
             "lastError" = 'lease expired: runner ' || coalesce(j."lockedBy", '?') || ' stopped before finishing attempt '
                           || j."attempts" || ' of ' || j."maxAttempts",
             "lockedBy" = NULL,
             "lockedAt" = NULL,
             "lockedUntil" = NULL,
             "updatedAt" = ${now}
        FROM expired e
       WHERE j."id" = e."id"
      RETURNING j."status"
    )
    SELECT count(*) FILTER (WHERE "status" = 'FAILED')::int AS "failed",
           count(*) FILTER (WHERE "status" = 'PENDING')::int AS "requeued"
      FROM changed`;
  return rows[0] ?? { failed: 0, requeued: 0 };
}
