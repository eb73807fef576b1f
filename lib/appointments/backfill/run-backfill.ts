// The resumable appointments backfill (issue 10 §5, docs/bookings.md): every workspace with a
// booking connection (or one), its pending webhook events, then its eligible leads in id order,
// in batches; after each batch the workspace's cursor (the last lead of the finished prefix of
// the batch) and the totals are written to the state file. A resumed run continues after the
// cursors with the first run's stale cut-off. Every write is idempotent (booking-state.ts), so a
// batch a kill interrupted is redone harmlessly. `shouldStop` (Ctrl-C) lets the leads in flight
// finish, then the state is written and the run returns. A workspace's GoHighLevel leads are
// answered lead by lead or from its calendars' events over one window (ghl-calendars-phase.ts).
import pLimit from "p-limit";
import type { Db } from "@/lib/prisma-client";
import type { BookingCredentialsConfig } from "../booking-connections";
import { eligibleLeads } from "../eligible-leads";
import { addTally, countError, emptyTally, type ReconcileTally } from "../reconcile-tally";
import {
  markConnection,
  openWorkspace,
  reconcileWorkspaceLeads,
  sweepPending,
  type WorkspaceRun,
} from "../reconcile-workspace";
import { prepareGhlSource } from "./ghl-calendars-phase";
import { ghlPicksPath, removeGhlPicks } from "./ghl-event-picks";
import { GHL_CALENDARS_AUTO_THRESHOLD, type GhlSourceFlag } from "./ghl-source";
import { writeAppointmentsState, APPOINTMENTS_STATE_VERSION, type AppointmentsBackfillState } from "./state-file";

export class BackfillInputError extends Error {
  override name = "BackfillInputError";
}

export type BackfillAppointmentsOptions = {
  db: Db;
  mode: "dry-run" | "apply";
  clientId: string | null;
  staleDays: number;
  leadConcurrency: number;
  clientConcurrency: number;
  /** Leads per batch (the state is written after each); default 10 × leadConcurrency. */
  batchSize?: number | null;
  maxLeads: number | null;
  stateFile: string | null;
  resume: AppointmentsBackfillState | null;
  credentials: BookingCredentialsConfig;
  now: () => Date;
  log: (line: string) => void;
  shouldStop: () => boolean;
  /** Longest provider-throttle wait before a connection is left for a later run (default 2 min). */
  maxWaitMs?: number;
  clock?: () => number;
  /** --ghl-source (default auto); a resumed run keeps the one it recorded per workspace. */
  ghlSource?: GhlSourceFlag;
  /** auto: calendars above this many eligible GoHighLevel leads (default 200). */
  ghlCalendarsThreshold?: number;
  sleep?: (ms: number) => Promise<void>;
};

export type BackfillAppointmentsResult = { state: AppointmentsBackfillState; stopped: boolean; totals: ReconcileTally };

async function workspaceIds(db: Db, only: string | null): Promise<string[]> {
  if (only) {
    const found = await db.client.findUnique({ where: { id: only }, select: { id: true } });
    if (!found) throw new BackfillInputError(`No workspace with id ${only}.`);
    return [only];
  }
  const rows = await db.$queryRaw<{ clientId: string }[]>`
    SELECT DISTINCT "clientId"::text AS "clientId" FROM "ProviderConnection"
     WHERE "provider" IN ('GHL', 'CALENDLY') AND "disabledAt" IS NULL ORDER BY 1`;
  return rows.map((r) => r.clientId);
}

const summary = (t: ReconcileTally) =>
  `checked ${t.leadsChecked}, booked ${t.bookedFound}, canceled ${t.canceledFound}, rescheduled ${t.rescheduledFound}, ` +
  `tasks ${t.tasksCreated}, no change ${t.noChange}, errors ${t.errors}`;

