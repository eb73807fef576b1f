// Response-timing cron (vercel.json: every 5 minutes). GET for Vercel Cron, POST for a
// manual run; both need `Authorization: Bearer ${CRON_SECRET}`.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { processResponseTiming } from "@/lib/response-timing/processor";
import { cronRoute } from "../cron-route";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

// The processor checks its budget between batches and one batch may run for up to ~30 s,
// so the budget stays a minute under maxDuration whatever RESPONSE_TIMING_MAX_MS says.
const BUDGET_CEILING_MS = 240_000;

const handle = cronRoute("response-timing", async () => {
  const config = env();
  return processResponseTiming({
    db,
    now: new Date(),
    batchSize: config.RESPONSE_TIMING_BATCH_SIZE,
    maxMs: Math.min(config.RESPONSE_TIMING_MAX_MS, BUDGET_CEILING_MS),
    lookbackDays: config.RESPONSE_TIMING_LOOKBACK_DAYS,
  });
});

export const GET = handle;
export const POST = handle;
