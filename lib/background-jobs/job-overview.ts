// What the ops page (settings → jobs) shows for one workspace: job counts by type and
// state, and the jobs that need a look: FAILED ones, RUNNING ones whose lease expired
// (their runner died; the next cron run rescues them) and PENDING ones long overdue
// (the cron is not running, or cannot keep up).
import type { BackgroundJobStatus, BackgroundJobType } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";

/** SUCCEEDED and CANCELED jobs are counted over this window; the other states in full. */
export const FINISHED_WINDOW_MS = 24 * 3_600_000;
/** A PENDING job this far past its runAt is overdue (the cron runs every minute). */
export const OVERDUE_AFTER_MS = 10 * 60_000;
export const PROBLEM_LIMIT = 100;

export type JobCount = { type: BackgroundJobType; status: BackgroundJobStatus; count: number };

export type JobProblemKind = "failed" | "lease-expired" | "overdue";

export type JobProblem = {
  id: string;
  type: BackgroundJobType;
  status: BackgroundJobStatus;
  problem: JobProblemKind;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lockedUntil: Date | null;
  finishedAt: Date | null;
  lastError: string | null;
  leadId: string | null;
  leadName: string | null;
};

export type JobOverview = { counts: JobCount[]; problems: JobProblem[]; problemsTruncated: boolean };

export async function getJobOverview({
  db,
  clientId,
  now,
}: {
  db: Db;
  clientId: string;
  now: Date;
}): Promise<JobOverview> {
  const since = new Date(now.getTime() - FINISHED_WINDOW_MS);
  const overdueBefore = new Date(now.getTime() - OVERDUE_AFTER_MS);
  const [counts, problems] = await Promise.all([
    db.$queryRaw<JobCount[]>`
      SELECT "type"::text AS "type", "status"::text AS "status", count(*)::int AS "count"
        FROM "BackgroundJob"
       WHERE "clientId" = ${clientId}::uuid
         AND ("status" IN ('PENDING', 'RUNNING', 'FAILED') OR "finishedAt" >= ${since})
       GROUP BY 1, 2
       ORDER BY 1, 2`,
    db.$queryRaw<JobProblem[]>`
      SELECT j."id", j."type"::text AS "type", j."status"::text AS "status",
             CASE WHEN j."status" = 'FAILED' THEN 'failed'
                  WHEN j."status" = 'RUNNING' THEN 'lease-expired' ELSE 'overdue' END AS "problem",
             j."attempts", j."maxAttempts", j."runAt", j."lockedUntil", j."finishedAt", j."lastError",
             j."leadId", l."name" AS "leadName"
        FROM "BackgroundJob" j
        LEFT JOIN "Lead" l ON l."id" = j."leadId" AND l."clientId" = j."clientId"
       WHERE j."clientId" = ${clientId}::uuid
         AND (j."status" = 'FAILED'
              OR (j."status" = 'RUNNING' AND j."lockedUntil" < ${now})
              OR (j."status" = 'PENDING' AND j."runAt" < ${overdueBefore}))
       ORDER BY coalesce(j."finishedAt", j."lockedUntil", j."runAt") DESC, j."id"
       LIMIT ${PROBLEM_LIMIT + 1}`,
  ]);
  return {
    counts,
    problems: problems.slice(0, PROBLEM_LIMIT),
    problemsTruncated: problems.length > PROBLEM_LIMIT,
  };
}
