// "Cancel" on the ops page: a PENDING or FAILED job becomes CANCELED and never runs (again).
// A RUNNING job cannot be cancelled: its handler is already doing its work, and the lease
// decides how that run ends. Scoped to one workspace: ids of other workspaces are ignored.
import type { Db } from "@/lib/prisma-client";

export const CANCELED_NOTE = "canceled by an admin";

/** Returns the ids that were cancelled. */
export async function cancelJobs({
  db,
  clientId,
  ids,
  now,
  note = CANCELED_NOTE,
}: {
  db: Db;
  clientId: string;
  ids: readonly string[];
  now: Date;
  note?: string;
}): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "BackgroundJob"
       SET "status" = 'CANCELED',
           "finishedAt" = ${now},
           "resultNote" = ${note},
           "lockedBy" = NULL,
           "lockedAt" = NULL,
           "lockedUntil" = NULL,
           "updatedAt" = ${now}
     WHERE "id" = ANY(${[...ids]}::uuid[]) AND "clientId" = ${clientId}::uuid AND "status" IN ('PENDING', 'FAILED')
    RETURNING "id"`;
  return rows.map((row) => row.id);
}
