// Marks finished runs SUCCEEDED, many in one statement (the runner flushes its successes
// in batches). Fenced: a row changes only while it is still RUNNING under this runner's
// lease and attempt number. A late finisher whose lease expired, and whose job another
// runner has since claimed (or rescue has failed), changes nothing.
import type { Db } from "@/lib/prisma-client";
import { MAX_ERROR_LENGTH, storableText } from "./fail";

export type FinishedRun = { id: string; attempts: number; note?: string | null };

/** Returns the ids that were completed (a run missing from it had lost its lease). */
export async function completeJobs({
  db,
  runnerId,
  now,
  runs,
}: {
  db: Db;
  runnerId: string;
  now: Date;
  runs: readonly FinishedRun[];
}): Promise<string[]> {
  if (runs.length === 0) return [];
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "BackgroundJob" j
       SET "status" = 'SUCCEEDED',
           "finishedAt" = ${now},
           "resultNote" = d."note",
           "lockedBy" = NULL,
           "lockedAt" = NULL,
           "lockedUntil" = NULL,
           "updatedAt" = ${now}
      FROM unnest(${runs.map((r) => r.id)}::uuid[], ${runs.map((r) => r.attempts)}::int[],
                  ${runs.map((r) => (r.note == null ? null : storableText(r.note, MAX_ERROR_LENGTH)))}::text[]) AS d("id", "attempts", "note")
     WHERE j."id" = d."id" AND j."status" = 'RUNNING' AND j."lockedBy" = ${runnerId} AND j."attempts" = d."attempts"
    RETURNING j."id"`;
  return rows.map((row) => row.id);
}
