// Runs one handler with a hard time limit. At the timeout the handler's AbortSignal fires
// (well-behaved handlers pass it to fetch and the AI SDK and stop) and the race settles
// at once either way, so a hung handler cannot hold its slot or the cron run. The
// abandoned promise may still settle later; its result is ignored, and the lease fencing
// keeps it from changing the job row. Handlers must therefore do their writes in a way a
// second run tolerates (dedupe keys, upserts), which they need for retries anyway.
import type { JobContext, JobHandler, JobResult } from "./job-handler";

export class JobTimeoutError extends Error {
  override name = "JobTimeoutError";
}

export async function runWithTimeout(
  handler: JobHandler,
  ctx: Omit<JobContext, "signal">,
  timeoutMs: number,
): Promise<JobResult> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new JobTimeoutError(`timed out after ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  // Promise.resolve().then: a handler that throws synchronously is a failed run, not a crash.
  const run = Promise.resolve().then(() => handler({ ...ctx, signal: controller.signal }));
  run.catch(() => undefined); // the loser of the race must not become an unhandled rejection
  try {
    return await Promise.race([run, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
