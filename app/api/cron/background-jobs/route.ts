// Background-job cron (vercel.json: every minute). GET for Vercel Cron, POST for a manual
// run; both need `Authorization: Bearer ${CRON_SECRET}`. Drains due jobs until the budget
// runs out and answers the runner's counters (docs/background-jobs.md).
import { NextResponse } from "next/server";
import { runBackgroundJobs } from "@/lib/background-jobs/run-background-jobs";
import { authorizeCron, cronSecretFrom } from "@/lib/cron/authorize";
import { db } from "@/lib/db";
import { isDatabaseUnreachable } from "@/lib/db-errors";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

// The runner starts nothing that could not finish inside its budget, so what follows the
// budget is only writing the last outcomes: 30 s of margin under maxDuration.
const BUDGET_CEILING_MS = 270_000;
const BATCH_SIZE = 100;
const LOG = "[cron/background-jobs]";
const headers = { "Cache-Control": "no-store" };

async function handle(request: Request): Promise<NextResponse> {
  // Authorization comes first: nothing else is parsed or touched for an unauthenticated caller.
  const secret = cronSecretFrom(process.env, (problem) => console.error(`${LOG} ${problem}`));
  if (!authorizeCron(request, secret)) {
    return NextResponse.json(
      { success: false, error: "Unauthorized" },
      { status: 401, headers: { ...headers, "WWW-Authenticate": "Bearer" } },
    );
  }
  try {
    const config = env();
    const result = await runBackgroundJobs({
      db,
      maxMs: Math.min(config.BACKGROUND_JOBS_MAX_MS, BUDGET_CEILING_MS),
      concurrency: config.BACKGROUND_JOBS_CONCURRENCY,
      batchSize: BATCH_SIZE,
    });
    return NextResponse.json(result, { headers });
  } catch (error) {
    // Details (hosts, SQL, stacks) stay in the server log; the body says only what kind of failure.
    if (isDatabaseUnreachable(error)) {
      console.error(`${LOG} database unreachable:`, error);
      return NextResponse.json({ success: false, error: "Database unavailable" }, { status: 503, headers });
    }
    console.error(`${LOG} run failed:`, error);
    return NextResponse.json({ success: false, error: "Internal error" }, { status: 500, headers });
  }
}

export const GET = handle;
export const POST = handle;
