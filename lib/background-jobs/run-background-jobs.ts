// The cron route's entry point: drainJobs with the registry's handlers. (drain-jobs.ts
// itself never imports the registry, so scripts and test processes can run the queue
// with handlers of their own without loading every handler's dependencies.)
import { drainJobs, type DrainOptions, type DrainResult } from "./drain-jobs";
import { jobHandlers } from "./registry";

export type RunBackgroundJobsOptions = Omit<DrainOptions, "handlers"> & { handlers?: DrainOptions["handlers"] };

export function runBackgroundJobs({
  handlers = jobHandlers,
  ...options
}: RunBackgroundJobsOptions): Promise<DrainResult> {
  return drainJobs({ handlers, ...options });
}
