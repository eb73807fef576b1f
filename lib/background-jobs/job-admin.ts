// The ops page's entry points behind actions/job-actions.ts: the user comes from the
// session (never from input), must be an ADMIN of the input's workspace, and the job must
// belong to that workspace. A stranger, a manager, a setter, a malformed id and another
// workspace's job all get the same "not found" and change nothing.
import { z } from "zod";
import { canManageSettings, findClientScope } from "@/lib/auth/client-scope";
import type { BackgroundJobStatus } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";
import { cancelJobs } from "./cancel";
import { JOB_STATUS_LABEL } from "./job-labels";
import { retryJobs } from "./retry";

export const JOB_NOT_FOUND = "Job not found.";

const jobRef = z.object({
  clientId: z.string().regex(UUID_PATTERN),
  jobId: z.string().regex(UUID_PATTERN),
});

type Context = { db: Db; userId: string; input: unknown; now: Date };
export type ChangedJob = { clientId: string; jobId: string; status: BackgroundJobStatus };

async function requireJob({ db, userId, input }: Context) {
  const ref = jobRef.safeParse(input);
  if (!ref.success) throw new SafeError(JOB_NOT_FOUND);
  const scope = await findClientScope(db, userId, ref.data.clientId);
  if (!scope || !canManageSettings(scope.role)) throw new SafeError(JOB_NOT_FOUND);
  const job = await db.backgroundJob.findFirst({
    where: { id: ref.data.jobId.toLowerCase(), clientId: scope.clientId },
    select: { id: true, status: true },
  });
  if (!job) throw new SafeError(JOB_NOT_FOUND);
  return { clientId: scope.clientId, job };
}

/** FAILED or CANCELED → PENDING, due now, attempts reset (lib/background-jobs/retry.ts). */
export async function retryJobForUser(ctx: Context): Promise<ChangedJob> {
  const { clientId, job } = await requireJob(ctx);
  const [done] = await retryJobs({ db: ctx.db, clientId, ids: [job.id], now: ctx.now });
  if (!done)
    throw new SafeError(`Only failed or canceled jobs can be retried; this one is ${JOB_STATUS_LABEL[job.status]}.`);
  return { clientId, jobId: job.id, status: "PENDING" };
}

/** PENDING or FAILED → CANCELED (lib/background-jobs/cancel.ts). */
export async function cancelJobForUser(ctx: Context): Promise<ChangedJob> {
  const { clientId, job } = await requireJob(ctx);
  const [done] = await cancelJobs({ db: ctx.db, clientId, ids: [job.id], now: ctx.now });
  if (!done)
    throw new SafeError(`Only pending or failed jobs can be canceled; this one is ${JOB_STATUS_LABEL[job.status]}.`);
  return { clientId, jobId: job.id, status: "CANCELED" };
}
