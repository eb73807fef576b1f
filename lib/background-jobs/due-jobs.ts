// Is any job due (what claim.ts would take, whatever its type)? The runner asks once when
// it stops for its deadline, to report `exhausted` truthfully.
import type { Db } from "@/lib/prisma-client";

export async function anyDueJobs({ db, now }: { db: Db; now: Date }): Promise<boolean> {
  const [row] = await db.$queryRaw<{ due: boolean }[]>`SELECT
      EXISTS (SELECT 1 FROM "BackgroundJob" WHERE "status" = 'PENDING' AND "runAt" <= ${now})
   OR EXISTS (SELECT 1 FROM "BackgroundJob"
               WHERE "status" = 'RUNNING' AND "lockedUntil" < ${now} AND "attempts" < "maxAttempts") AS due`;
  return row?.due ?? false;
}
