// The bookings cron's run (issue 10 §4, seed 004; docs/bookings.md): bounded and fair. Up to
// workspaceLimit workspaces with a booking connection, taken in id order starting after the
// cursor the previous run left (wrapping around), so every workspace gets its turn however
// many there are; up to leadsPerWorkspace eligible leads each (eligible-leads.ts). The cursor
// is stored in AppointmentReconcileState. One workspace's failure is counted and never fails
// the run. dryRun writes nothing at all (no lead, connection, task or cursor).
import type { Db } from "@/lib/prisma-client";
import type { BookingCredentialsConfig } from "./booking-connections";
import { eligibleLeads } from "./eligible-leads";
import { addTally, emptyTally, type ReconcileTally } from "./reconcile-tally";
import { openWorkspace, reconcileWorkspaceLeads, sweepPending, type WorkspaceRun } from "./reconcile-workspace";

export const CRON_CURSOR_KEY = "cron:workspace-cursor";
/** The route's maxDuration is 300 s: no new lead or workspace is started after this. */
export const RUN_BUDGET_MS = 240_000;

export type ReconcileRunOptions = {
  workspaceLimit: number;
  leadsPerWorkspace: number;
  staleDays: number;
  clientId?: string | null;
  dryRun?: boolean;
};

/** Exactly the shape; completed / no-show counts are per provider. */
export type ReconcileRunResult = {
  workspacesProcessed: number;
  leadsChecked: number;
  bookedFound: number;
  canceledFound: number;
  rescheduledFound: number;
  tasksCreated: number;
  noChange: number;
  skippedNoCreds: number;
  errors: number;
  byProvider: ReconcileTally["byProvider"];
  durationMs: number;
};

async function readCursor(db: Db): Promise<string | null> {
  const row = await db.appointmentReconcileState.findUnique({ where: { key: CRON_CURSOR_KEY } });
  const value = row?.value as { afterClientId?: unknown } | undefined;
  return typeof value?.afterClientId === "string" ? value.afterClientId : null;
}

/** The next workspaces in turn: after the cursor, then from the start (each at most once). */
async function nextWorkspaces(db: Db, after: string | null, limit: number, only: string | null): Promise<string[]> {
  const rows = await db.$queryRaw<{ clientId: string }[]>`
    SELECT DISTINCT "clientId"::text AS "clientId" FROM "ProviderConnection"
     WHERE "provider" IN ('GHL', 'CALENDLY') AND "disabledAt" IS NULL
       AND (${only}::uuid IS NULL OR "clientId" = ${only}::uuid)
     ORDER BY 1`;
  const ids = rows.map((r) => r.clientId);
  const start = after ? ids.findIndex((id) => id > after) : 0;
  const rotated = start < 0 ? ids : [...ids.slice(start), ...ids.slice(0, start)];
  return rotated.slice(0, limit);
}

export async function runAppointmentReconcile(args: {
  db: Db;
  now: Date;
  options: ReconcileRunOptions;
  credentials: BookingCredentialsConfig;
  log?: Pick<Console, "error"> & Partial<Pick<Console, "info">>;
  /** Test hook: the wall clock for durationMs and the budget. */
  clock?: () => number;
  budgetMs?: number;
}): Promise<ReconcileRunResult> {
  const { db, now, options } = args;
  const clock = args.clock ?? Date.now;
  const started = clock();
  const dryRun = options.dryRun ?? false;
  const log = args.log ?? console;
  const workspaces = await nextWorkspaces(db, await readCursor(db), options.workspaceLimit, options.clientId ?? null);
  const total = emptyTally();
  let processed = 0;
  const overBudget = () => clock() - started > (args.budgetMs ?? RUN_BUDGET_MS);
  for (const clientId of workspaces) {
    if (overBudget()) break;
    const run: WorkspaceRun = { db, clientId, now, dryRun, credentials: args.credentials, shouldStop: overBudget };
    try {
      const tally = emptyTally();
      await sweepPending(run, tally);
      const context = await openWorkspace(run);
      tally.skippedNoCreds += context.skippedNoCreds;
      const leads = await eligibleLeads({
        db,
        clientId,
        now,
        staleDays: options.staleDays,
        limit: options.leadsPerWorkspace,
        providers: context.available,
      });
      addTally(total, addTally(tally, (await reconcileWorkspaceLeads(run, context, leads)).tally));
    } catch (error) {
      // A bug or a database error in one workspace: counted, logged, the others still run.
      total.errors += 1;
      log.error(`[cron/appointment-reconcile] workspace ${clientId} failed:`, error);
    }
    processed += 1;
  }
  const last = workspaces[processed - 1];
  if (!dryRun && last && !options.clientId) {
    await db.appointmentReconcileState.upsert({
      where: { key: CRON_CURSOR_KEY },
      create: { key: CRON_CURSOR_KEY, value: { afterClientId: last } },
      update: { value: { afterClientId: last } },
    });
  }
  if (total.pendingApplied > 0)
    log.info?.(`[cron/appointment-reconcile] ${total.pendingApplied} pending webhook event(s) applied`);
  return {
    workspacesProcessed: processed,
    leadsChecked: total.leadsChecked,
    bookedFound: total.bookedFound,
    canceledFound: total.canceledFound,
    rescheduledFound: total.rescheduledFound,
    tasksCreated: total.tasksCreated,
    noChange: total.noChange,
    skippedNoCreds: total.skippedNoCreds,
    errors: total.errors,
    byProvider: total.byProvider,
    durationMs: clock() - started,
  };
}
