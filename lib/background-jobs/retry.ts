// "Retry" on the ops page: a FAILED or CANCELED job becomes PENDING, due now, with its
// attempts reset to 0, so it gets the type's full attempt budget again and behaves like
// a new job. lastError is kept until its next run succeeds or fails, so the page still
// says why it had failed. Scoped to one workspace: ids of other workspaces are ignored.
import type { Db } from "@/lib/prisma-client";

/** Returns the ids that were re-queued (jobs in other states are left alone). */
export async function retryJobs({
  db,
  clientId,
  ids,
  now,
}: {
  db: Db;
  clientId: string;
  ids: readonly string[];
  now: Date;
}): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "BackgroundJob"
       SET "status" = 'PENDING',
           "runAt" = ${now},
           "attempts" = 0,
           "finishedAt" = NULL,
           "resultNote" = NULL,
           "lockedBy" = NULL,
           "lockedAt" = NULL,
           "lockedUntil" = NULL,
           "updatedAt" = ${now}
     WHERE "id" = ANY(${[...ids]}::uuid[]) AND "clientId" = ${clientId}::uuid AND "status" IN ('FAILED', 'CANCELED')
    RETURNING "id"`;
  return rows.map((row) => row.id);
}
