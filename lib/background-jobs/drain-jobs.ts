// The queue runner: drains due jobs until its time budget runs out or none is left.
//
// A pipeline, not rounds: claimed jobs wait in a small local queue in front of a pool of
// `concurrency` handler slots; a new batch is claimed whenever half the local room is
// free, and finished runs are written in batches behind (job-outcomes.ts), so one slow
// job never holds up the others. How much it claims ahead adapts to how long jobs take
// (a moving average): enough that fast jobs come 100 per claim, few enough that a claimed
// job starts well inside its lease. It never starts a job that could not finish before
// the deadline or inside its lease: such a job is handed back untouched. Near the
// deadline it claims only the types whose timeout still fits, then stops.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import pLimit from "p-limit";
import type { BackgroundJob, BackgroundJobType } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import { computeBackoffMs } from "./backoff";
import { claimJobs } from "./claim";
import { anyDueJobs } from "./due-jobs";
import { PermanentJobError, type JobHandlers } from "./job-handler";
import { JobOutcomes } from "./job-outcomes";
import { isNoopJob, NOOP_NOTE } from "./noop";
import { rescueExpiredJobs } from "./rescue";
import { runWithTimeout } from "./run-with-timeout";
import { LEASE_GRACE_MS, leaseMsFor, resolveTimeouts, type JobTimeouts } from "./timeouts";
import { WakeSignal } from "./wake-signal";

export type DrainOptions = {
  db: Db;
  handlers: JobHandlers;
  /** Clock for every timestamp written (claims, leases, runAt of retries). */
  now?: () => Date;
  /** Time budget of this run (ms): nothing is started that could not finish inside it. */
  maxMs: number;
  /** Handlers running at once. */
  concurrency: number;
  /** Most jobs claimed by one statement. */
  batchSize?: number;
  /** lockedBy of this run's claims; default: host, pid and a random id. */
  runnerId?: string;
  /** Per-type timeout overrides (ms), e.g. short ones in tests. */
  timeoutsMs?: Partial<JobTimeouts>;
  leaseGraceMs?: number;
  /** Delay before the next attempt after failed attempt n (default: backoff.ts). */
  backoffMs?: (attempt: number) => number;
  /** Monotonic ms for the budget (default performance.now). */
  clock?: () => number;
};

export type DrainResult = {
  success: true;
  claimed: number;
  succeeded: number;
  retried: number;
  failed: number;
  rescued: number;
  durationMs: number;
  /** True when no due job was left when the run stopped. */
  exhausted: boolean;
};

export const DEFAULT_BATCH_SIZE = 100;

export const defaultRunnerId = () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

