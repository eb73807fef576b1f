// One workspace's share of a reconcile run (the cron and the CLI both use it): its pending
// webhook events first, then the given leads, each asked of the provider that can answer for
// it, a few at a time. Provider throttles are honoured (the rate-limit headers, a 429's wait)
// up to maxWaitMs; a failure that will fail every lead of a connection (credentials, scope,
// throttle, outage) stops that connection for this run, is counted once and marked on the
// connection (lastReconcileError, lastError), and never stops the other connections or
// workspaces. A failure of one lead's answer (an unreadable record) is counted and the lead is
// marked checked so it does not come back every minute.
import pLimit from "p-limit";
import type { Db } from "@/lib/prisma-client";
import { isProviderApiError } from "@/lib/providers/provider-api-error";
import { rateLimitWaitMs } from "@/lib/providers/rate-limit";
import {
  bookingReaderFor,
  listBookingConnections,
  type BookingCredentialsConfig,
  type BookingReader,
} from "./booking-connections";
import { providerFor, type EligibleLead } from "./eligible-leads";
import { applyPendingAppointments } from "./pending-appointments";
import { reconcileLead, type ReconcileLeadResult } from "./reconcile-lead";
import { countError, countLead, emptyTally, type ReconcileTally } from "./reconcile-tally";

const CONNECTION_FAILURES = new Set([
  "unauthorized",
  "forbidden",
  "rate-limited",
  "server",
  "timeout",
  "network",
  "invalid-input",
]);

export type WorkspaceRun = {
  db: Db;
  clientId: string;
  now: Date;
  dryRun: boolean;
  credentials: BookingCredentialsConfig;
  leadConcurrency?: number;
  /** Longest single wait for a provider throttle; longer → stop that connection for this run. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Stop starting new leads (Ctrl-C, the cron's budget); leads in flight finish. */
  shouldStop?: () => boolean;
  onLead?: (result: ReconcileLeadResult) => void;
};

export type WorkspaceContext = {
  readers: Map<"GHL" | "CALENDLY", BookingReader>;
  available: { ghl: boolean; calendly: boolean };
  skippedNoCreds: number;
};

/** The workspace's usable readers (the first enabled connection per provider). */
export async function openWorkspace(run: WorkspaceRun): Promise<WorkspaceContext> {
  const workspace = await run.db.client.findUnique({ where: { id: run.clientId }, select: { timezone: true } });
  const rows = await listBookingConnections(run.db, run.clientId);
  const readers = new Map<"GHL" | "CALENDLY", BookingReader>();
  let skippedNoCreds = 0;
  for (const row of rows) {
    if (readers.has(row.provider)) continue;
    const reader = bookingReaderFor(run.db, row, { ...run.credentials, locationTimeZone: workspace?.timezone });
    if (reader) readers.set(row.provider, reader);
    else skippedNoCreds += 1;
  }
  return { readers, available: { ghl: readers.has("GHL"), calendly: readers.has("CALENDLY") }, skippedNoCreds };
}

/** Records a connection's reconcile outcome (the connections page shows it); nothing in a dry run. */
export async function markConnection(run: WorkspaceRun, connectionId: string, error: string | null) {
  if (run.dryRun) return;
  if (error) {
    await run.db.$executeRaw`
      UPDATE "ProviderConnection" SET "lastReconcileAt" = ${run.now}, "lastReconcileErrorAt" = ${run.now},
        "lastReconcileError" = ${error.slice(0, 500)}, "lastErrorAt" = ${run.now}, "lastError" = ${`reconcile: ${error}`.slice(0, 500)},
        "updatedAt" = now()
      WHERE "id" = ${connectionId}::uuid`;
  } else {
    await run.db.$executeRaw`
      UPDATE "ProviderConnection" SET "lastReconcileAt" = ${run.now}, "lastReconcileError" = NULL, "updatedAt" = now()
      WHERE "id" = ${connectionId}::uuid`;
  }
}

export type WorkspaceLeadsOutcome = {
  tally: ReconcileTally;
  /** Leads answered (changed, unchanged, or an unreadable answer counted as an error). */
  finished: Set<string>;
  /** Connections stopped for this run, with why (their remaining leads were not asked). */
  stopped: Map<string, string>;
};

export async function reconcileWorkspaceLeads(
  run: WorkspaceRun,
  context: WorkspaceContext,
  leads: readonly EligibleLead[],
): Promise<WorkspaceLeadsOutcome> {
  const tally = emptyTally();
  const finished = new Set<string>();
  const sleep = run.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxWaitMs = run.maxWaitMs ?? 2_000;
  const stopped = new Map<string, string>();
  const used = new Set<string>();

  const one = async (lead: EligibleLead) => {
    if (run.shouldStop?.()) return;
    const provider = providerFor(lead, context.available);
    const reader = provider ? context.readers.get(provider) : undefined;
    if (!provider || !reader) {
      // Nobody can answer for it (eligible-leads.ts excludes such leads; a race can still produce one).
      finished.add(lead.id);
      return;
    }
    if (stopped.has(reader.connectionId)) return;
    used.add(reader.connectionId);
    for (let attempt = 0; attempt < 2; attempt++) {
      const wait = rateLimitWaitMs(reader.lastRateLimit());
      if (wait > maxWaitMs) {
        stopped.set(reader.connectionId, `rate limit reached; waiting ${Math.ceil(wait / 1000)} s for the next run`);
        return;
      }
      if (wait > 0) await sleep(wait);
      try {
        const result = await reconcileLead({ db: run.db, lead, connection: reader, now: run.now, dryRun: run.dryRun });
        countLead(tally, provider, result.change, result.taskCreated);
        finished.add(lead.id);
        run.onLead?.(result);
        return;
      } catch (error) {
        if (!isProviderApiError(error)) throw error;
        if (error.kind === "rate-limited" && attempt === 0 && (error.retryAfterMs ?? Infinity) <= maxWaitMs) {
          await sleep(error.retryAfterMs ?? 0);
          continue;
        }
        if (CONNECTION_FAILURES.has(error.kind)) {
          if (!stopped.has(reader.connectionId)) {
            stopped.set(reader.connectionId, error.message);
            countError(tally, provider);
          }
          return;
        }
        countError(tally, provider);
        if (!run.dryRun)
          await run.db.lead.update({ where: { id: lead.id }, data: { appointmentLastCheckedAt: run.now } });
        finished.add(lead.id);
        return;
      }
    }
  };

  const limit = pLimit(Math.max(1, run.leadConcurrency ?? 2));
  await Promise.all(leads.map((lead) => limit(() => one(lead))));
  for (const reader of context.readers.values()) {
    if (used.has(reader.connectionId) || stopped.has(reader.connectionId)) {
      await markConnection(run, reader.connectionId, stopped.get(reader.connectionId) ?? null);
    }
  }
  return { tally, finished, stopped };
}

/** Pending webhook events whose lead now exists, counted into the tally. */
export async function sweepPending(run: WorkspaceRun, tally: ReconcileTally) {
  const sweep = await applyPendingAppointments({
    db: run.db,
    clientId: run.clientId,
    now: run.now,
    dryRun: run.dryRun,
  });
  tally.pendingApplied += sweep.applied;
  for (const result of sweep.results) {
    if (result.taskCreated) tally.tasksCreated += 1;
    if (result.change === "booked") tally.bookedFound += 1;
    if (result.change === "canceled") tally.canceledFound += 1;
    if (result.change === "rescheduled") tally.rescheduledFound += 1;
  }
}
