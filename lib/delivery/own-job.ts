// A delivery job settling its own row while it runs, for the two outcomes the runner's
// succeed / fail do not have: "try again at this exact time" (a 429's Retry-After, the rate
// budget's next slot, waiting for an echo) and "cancelled, with the reason". Fenced like the
// runner's own writes (still RUNNING under this lease and attempt); the runner's fenced
// complete afterwards changes nothing (it counts the run as "lost", which is harmless).
import type { BackgroundJob, Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";

type Tx = Prisma.TransactionClient | Db;
type OwnJob = Pick<BackgroundJob, "id" | "lockedBy" | "attempts">;

/**
 * Back to PENDING at `runAt`. `refundAttempt`: nothing was tried (the budget was full, the
 * echo is still awaited), so the attempt does not count: maxAttempts grows by one. (attempts
 * itself never goes back: it fences each run, and a run of the same runner claiming the job
 * again must not look like this one to the runner's write-behind completion.)
 */
export async function rescheduleOwnJob(
  tx: Tx,
  job: OwnJob,
  args: { runAt: Date; note: string; now: Date; refundAttempt: boolean },
): Promise<boolean> {
  const refund = args.refundAttempt ? 1 : 0;
  const changed = await tx.$executeRaw`
    UPDATE "BackgroundJob"
       SET "status" = 'PENDING', "runAt" = ${args.runAt}, "maxAttempts" = "maxAttempts" + ${refund}::int,
           "resultNote" = ${args.note}, "lockedBy" = NULL, "lockedAt" = NULL, "lockedUntil" = NULL, "updatedAt" = ${args.now}
     WHERE "id" = ${job.id}::uuid AND "status" = 'RUNNING' AND "lockedBy" = ${job.lockedBy} AND "attempts" = ${job.attempts}`;
  return changed > 0;
}

/** CANCELED with the reason as its note (the jobs page and the drawer show it). */
export async function cancelOwnJob(tx: Tx, job: OwnJob, args: { reason: string; now: Date }): Promise<boolean> {
  const changed = await tx.$executeRaw`
    UPDATE "BackgroundJob"
       SET "status" = 'CANCELED', "finishedAt" = ${args.now}, "resultNote" = ${args.reason},
           "lockedBy" = NULL, "lockedAt" = NULL, "lockedUntil" = NULL, "updatedAt" = ${args.now}
     WHERE "id" = ${job.id}::uuid AND "status" = 'RUNNING' AND "lockedBy" = ${job.lockedBy} AND "attempts" = ${job.attempts}`;
  return changed > 0;
}
