"use server";

// Background-job server actions (settings → jobs, admins only): thin wrappers that take
// the user from the session and call lib/background-jobs/job-admin.ts (which validates
// the input and enforces workspace and role).
import { revalidatePath } from "next/cache";
import { runUserAction, type ActionResult } from "@/lib/auth/action-result";
import { cancelJobForUser, retryJobForUser, type ChangedJob } from "@/lib/background-jobs/job-admin";
import { db } from "@/lib/db";

export type JobRef = { clientId: string; jobId: string };

const jobsPath = (clientId: string) => `/w/${clientId}/settings/jobs`;

export async function retryBackgroundJob(input: JobRef): Promise<ActionResult<ChangedJob>> {
  return runUserAction("jobs.retry", async (userId) => {
    const changed = await retryJobForUser({ db, userId, input, now: new Date() });
    revalidatePath(jobsPath(changed.clientId));
    return changed;
  });
}

export async function cancelBackgroundJob(input: JobRef): Promise<ActionResult<ChangedJob>> {
  return runUserAction("jobs.cancel", async (userId) => {
    const changed = await cancelJobForUser({ db, userId, input, now: new Date() });
    revalidatePath(jobsPath(changed.clientId));
    return changed;
  });
}
