// The runner's write-behind buffer: finished runs are recorded in set-based batches, one
// UPDATE for all successes, one for all failures and one for all hand-backs, instead of
// one statement per job. A single flush runs at a time and takes everything buffered so
// far, so under load batches grow by themselves and at low load a run is written at once
// (well inside its lease: a finished job whose lease expired before it was recorded
// could run a second time).
import type { Db } from "@/lib/prisma-client";
import { completeJobs, type FinishedRun } from "./complete";
import { failJobs, type FailedRun } from "./fail";
import { releaseJobs, type ClaimedRun } from "./release";

export type OutcomeCounts = { succeeded: number; retried: number; failed: number; released: number; lost: number };

export class JobOutcomes {
  readonly counts: OutcomeCounts = { succeeded: 0, retried: 0, failed: 0, released: 0, lost: 0 };
  private successes: FinishedRun[] = [];
  private failures: FailedRun[] = [];
  private releases: ClaimedRun[] = [];
  private flushing: Promise<void> | null = null;
  /** The first write that failed (the database went away): the runner stops and reports it. */
  error: unknown = null;

  constructor(private readonly options: { db: Db; runnerId: string; now: () => Date }) {}

  succeed(run: FinishedRun): void {
    this.successes.push(run);
    this.kick();
  }

  fail(run: FailedRun): void {
    this.failures.push(run);
    this.kick();
  }

  release(run: ClaimedRun): void {
    this.releases.push(run);
    this.kick();
  }

  /** Waits until everything buffered so far is written. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private get pending(): number {
    return this.successes.length + this.failures.length + this.releases.length;
  }

  private kick(): void {
    if (this.flushing || this.error !== null) return;
    this.flushing = this.flushAll().finally(() => {
      this.flushing = null;
      if (this.pending > 0 && this.error === null) this.kick();
    });
  }

  private async flushAll(): Promise<void> {
    const { db, runnerId, now } = this.options;
    const [successes, failures, releases] = [this.successes, this.failures, this.releases];
    this.successes = [];
    this.failures = [];
    this.releases = [];
    try {
      const at = now();
      const [completed, failed, released] = await Promise.all([
        completeJobs({ db, runnerId, now: at, runs: successes }),
        failJobs({ db, runnerId, now: at, runs: failures }),
        releaseJobs({ db, runnerId, now: at, runs: releases }),
      ]);
      this.counts.succeeded += completed.length;
      this.counts.retried += failed.retried.length;
      this.counts.failed += failed.failed.length;
      this.counts.released += released;
      // Fenced out: the lease had expired and the job was rescued or claimed again.
      this.counts.lost +=
        successes.length - completed.length + failures.length - failed.retried.length - failed.failed.length;
    } catch (error) {
      this.error ??= error;
    }
  }
}
