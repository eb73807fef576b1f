// Backfill of ResponseTimingEvent (npm run backfill:response-timing): re-derives every
// thread with a message in the lookback window, whole threads at a time, one committed
// transaction per batch, with the same derivation the cron processor uses — so the
// result equals a full rebuild and a second run writes nothing.
//
// Resumable: after each committed batch the cursor (the batch's last thread) goes to the
// state file; --resume rebuilds the thread list for the frozen window start and continues
// after it. A dry run goes through the same pages in READ ONLY transactions and counts.
import type pg from "pg";
import { runBatch } from "./backfill/run-batch";
import type { BackfillMode } from "./backfill/parse-args";
import { refreshPlannerStatistics } from "./backfill/planner-stats";
import { STATE_VERSION, writeStateFile, type BackfillState, type BackfillTotals } from "./backfill/state-file";
import { buildThreadList, type ThreadListStorage } from "./backfill/thread-list";
import { DEFAULT_CRON_LOOKBACK_DAYS, recordQueueSeeded, seedingNotCovered } from "./backfill/queue-seeded";

export class BackfillError extends Error {
  override name = "BackfillError";
}

/** A batch failed and was rolled back; the batches before it stay committed. */
export class BatchFailedError extends BackfillError {
  override name = "BatchFailedError";
}

export type BackfillOptions = {
  /** A dedicated connection (session state: the temp thread list). */
  client: pg.ClientBase;
  mode: BackfillMode;
  now?: Date;
  lookbackDays: number;
  batchSize: number;
  clientId?: string | null;
  storage?: ThreadListStorage;
  /** Written after every committed batch (and once at the start). */
  stateFile?: string | null;
  /** A state read from `stateFile`: continue after its cursor, with its window start. */
  resume?: BackfillState | null;
  log?: (line: string) => void;
  clock?: () => number;
  /** Stop after this many batches of this run, as an interruption would (tests, canaries). */
  stopAfterBatches?: number;
  /**
   * The cron's RESPONSE_TIMING_LOOKBACK_DAYS (default 90; null: unknown). A completed apply
   * over every workspace whose window covers it records the cron's first-run seeding as done.
   */
  cronLookbackDays?: number | null;
};

