// On a local machine nothing calls the cron routes, so the launcher plays Vercel Cron:
// it calls /api/cron/response-timing right away (until the queue is drained) and then
// every 5 minutes, and /api/cron/background-jobs right away and then every minute,
// exactly as vercel.json schedules them in production.
type CronReply = { success: boolean; processed?: number; exhausted?: boolean; error?: string };
type JobsReply = { success: boolean; succeeded?: number; retried?: number; failed?: number; error?: string };

export function startLocalCron(options: {
  baseUrl: string;
  secret: string;
  intervalMs?: number;
  jobsIntervalMs?: number;
  log?: (line: string) => void;
}): () => void {
  const log = options.log ?? ((line: string) => console.log(line));
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      let processed = 0;
      for (let call = 0; call < 100; call++) {
        const response = await fetch(`${options.baseUrl}/api/cron/response-timing`, {
          method: "POST",
          headers: { authorization: `Bearer ${options.secret}` },
        });
        const body = (await response.json()) as CronReply;
        if (!body.success) {
          log(`  local cron: response timing failed (${response.status} ${body.error ?? ""})`);
          return;
        }
        processed += body.processed ?? 0;
        if (body.exhausted) break;
      }
      if (processed > 0) log(`  local cron: response timing updated (${processed} threads re-derived)`);
    } catch (error) {
      log(`  local cron: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  let jobsRunning = false;
  const tickJobs = async () => {
    if (jobsRunning) return;
    jobsRunning = true;
    try {
      const response = await fetch(`${options.baseUrl}/api/cron/background-jobs`, {
        method: "POST",
        headers: { authorization: `Bearer ${options.secret}` },
      });
      const body = (await response.json()) as JobsReply;
      if (!body.success) log(`  local cron: background jobs failed (${response.status} ${body.error ?? ""})`);
      else if ((body.succeeded ?? 0) + (body.retried ?? 0) + (body.failed ?? 0) > 0)
        log(
          `  local cron: background jobs ran (${body.succeeded} ok, ${body.retried} to retry, ${body.failed} failed)`,
        );
    } catch (error) {
      log(`  local cron: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      jobsRunning = false;
    }
  };
  void tick();
  void tickJobs();
  const timer = setInterval(() => void tick(), options.intervalMs ?? 5 * 60_000);
  const jobsTimer = setInterval(() => void tickJobs(), options.jobsIntervalMs ?? 60_000);
  return () => {
    clearInterval(timer);
    clearInterval(jobsTimer);
  };
}
