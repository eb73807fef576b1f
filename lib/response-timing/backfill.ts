// Backfill of ResponseTimingEvent (npm run backfill:response-timing): re-derives every
// thread with a message in the lookback window, whole threads at a time, one committed
// transaction per batch, with the same derivation the cron processor uses — so the
// result equals a full rebuild and a second run writes nothing.
//
// Resumable: after each committed batch the cursor (the batch's last thread) goes to the
// state file; --resume rebuilds the thread list for the frozen window start and continues
// after it. A dry run goes through the same pages in READ ONLY transactions and counts.
//
// Two paths, picked by size (or forced with `path`): "batched" runs the cron's statement
// per page of threads; "bulk" (bulk/bulk-rebuild.ts) stages every thread's rows set-based
// once and writes them in committed chunks. Same rows, same cursor, same state file.
import type pg from "pg";
import { runBatch } from "./backfill/run-batch";
import type { BackfillMode } from "./backfill/parse-args";
import { refreshPlannerStatistics } from "./backfill/planner-stats";
import {
  STATE_VERSION,
  writeStateFile,
  type BackfillCursor,
  type BackfillState,
  type BackfillTotals,
} from "./backfill/state-file";
import type { DeriveCounts } from "./derive-sql";
import { buildThreadList, type ThreadList, type ThreadListStorage } from "./backfill/thread-list";
import { stageBulk, type BulkStage } from "./bulk/bulk-rebuild";
import { DEFAULT_CRON_LOOKBACK_DAYS, recordQueueSeeded, seedingNotCovered } from "./backfill/queue-seeded";

export class BackfillError extends Error {
  override name = "BackfillError";
}

/** A batch failed and was rolled back; the batches before it stay committed. */
export class BatchFailedError extends BackfillError {
  override name = "BatchFailedError";
}

export type BackfillPath = "bulk" | "batched";
/** From this many threads on, "auto" takes the bulk path (below it, staging costs more than it saves). */
export const BULK_MIN_THREADS = 5000;
/** Threads per batch when not given: a batch is one derive statement; a bulk chunk only writes staged rows. */
export const DEFAULT_BATCH_SIZES: Record<BackfillPath, number> = { batched: 500, bulk: 10_000 };

