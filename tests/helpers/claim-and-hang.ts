// A queue runner that claims one job and hangs inside its handler, so a test can kill the
// process mid-job (SIGKILL: no cleanup, no finally, the lease is simply left behind).
// Usage: DATABASE_URL=… RUNNER_ID=… tsx tests/helpers/claim-and-hang.ts
// Prints "started <jobId> <lockedUntil ISO>" once the job is running.
import { drainJobs } from "@/lib/background-jobs/drain-jobs";
import type { JobHandler, JobHandlers } from "@/lib/background-jobs/job-handler";
import { noopHandlers } from "@/lib/background-jobs/noop";
import { createPrismaClient } from "@/lib/prisma-client";

const url = process.env.DATABASE_URL;
const runnerId = process.env.RUNNER_ID;
if (!url || !runnerId) {
  console.error("DATABASE_URL and RUNNER_ID are required");
  process.exit(2);
}

const hang: JobHandler = async ({ job }) => {
  process.stdout.write(`started ${job.id} ${job.lockedUntil?.toISOString()}\n`);
  await new Promise(() => undefined);
};
const handlers = Object.fromEntries(Object.keys(noopHandlers).map((type) => [type, hang])) as JobHandlers;

const db = createPrismaClient(url, { max: 2 });
await drainJobs({ db, handlers, maxMs: 250_000, concurrency: 1, batchSize: 1, runnerId });
// Only reached if the parent did not kill us in time (the handler timed out).
console.error("the runner finished: the test should have killed it");
process.exit(1);
