// Background-job cron (vercel.json: every minute). GET for Vercel Cron, POST for a manual
// run; both need `Authorization: Bearer ${CRON_SECRET}`. Drains due jobs until the budget
// runs out and answers the runner's counters (docs/background-jobs.md).
import { runBackgroundJobs } from "@/lib/background-jobs/run-background-jobs";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { cronRoute } from "../cron-route";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

// The runner starts nothing that could not finish inside its budget, so what follows the
// budget is only writing the last outcomes: 30 s of margin under maxDuration.
const BUDGET_CEILING_MS = 270_000;
const BATCH_SIZE = 100;

const handle = cronRoute("background-jobs", async () => {
  const config = env();
  return runBackgroundJobs({
    db,
    maxMs: Math.min(config.BACKGROUND_JOBS_MAX_MS, BUDGET_CEILING_MS),
    concurrency: config.BACKGROUND_JOBS_CONCURRENCY,
    batchSize: BATCH_SIZE,
  });
});

export const GET = handle;
export const POST = handle;