const describeError = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${String(error)}`;

export async function drainJobs(options: DrainOptions): Promise<DrainResult> {
  const { db, handlers, maxMs, concurrency } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const now = options.now ?? (() => new Date());
  const clock = options.clock ?? (() => performance.now());
  const graceMs = options.leaseGraceMs ?? LEASE_GRACE_MS;
  const backoffMs = options.backoffMs ?? ((attempt: number) => computeBackoffMs(attempt));
  const runnerId = options.runnerId ?? defaultRunnerId();
  for (const [name, value] of [
    ["concurrency", concurrency],
    ["batchSize", batchSize],
  ] as const)
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  if (!Number.isFinite(maxMs) || maxMs < 0) throw new RangeError(`maxMs must be a non-negative number, got ${maxMs}`);
  const timeouts = resolveTimeouts(options.timeoutsMs, graceMs);
  const types = Object.keys(timeouts) as BackgroundJobType[];

  const started = clock();
  const deadline = started + maxMs;
  const rescue = await rescueExpiredJobs({ db, now: now() });
  const outcomes = new JobOutcomes({ db, runnerId, now });
  const limit = pLimit(concurrency);
  const wake = new WakeSignal();
  const tasks = new Set<Promise<void>>();
  let averageMs: number | undefined;
  let claimed = 0;
  let exhausted = false;
  let fatal: unknown = null;
  const stopping = () => fatal !== null || outcomes.error !== null;

  // Local room (running + waiting): at least one slot each, more for fast jobs.
  const room = () => {
    if (averageMs === undefined) return concurrency * 2;
    const ahead = Math.floor((concurrency * graceMs) / 2 / Math.max(averageMs, 1));
    return Math.max(concurrency, Math.min(ahead, Math.max(batchSize, concurrency)));
  };

  const runOne = async (job: BackgroundJob, claimedAt: number) => {
    const timeoutMs = timeouts[job.type];
    const run = { id: job.id, attempts: job.attempts };
    const startAt = clock();
    // At most half the grace is spent waiting for a slot: the other half is the room to
    // record the outcome before the lease ends (a run that finishes at its timeout after
    // a full grace of waiting would be recorded after its lease, when another runner may
    // already have claimed the job again).
    if (stopping() || startAt - claimedAt > graceMs / 2 || startAt + timeoutMs > deadline) return outcomes.release(run);
    try {
      if (isNoopJob(job)) return outcomes.succeed({ ...run, note: NOOP_NOTE });
      const handler = handlers[job.type];
      if (!handler) throw new PermanentJobError(`no handler for job type ${job.type}`);
      const result = await runWithTimeout(handler, { db, job, now }, timeoutMs);
      outcomes.succeed({ ...run, note: result?.note ?? null });
    } catch (error) {
      const permanent = error instanceof PermanentJobError;
      outcomes.fail({ ...run, error: describeError(error), permanent, retryInMs: backoffMs(job.attempts) });
    } finally {
      const took = clock() - startAt;
      averageMs = averageMs === undefined ? took : averageMs * 0.8 + took * 0.2;
    }
  };

  const schedule = (job: BackgroundJob, claimedAt: number) => {
    const task: Promise<void> = limit(() => runOne(job, claimedAt)).finally(() => {
      tasks.delete(task);
      wake.notify();
    });
    tasks.add(task);
  };

  while (!stopping()) {
    const left = deadline - clock();
    const fitting = types.filter((type) => timeouts[type] <= left);
    if (fitting.length === 0) break;
    const free = room() - tasks.size;
    if (free < Math.ceil(room() / 2) && tasks.size > 0) {
      await wake.wait();
      continue;
    }
    const want = Math.min(free, batchSize);
    const leases = Object.fromEntries(fitting.map((type) => [type, leaseMsFor(timeouts[type], graceMs)]));
    const releasedBefore = outcomes.counts.released;
    let jobs: BackgroundJob[];
    try {
      jobs = await claimJobs({ db, runnerId, now: now(), limit: want, leases });
    } catch (error) {
      fatal = error;
      break;
    }
    const claimedAt = clock();
    claimed += jobs.length;
    jobs.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const job of jobs) schedule(job, claimedAt);
    if (jobs.length === 0) {
      if (tasks.size === 0) {
        // A hand-back still in the write buffer is due again: claim once more before stopping.
        await outcomes.drain();
        if (outcomes.counts.released > releasedBefore) continue;
        exhausted = fitting.length === types.length && outcomes.error === null;
        break;
      }
      await wake.wait(); // nothing due right now: claim again when a slot frees up
    }
  }

  while (tasks.size > 0) await Promise.all([...tasks]);
  await outcomes.drain();
  const error = fatal ?? outcomes.error;
  if (error !== null) throw error;
  if (!exhausted) exhausted = !(await anyDueJobs({ db, now: now() }));
  return {
    success: true,
    claimed,
    succeeded: outcomes.counts.succeeded,
    retried: outcomes.counts.retried,
    failed: outcomes.counts.failed,
    rescued: rescue.failed + rescue.requeued,
    durationMs: Math.round(clock() - started),
    exhausted,
  };
}