export async function backfillAppointments(o: BackfillAppointmentsOptions): Promise<BackfillAppointmentsResult> {
  const clock = o.clock ?? Date.now;
  const started = clock();
  const startedAt = o.resume ? new Date(o.resume.startedAt) : o.now();
  const totals = o.resume ? addTally(emptyTally(), o.resume.totals as ReconcileTally) : emptyTally();
  const state: AppointmentsBackfillState = o.resume ?? {
    version: APPOINTMENTS_STATE_VERSION,
    kind: "backfill-appointments",
    mode: o.mode,
    clientId: o.clientId,
    staleDays: o.staleDays,
    ghlSource: o.ghlSource ?? "auto",
    startedAt: startedAt.toISOString(),
    cursors: {},
    leadsDone: 0,
    totals,
    updatedAt: startedAt.toISOString(),
  };
  const dryRun = o.mode === "dry-run";
  let budget = o.maxLeads ?? Number.POSITIVE_INFINITY;
  let batchNo = 0;
  let stopped = false;
  // One writer at a time: batches of concurrent workspaces finish in any order.
  let writing = Promise.resolve();
  const save = () => {
    state.totals = totals;
    state.updatedAt = o.now().toISOString();
    const snapshot = structuredClone(state);
    writing = writing.then(() => (o.stateFile ? writeAppointmentsState(o.stateFile, snapshot) : undefined));
    return writing;
  };
  const halt = () => o.shouldStop() || budget <= 0;

  const workspace = async (clientId: string) => {
    const cursor = (state.cursors[clientId] ??= { afterLeadId: null, done: false });
    if (cursor.done || halt()) return;
    const now = o.now();
    const run: WorkspaceRun = {
      db: o.db,
      clientId,
      now,
      dryRun,
      credentials: o.credentials,
      leadConcurrency: o.leadConcurrency,
      maxWaitMs: o.maxWaitMs ?? 120_000,
      shouldStop: o.shouldStop,
    };
    if (cursor.afterLeadId === null) {
      const pending = emptyTally();
      await sweepPending(run, pending);
      addTally(totals, pending);
    }
    const opened = await openWorkspace(run);
    totals.skippedNoCreds += opened.skippedNoCreds;
    const ghl = await prepareGhlSource({
      db: o.db,
      clientId,
      context: opened,
      cursor,
      flag: state.ghlSource,
      threshold: o.ghlCalendarsThreshold ?? GHL_CALENDARS_AUTO_THRESHOLD,
      startedAt,
      staleDays: state.staleDays,
      now: o.now,
      stateFile: o.stateFile,
      maxWaitMs: run.maxWaitMs!,
      sleep: o.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
      shouldStop: o.shouldStop,
      save,
      log: o.log,
      elapsed: () => ((clock() - started) / 1000).toFixed(1),
    });
    if (!ghl.ok) {
      if (ghl.stopped !== "interrupted") {
        countError(totals, "GHL");
        await markConnection(run, ghl.stopped.connectionId, ghl.stopped.why);
        await save();
        o.log(`workspace ${clientId}: connection ${ghl.stopped.connectionId} stopped for this run: ${ghl.stopped.why}`);
      }
      return;
    }
    const context = ghl.context;
    const finish = async () => {
      cursor.done = true;
      await save();
      if (o.stateFile && cursor.ghl?.source === "calendars") await removeGhlPicks(ghlPicksPath(o.stateFile, clientId));
    };
    while (!halt()) {
      const size = Math.min(o.batchSize ?? o.leadConcurrency * 10, budget);
      const batch = await eligibleLeads({
        db: o.db,
        clientId,
        now: startedAt,
        staleDays: state.staleDays,
        limit: size,
        providers: context.available,
        afterId: cursor.afterLeadId,
      });
      if (batch.length === 0) return finish();
      const outcome = await reconcileWorkspaceLeads({ ...run, now: o.now(), sleep: o.sleep }, context, batch);
      addTally(totals, outcome.tally);
      // The cursor moves over the finished prefix only: a lead not asked (Ctrl-C, a stopped connection) is kept.
      let prefix = 0;
      while (prefix < batch.length && outcome.finished.has(batch[prefix]!.id)) prefix += 1;
      if (prefix > 0) cursor.afterLeadId = batch[prefix - 1]!.id;
      state.leadsDone += outcome.finished.size;
      budget -= outcome.finished.size;
      if (prefix === batch.length && batch.length < size) cursor.done = true;
      batchNo += 1;
      const elapsed = ((clock() - started) / 1000).toFixed(1);
      o.log(
        `[batch ${batchNo}] workspace ${clientId}: ${summary(outcome.tally)}; total ${state.leadsDone} leads, elapsed ${elapsed}s`,
      );
      if (cursor.done) await finish();
      else await save();
      for (const [connectionId, why] of outcome.stopped) {
        o.log(`workspace ${clientId}: connection ${connectionId} stopped for this run: ${why}`);
      }
      if (cursor.done || outcome.stopped.size > 0) return;
    }
  };

  const ids = await workspaceIds(o.db, state.clientId);
  // Written before any work, so even a run killed in its first batch can be resumed.
  if (!o.resume) await save();
  const limit = pLimit(o.clientConcurrency);
  await Promise.all(ids.map((id) => limit(() => workspace(id))));
  stopped = o.shouldStop();
  await save();
  await writing;
  const verb = dryRun ? "Dry run" : "Backfill";
  if (stopped) o.log(`Stopped: the state is saved; continue with --resume. Totals: ${summary(totals)}.`);
  else if (budget <= 0) o.log(`--max-leads reached. Totals: ${summary(totals)}.`);
  else o.log(`${verb} complete${dryRun ? ": nothing was written" : ""}. Totals: ${summary(totals)}.`);
  return { state, stopped, totals };
}
