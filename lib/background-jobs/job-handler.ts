// The contract between the queue runner and the code that does a job's work. A handler
// gets the claimed job and an AbortSignal that fires at the type's timeout; it returns
// a short note for the ops page, or throws (the runner retries with backoff, then FAILED).
// Throw PermanentJobError for a failure a retry cannot fix (the job goes FAILED at once).
import type { BackgroundJob, BackgroundJobType } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";

export type JobContext = {
  db: Db;
  job: BackgroundJob;
  now: () => Date;
  signal: AbortSignal;
};

export type JobResult = { note?: string } | void;

export type JobHandler = (ctx: JobContext) => Promise<JobResult>;

export type JobHandlers = Record<BackgroundJobType, JobHandler>;

export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/** AIInteraction.source for a job type: "background-job/sms-inbound-post-process". */
export function jobSource(type: BackgroundJobType): string {
  return `background-job/${type.toLowerCase().replace(/_/g, "-")}`;
}
