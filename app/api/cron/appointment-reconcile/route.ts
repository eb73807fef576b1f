// Bookings reconciliation cron (vercel.json: every minute; docs/bookings.md). GET for Vercel
// Cron, POST for a manual run; both need `Authorization: Bearer ${CRON_SECRET}`. Query
// overrides (workspaceLimit, leadsPerWorkspace, staleDays, clientId, dryRun) are validated
// only for an authorized caller: a bad one is a 400.
import { NextResponse } from "next/server";
import { bookingCredentialsFrom } from "@/lib/appointments/credentials-from-env";
import { parseReconcileQuery } from "@/lib/appointments/reconcile-query";
import { runAppointmentReconcile } from "@/lib/appointments/run-reconcile";
import { authorizeCron, cronSecretFrom } from "@/lib/cron/authorize";
import { loadEncryptionKey } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { cronRoute } from "../cron-route";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

function options(request: Request) {
  const config = env();
  return parseReconcileQuery(new URL(request.url).searchParams, {
    workspaceLimit: config.RECONCILE_WORKSPACE_LIMIT,
    leadsPerWorkspace: config.RECONCILE_LEADS_PER_WORKSPACE,
    staleDays: config.RECONCILE_STALE_DAYS,
  });
}

const handle = async (request: Request) => {
  const authorized = authorizeCron(request, cronSecretFrom(process.env));
  const parsed = authorized ? options(request) : null;
  if (parsed && !parsed.ok) {
    return NextResponse.json(
      { success: false, error: parsed.error },
      { status: 400, headers: { "Cache-Control": "no-store" } },
    );
  }
  return cronRoute("appointment-reconcile", async () => {
    const config = env();
    const key = loadEncryptionKey({
      LEADCLOCK_ENCRYPTION_KEY: config.LEADCLOCK_ENCRYPTION_KEY,
      NODE_ENV: config.NODE_ENV,
    });
    // cronRoute refuses an unauthorized caller before this runs, so the query was parsed.
    if (!parsed?.ok) throw new Error("appointment-reconcile ran without a parsed query");
    return runAppointmentReconcile({
      db,
      now: new Date(),
      options: parsed.options,
      credentials: bookingCredentialsFrom(config, key),
    });
  })(request);
};

export const GET = handle;
export const POST = handle;
