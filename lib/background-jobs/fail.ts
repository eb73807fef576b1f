// Records failed runs, many in one statement, with the same fencing as complete.ts. The
// row decides its own fate: a PermanentJobError, or a run that used the last attempt,
// ends FAILED (finishedAt set, visible on the ops page with its last error until retried
// or cancelled); anything else goes back to PENDING at now + the backoff delay.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";

export type FailedRun = {
  id: string;
  attempts: number;
  error: string;
  /** A failure a retry cannot fix (PermanentJobError): FAILED at once. */
  permanent: boolean;
  /** How long to wait before the next attempt, if there is one. */
  retryInMs: number;
};

export type FailOutcome = { retried: string[]; failed: string[] };

/** Error text is capped: a stack or a provider's HTML error page must not bloat the row. */
export const MAX_ERROR_LENGTH = 2000;

/**
 * PostgreSQL text cannot hold NUL: one error message with a NUL byte (a provider's binary
 * answer quoted in it) would fail the whole batch's UPDATE and stop the runner.
 */
export const storableText = (text: string, max: number) => text.replaceAll("\u0000", "").slice(0, max);

export async function failJobs({
  db,
  runnerId,
  now,
  runs,
}: {
  db: Db;
  runnerId: string;
  now: Date;
  runs: readonly FailedRun[];
}): Promise<FailOutcome> {
  if (runs.length === 0) return { retried: [], failed: [] };
  // The row's own attempts decide "final": under the lease nothing else changes them.
  const final = Prisma.sql`(d."permanent" OR j."attempts" >= j."maxAttempts")`;
  const rows = await db.$queryRaw<{ id: string; status: "PENDING" | "FAILED" }[]>`
    UPDATE "BackgroundJob" j
       SET "status" = CASE WHEN ${final} THEN 'FAILED' ELSE 'PENDING' END::"BackgroundJobStatus",
           "runAt" = CASE WHEN ${final} THEN j."runAt"
                          ELSE ${now}::timestamptz + d."retryInMs" * interval '1 millisecond' END,
           "finishedAt" = CASE WHEN ${final} THEN ${now}::timestamptz END,
           "lastError" = d."error",
           "lockedBy" = NULL,
           "lockedAt" = NULL,
           "lockedUntil" = NULL,
           "updatedAt" = ${now}
      FROM unnest(${runs.map((r) => r.id)}::uuid[], ${runs.map((r) => r.attempts)}::int[],
                  ${runs.map((r) => storableText(r.error, MAX_ERROR_LENGTH))}::text[], ${runs.map((r) => r.permanent)}::boolean[],
                  ${runs.map((r) => Math.max(0, Math.round(r.retryInMs)))}::int[])
           AS d("id", "attempts", "error", "permanent", "retryInMs")
     WHERE j."id" = d."id" AND j."status" = 'RUNNING' AND j."lockedBy" = ${runnerId} AND j."attempts" = d."attempts"
    RETURNING j."id", j."status"::text AS "status"`;
  return {
    retried: rows.filter((row) => row.status === "PENDING").map((row) => row.id),
    failed: rows.filter((row) => row.status === "FAILED").map((row) => row.id),
  };
}