export type BackfillResult = BackfillTotals & {
  mode: BackfillMode;
  from: Date;
  /** Batches over the whole run, including those of earlier runs when resumed. */
  batches: number;
  /** Number of the first batch this invocation ran (batchesDone + 1 when resumed). */
  firstBatch: number;
  batchesThisRun: number;
  /** False when stopped by stopAfterBatches before the last page. */
  completed: boolean;
  /** True when this run recorded the cron's first-run seeding as done (ResponseTimingState "queue-seeded"). */
  queueSeeded: boolean;
  elapsedMs: number;
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const fmt = (n: number) => n.toLocaleString("en-US");

export async function backfillResponseTiming(options: BackfillOptions): Promise<BackfillResult> {
  const { client, mode, lookbackDays, batchSize, resume } = options;
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? (() => performance.now());
  const now = options.now ?? new Date();
  const clientId = options.clientId ?? null;
  if (!Number.isInteger(lookbackDays) || lookbackDays < 1)
    throw new RangeError(`lookbackDays must be a positive integer, got ${lookbackDays}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (resume && (resume.mode !== mode || resume.clientId !== clientId))
    throw new BackfillError("The resumed state does not match this run's mode or workspace.");
  const started = clock();

  if (clientId) {
    const { rows } = await client.query<{ name: string }>(`SELECT "name" FROM "Client" WHERE "id" = $1::uuid`, [
      clientId,
    ]);
    if (rows.length === 0)
      throw new BackfillError(`No workspace with id ${clientId} exists in this database; check --client-id.`);
  }

  const from = resume ? new Date(resume.from) : new Date(now.getTime() - lookbackDays * 86_400_000);
  const state: BackfillState = resume
    ? { ...resume, batchSize, totals: { ...resume.totals }, cursor: resume.cursor && { ...resume.cursor } }
    : {
        version: STATE_VERSION,
        mode,
        from: from.toISOString(),
        lookbackDays,
        clientId,
        batchSize,
        cursor: null,
        batchesDone: 0,
        totals: { threads: 0, anchors: 0, written: 0, deleted: 0 },
        updatedAt: now.toISOString(),
      };
  const save = async () => {
    if (!options.stateFile) return;
    state.updatedAt = new Date().toISOString();
    await writeStateFile(options.stateFile, state);
  };
  // Fresh runs overwrite the file now: a bad path fails before any batch runs.
  if (!resume) await save();

  const scope = clientId ? `workspace ${clientId}` : "all workspaces";
  log(
    `${mode === "apply" ? "Applying" : "Dry run (nothing is written)"}: threads with a message since ${from.toISOString()} (${state.lookbackDays} days), ${scope}, batches of ${batchSize}.`,
  );
  if (resume)
    log(
      `Resuming after batch ${resume.batchesDone}${resume.cursor ? ` (cursor ${resume.cursor.sentAt} ${resume.cursor.id})` : ""}.`,
    );
  await refreshPlannerStatistics(client, log);
  const list = await buildThreadList(client, {
    storage: options.storage ?? "temp-table",
    from,
    clientId,
    after: state.cursor,
  });
  log(
    `${fmt(list.total)} thread${list.total === 1 ? "" : "s"} to ${mode === "apply" ? "rebuild" : "check"}${resume ? " after the cursor" : ""} (listed in ${seconds(clock() - started)}).`,
  );

  const firstBatch = state.batchesDone + 1;
  let batchesThisRun = 0;
  let completed = false;
  const would = mode === "apply" ? "" : "would be ";
  for (;;) {
    if (options.stopAfterBatches !== undefined && batchesThisRun >= options.stopAfterBatches) break;
    const batchNumber = state.batchesDone + 1;
    let outcome;
    try {
      outcome = await runBatch(client, { list, cursor: state.cursor, batchSize, mode });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BatchFailedError(
        `Batch ${batchNumber} failed and was rolled back (nothing of it was written): ${reason}`,
        { cause: error },
      );
    }
    if (!outcome) {
      completed = true;
      break;
    }
    const { page, counts } = outcome;
    batchesThisRun += 1;
    state.batchesDone = batchNumber;
    state.cursor = page.end;
    state.totals.threads += counts.threads;
    state.totals.anchors += counts.anchors;
    state.totals.written += counts.written;
    state.totals.deleted += counts.deleted;
    await save();
    log(
      `[batch ${batchNumber}] processed ${counts.threads}, total so far ${state.totals.threads}, elapsed ${seconds(clock() - started)}`,
    );
    log(
      `  anchors: ${counts.anchors} in these threads, ${counts.written} ${would}written, ${counts.deleted} ${would}deleted`,
    );
  }

  let queueSeeded = false;
  if (completed && mode === "apply") {
    const notCovered = seedingNotCovered({
      clientId,
      from,
      now,
      cronLookbackDays: options.cronLookbackDays === undefined ? DEFAULT_CRON_LOOKBACK_DAYS : options.cronLookbackDays,
    });
    if (notCovered) log(`The cron's first run will still queue its lookback window: ${notCovered}.`);
    else queueSeeded = await recordQueueSeeded(client, { at: now, from, lookbackDays: state.lookbackDays });
    if (queueSeeded)
      log("Recorded the cron's first-run seeding as done: its first run will not queue these threads again.");
  }

  const elapsedMs = clock() - started;
  const t = state.totals;
  const earlier = firstBatch > 1 ? ` (${fmt(firstBatch - 1)} of them in earlier runs)` : "";
  log(
    completed
      ? mode === "apply"
        ? "Backfill complete."
        : "Dry run complete: nothing was written."
      : `Stopped after ${fmt(batchesThisRun)} batch(es) of this run; resume with --resume.`,
  );
  log(
    `  threads:  ${fmt(t.threads)} in ${fmt(state.batchesDone)} batch${state.batchesDone === 1 ? "" : "es"}${earlier}`,
  );
  log(
    `  anchors:  ${fmt(t.anchors)} in these threads; ${fmt(t.written)} ${would}written (new or changed), ${fmt(t.deleted)} ${would}deleted`,
  );
  log(`  elapsed:  ${seconds(elapsedMs)}${earlier ? " (this run)" : ""}`);
  return {
    mode,
    from,
    ...t,
    batches: state.batchesDone,
    firstBatch,
    batchesThisRun,
    completed,
    queueSeeded,
    elapsedMs,
  };
}