export type BackfillOptions = {
  /** A dedicated connection (session state: the temp thread list). */
  client: pg.ClientBase;
  mode: BackfillMode;
  now?: Date;
  lookbackDays: number;
  /** Threads per batch (bulk: per chunk); default DEFAULT_BATCH_SIZES of the path taken. */
  batchSize?: number;
  /** "auto" (default): bulk from BULK_MIN_THREADS threads on a direct connection, else batched. */
  path?: BackfillPath | "auto";
  clientId?: string | null;
  storage?: ThreadListStorage;
  /** Written after every committed batch (and once at the start). */
  stateFile?: string | null;
  /** A state read from `stateFile`: continue after its cursor, with its window start. */
  resume?: BackfillState | null;
  log?: (line: string) => void;
  clock?: () => number;
  /** Runs after the bulk path staged its rows, before the first chunk (tests: changes after the snapshot). */
  onStaged?: () => Promise<void>;
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
  path: BackfillPath;
  /** Bulk path: the staging steps and their time (ms). */
  stagingMs: { name: string; ms: number }[];
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
  const { client, mode, lookbackDays, resume } = options;
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? (() => performance.now());
  const now = options.now ?? new Date();
  const clientId = options.clientId ?? null;
  if (!Number.isInteger(lookbackDays) || lookbackDays < 1)
    throw new RangeError(`lookbackDays must be a positive integer, got ${lookbackDays}`);
  if (options.batchSize !== undefined && (!Number.isInteger(options.batchSize) || options.batchSize < 1))
    throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
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
    ? { ...resume, totals: { ...resume.totals }, cursor: resume.cursor && { ...resume.cursor } }
    : {
        version: STATE_VERSION,
        mode,
        from: from.toISOString(),
        lookbackDays,
        clientId,
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZES.batched,
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
    `${mode === "apply" ? "Applying" : "Dry run (nothing is written)"}: threads with a message since ${from.toISOString()} (${state.lookbackDays} days), ${scope}.`,
  );
  if (resume)
    log(
      `Resuming after batch ${resume.batchesDone}${resume.cursor ? ` (cursor ${resume.cursor.sentAt} ${resume.cursor.id})` : ""}.`,
    );
  await refreshPlannerStatistics(client, log);
  // The bulk path's staged tables are a few hundred MB at 1M messages: temp tables live in
  // backend-local buffers (8 MB by default), which would spill them to disk. Only settable
  // before the session's first temp table; allocated only as used.
  await client.query("SET temp_buffers = '256MB'").catch(() => undefined);
  const list = await buildThreadList(client, {
    storage: options.storage ?? "temp-table",
    from,
    clientId,
    after: state.cursor,
  });
  log(
    `${fmt(list.total)} thread${list.total === 1 ? "" : "s"} to ${mode === "apply" ? "rebuild" : "check"}${resume ? " after the cursor" : ""} (listed in ${seconds(clock() - started)}).`,
  );

  const path = choosePath(options.path ?? "auto", list);
  // A resumed run keeps its batch size when it takes the same path (older files: batched).
  const resumedSize = resume && (resume.path ?? "batched") === path ? resume.batchSize : undefined;
  const batchSize = options.batchSize ?? resumedSize ?? DEFAULT_BATCH_SIZES[path];
  state.batchSize = batchSize;
  state.path = path;
  log(
    path === "bulk"
      ? `Path: bulk (${options.path === "bulk" ? "--path bulk" : `${fmt(list.total)} threads, at least ${fmt(BULK_MIN_THREADS)}`}): every thread staged set-based once, then written in committed chunks of ${fmt(batchSize)} threads.`
      : `Path: batched (${options.path === "batched" ? "--path batched" : list.table ? `${fmt(list.total)} threads, fewer than ${fmt(BULK_MIN_THREADS)}` : "pages held in memory behind a pooler"}): the cron's statement per batch of ${fmt(batchSize)} threads.`,
  );
  let bulk: BulkStage | null = null;
  if (path === "bulk") {
    const t0 = clock();
    bulk = await stageBulk(client, { threadsSource: list.table!, mode, clock });
    log(
      `Staged ${fmt(bulk.anchors)} anchors of ${fmt(bulk.threads)} threads in ${seconds(clock() - t0)} (${bulk.steps.map((s) => `${s.name} ${seconds(s.ms)}`).join(", ")}).`,
    );
    await options.onStaged?.();
  }
  try {
    return await runBatches();
  } finally {
    await bulk?.release().catch(() => undefined);
  }

  async function nextBatch(): Promise<{ end: BackfillCursor; counts: DeriveCounts; rederived: number } | null> {
    if (bulk) return bulk.nextChunk(batchSize);
    const outcome = await runBatch(client, { list, cursor: state.cursor, batchSize, mode });
    return outcome && { end: outcome.page.end, counts: outcome.counts, rederived: 0 };
  }

  async function runBatches(): Promise<BackfillResult> {
    const firstBatch = state.batchesDone + 1;
    let batchesThisRun = 0;
    let completed = false;
    const would = mode === "apply" ? "" : "would be ";
    for (;;) {
      if (options.stopAfterBatches !== undefined && batchesThisRun >= options.stopAfterBatches) break;
      const batchNumber = state.batchesDone + 1;
      let outcome;
      try {
        outcome = await nextBatch();
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
      const { end, counts, rederived } = outcome;
      batchesThisRun += 1;
      state.batchesDone = batchNumber;
      state.cursor = end;
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
      if (rederived > 0)
        log(
          `  ${rederived} thread(s) changed after the staging snapshot: re-derived with the cron's statement instead`,
        );
    }

    let queueSeeded = false;
    if (completed && mode === "apply") {
      const notCovered = seedingNotCovered({
        clientId,
        from,
        now,
        cronLookbackDays:
          options.cronLookbackDays === undefined ? DEFAULT_CRON_LOOKBACK_DAYS : options.cronLookbackDays,
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
      path,
      stagingMs: bulk?.steps ?? [],
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
}

/** The path to take: bulk needs the session's temp thread list (a direct connection). */
function choosePath(requested: BackfillPath | "auto", list: ThreadList): BackfillPath {
  if (requested === "bulk" && !list.table)
    throw new BackfillError(
      "The bulk path needs a direct connection (its staged rows live in session temp tables); drop --path bulk behind a pooler.",
    );
  if (requested !== "auto") return requested;
  return list.table && list.total >= BULK_MIN_THREADS ? "bulk" : "batched";
}
