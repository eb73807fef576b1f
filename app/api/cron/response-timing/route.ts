// Response-timing cron (vercel.json: every 5 minutes). GET for Vercel Cron, POST for a
// manual run; both need `Authorization: Bearer ${CRON_SECRET}`.
import { NextResponse } from "next/server";
import { authorizeCron, cronSecretFrom } from "@/lib/cron/authorize";
import { db } from "@/lib/db";
import { isDatabaseUnreachable } from "@/lib/db-errors";
import { env } from "@/lib/env";
import { processResponseTiming } from "@/lib/response-timing/processor";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

// The processor checks its budget between batches and one batch may run for up to ~30 s,
// so the budget stays a minute under maxDuration whatever RESPONSE_TIMING_MAX_MS says.
const BUDGET_CEILING_MS = 240_000;
const LOG = "[cron/response-timing]";
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
    const result = await processResponseTiming({
      db,
      now: new Date(),
      batchSize: config.RESPONSE_TIMING_BATCH_SIZE,
      maxMs: Math.min(config.RESPONSE_TIMING_MAX_MS, BUDGET_CEILING_MS),
      lookbackDays: config.RESPONSE_TIMING_LOOKBACK_DAYS,
    });
    return NextResponse.json({ success: true, ...result }, { headers });
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
