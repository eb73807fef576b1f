// Hands claimed jobs back without running them: the runner claimed them but could not
// start them in time (its deadline came, or a job waited so long for a free slot that
// its lease no longer covers a full timeout). The attempt is given back and the job is
// due again at once; fenced like complete.ts, so a job that is no longer ours is untouched.
import type { Db } from "@/lib/prisma-client";

export type ClaimedRun = { id: string; attempts: number };

/** Returns how many jobs were handed back. */
export async function releaseJobs({
  db,
  runnerId,
  now,
  runs,
}: {
  db: Db;
  runnerId: string;
  now: Date;
  runs: readonly ClaimedRun[];
}): Promise<number> {
  if (runs.length === 0) return 0;
  return db.$executeRaw`
    UPDATE "BackgroundJob" j
       SET "status" = 'PENDING',
           "attempts" = j."attempts" - 1,
           "lockedBy" = NULL,
           "lockedAt" = NULL,
           "lockedUntil" = NULL,
           "updatedAt" = ${now}
      FROM unnest(${runs.map((r) => r.id)}::uuid[], ${runs.map((r) => r.attempts)}::int[]) AS d("id", "attempts")
     WHERE j."id" = d."id" AND j."status" = 'RUNNING' AND j."lockedBy" = ${runnerId} AND j."attempts" = d."attempts"`;
}
