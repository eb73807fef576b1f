// Adds jobs to the queue, at most once per dedupeKey: a webhook retry, a replay or a
// second post-process run that enqueues the same job again is a no-op. Takes a client
// or a transaction, so the webhook path enqueues in the same transaction as its Message.
import type { BackgroundJobType, Prisma } from "@/lib/generated/prisma/client";

export type NewJob = {
  clientId: string;
  type: BackgroundJobType;
  runAt: Date;
  /** Unique across the queue; jobs with a key already present are skipped. */
  dedupeKey: string;
  leadId?: string | null;
  messageId?: string | null;
  draftId?: string | null;
  maxAttempts?: number;
  payload?: Prisma.InputJsonValue;
};

type JobWriter = {
  backgroundJob: { createMany(args: Prisma.BackgroundJobCreateManyArgs): Promise<{ count: number }> };
};

/** Enqueues the jobs whose dedupeKey is new; returns how many were added. */
export async function enqueueJobs(db: JobWriter, jobs: readonly NewJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const { count } = await db.backgroundJob.createMany({
    data: jobs.map((job) => ({
      clientId: job.clientId,
      type: job.type,
      runAt: job.runAt,
      dedupeKey: job.dedupeKey,
      leadId: job.leadId ?? null,
      messageId: job.messageId ?? null,
      draftId: job.draftId ?? null,
      ...(job.maxAttempts !== undefined ? { maxAttempts: job.maxAttempts } : {}),
      ...(job.payload !== undefined ? { payload: job.payload } : {}),
    })),
    skipDuplicates: true,
  });
  return count;
}
