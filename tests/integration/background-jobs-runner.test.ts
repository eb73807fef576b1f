// The runner (drain-jobs.ts) end to end on a real database with handlers of the test's
// own: outcomes and counters, retries with backoff up to FAILED, permanent errors,
// timeouts that abandon a hung handler, the noop convention, deadlines and hand-backs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { drainJobs, type DrainOptions } from "@/lib/background-jobs/drain-jobs";
import { PermanentJobError, type JobContext, type JobHandler } from "@/lib/background-jobs/job-handler";
import { enqueueNoopJobs, NOOP_PAYLOAD, noopHandlers } from "@/lib/background-jobs/noop";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { insertJob, readJob } from "../helpers/job-fixtures";

let db: TestDatabase;
let clientId: string;
const T0 = new Date("2026-03-01T12:00:00.000Z");
const HOUR = 3_600_000;

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Runner Co")).id;
});
afterAll(async () => db?.drop());
beforeEach(async () => {
  await db.prisma.backgroundJob.deleteMany();
});

const run = (handler: JobHandler, options: Partial<DrainOptions> = {}) =>
  drainJobs({
    db: db.prisma,
    handlers: { ...noopHandlers, LEAD_SCORING_POST_PROCESS: handler },
    now: () => T0,
    maxMs: 250_000,
    concurrency: 4,
    ...options,
  });

describe("drainJobs", () => {
  it("runs due jobs, records their notes and reports its counters", async () => {
    const jobs = [];
    for (let i = 0; i < 5; i++) jobs.push(await insertJob(db.prisma, { clientId, runAt: new Date(T0.getTime() - i) }));
    const future = await insertJob(db.prisma, { clientId, runAt: new Date(T0.getTime() + 1) });
    const seen: JobContext[] = [];
    const result = await run(async (ctx) => {
      seen.push(ctx);
      return { note: `did ${ctx.job.id.slice(0, 4)}` };
    });
    expect(result).toEqual({
      success: true,
      claimed: 5,
      succeeded: 5,
      retried: 0,
      failed: 0,
      rescued: 0,
      durationMs: expect.any(Number),
      exhausted: true,
    });
    // Handlers get the claimed row, a live signal, the run's clock and the database.
    expect(seen.map((ctx) => ctx.job.id).sort()).toEqual(jobs.map((j) => j.id).sort());
    expect(seen[0]!.job).toMatchObject({ status: "RUNNING", attempts: 1 });
    expect(seen[0]!.signal.aborted).toBe(false);
    expect(seen[0]!.now()).toEqual(T0);
    expect(seen[0]!.db).toBe(db.prisma);
    const row = await readJob(db.prisma, jobs[0]!.id);
    expect(row).toMatchObject({ status: "SUCCEEDED", resultNote: `did ${row.id.slice(0, 4)}`, lockedBy: null });
    expect((await readJob(db.prisma, future.id)).status).toBe("PENDING");
  });

  it("a poison job is retried with backoff and ends FAILED after maxAttempts with its last error", async () => {
    const job = await insertJob(db.prisma, { clientId, runAt: T0, maxAttempts: 3 });
    let calls = 0;
    const poison: JobHandler = async () => {
      calls += 1;
      throw new Error(`boom #${calls}`);
    };
    const first = await run(poison);
    expect(first).toMatchObject({ claimed: 1, retried: 1, failed: 0, exhausted: true });
    const retry = await readJob(db.prisma, job.id);
    expect(retry).toMatchObject({ status: "PENDING", attempts: 1, lastError: "Error: boom #1" });
    // Equal jitter: the first retry comes 7.5–15 s later.
    const delay = retry.runAt.getTime() - T0.getTime();
    expect(delay).toBeGreaterThanOrEqual(7_500);
    expect(delay).toBeLessThanOrEqual(15_000);
    // Not due yet at the same instant.
    expect(await run(poison)).toMatchObject({ claimed: 0, exhausted: true });

    for (let hour = 1; hour <= 4; hour++) await run(poison, { now: () => new Date(T0.getTime() + hour * HOUR) });
    expect(calls).toBe(3);
    expect(await readJob(db.prisma, job.id)).toMatchObject({
      status: "FAILED",
      attempts: 3,
      lastError: "Error: boom #3",
      finishedAt: new Date(T0.getTime() + 2 * HOUR),
    });
  });

  it("a PermanentJobError fails the job at once", async () => {
    const job = await insertJob(db.prisma, { clientId, runAt: T0 });
    const result = await run(async () => {
      throw new PermanentJobError("lead is gone");
    });
    expect(result).toMatchObject({ claimed: 1, failed: 1, retried: 0 });
    expect(await readJob(db.prisma, job.id)).toMatchObject({
      status: "FAILED",
      attempts: 1,
      lastError: "PermanentJobError: lead is gone",
    });
  });

  it("abandons a handler that exceeds its timeout, fails the run and retries it later", async () => {
    const job = await insertJob(db.prisma, { clientId, runAt: T0 });
    let abortedWith: unknown;
    const hung: JobHandler = ({ signal }) =>
      new Promise(() => {
        // Never settles: only the runner's race can end this run.
        signal.addEventListener("abort", () => (abortedWith = signal.reason));
      });
    const result = await run(hung, { timeoutsMs: { LEAD_SCORING_POST_PROCESS: 150 } });
    expect(result).toMatchObject({ claimed: 1, retried: 1, succeeded: 0 });
    expect(abortedWith).toMatchObject({ name: "JobTimeoutError" });
    expect(await readJob(db.prisma, job.id)).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastError: "JobTimeoutError: timed out after 150 ms",
    });
    const later = await run(async () => ({ note: "fine now" }), { now: () => new Date(T0.getTime() + HOUR) });
    expect(later).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await readJob(db.prisma, job.id)).toMatchObject({
      status: "SUCCEEDED",
      attempts: 2,
      resultNote: "fine now",
    });
  });

  it("completes { noop: true } jobs without calling their handler", async () => {
    expect(await enqueueNoopJobs({ db: db.prisma, clientId, count: 250, runAt: T0 })).toBe(250);
    const other = await insertJob(db.prisma, { clientId, runAt: T0, payload: { noop: false } });
    let calls = 0;
    const result = await run(async () => {
      calls += 1;
      return { note: "real" };
    });
    expect(result).toMatchObject({ claimed: 251, succeeded: 251, exhausted: true });
    expect(calls).toBe(1);
    expect(await db.prisma.backgroundJob.count({ where: { resultNote: "noop", status: "SUCCEEDED" } })).toBe(250);
    expect((await readJob(db.prisma, other.id)).resultNote).toBe("real");
    const noop = await db.prisma.backgroundJob.findFirstOrThrow({ where: { resultNote: "noop" } });
    expect(noop.payload).toEqual(NOOP_PAYLOAD);
  });

  it("claims only the types whose timeout fits in what is left of its budget", async () => {
    const short = await insertJob(db.prisma, { clientId, runAt: T0 });
    const long = await insertJob(db.prisma, { clientId, runAt: T0, type: "APPOINTMENT_RECONCILE" });
    const result = await run(async () => undefined, {
      maxMs: 10_000,
      timeoutsMs: { LEAD_SCORING_POST_PROCESS: 1_000, APPOINTMENT_RECONCILE: 20_000 },
    });
    expect(result).toMatchObject({ claimed: 1, succeeded: 1, exhausted: false });
    expect((await readJob(db.prisma, short.id)).status).toBe("SUCCEEDED");
    expect(await readJob(db.prisma, long.id)).toMatchObject({ status: "PENDING", attempts: 0 });
  });

  it("hands back a claimed job that waited too long for a slot, then runs it", async () => {
    const first = await insertJob(db.prisma, { clientId, runAt: new Date(T0.getTime() - 1) });
    const second = await insertJob(db.prisma, { clientId, runAt: T0 });
    const order: string[] = [];
    const result = await run(
      async ({ job }) => {
        order.push(job.id);
        if (job.id === first.id) await new Promise((resolve) => setTimeout(resolve, 300));
      },
      { concurrency: 1, leaseGraceMs: 100 },
    );
    // Both were claimed together; the second waited 300 ms > the 100 ms grace, so it went
    // back (attempt returned) and was claimed again once the slot was free.
    expect(result).toMatchObject({ claimed: 3, succeeded: 2, retried: 0, failed: 0, exhausted: true });
    expect(order).toEqual([first.id, second.id]);
    expect(await readJob(db.prisma, second.id)).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
  });

  it("a job that waited more than half the grace for a slot is handed back, so its outcome fits in its lease", async () => {
    // Waiting up to the full grace and then running to the timeout would end the run
    // after its lease, when another runner may already have claimed the job again.
    const first = await insertJob(db.prisma, { clientId, runAt: new Date(T0.getTime() - 1) });
    const second = await insertJob(db.prisma, { clientId, runAt: T0 });
    const order: string[] = [];
    const result = await run(
      async ({ job }) => {
        order.push(job.id);
        if (job.id === first.id) await new Promise((resolve) => setTimeout(resolve, 300));
      },
      // The second job waits >= 300 ms: more than half of the 400 ms grace, less than all of it.
      { concurrency: 1, leaseGraceMs: 400 },
    );
    expect(result).toMatchObject({ claimed: 3, succeeded: 2, retried: 0, failed: 0, exhausted: true });
    expect(order).toEqual([first.id, second.id]);
    expect(await readJob(db.prisma, second.id)).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
  });

  it("rescues expired leases before claiming and reports them", async () => {
    const dead = await insertJob(db.prisma, {
      clientId,
      status: "RUNNING",
      attempts: 1,
      lockedBy: "gone",
      lockedUntil: new Date(T0.getTime() - 1),
    });
    const result = await run(async () => ({ note: "recovered" }));
    expect(result).toMatchObject({ rescued: 1, claimed: 1, succeeded: 1 });
    expect(await readJob(db.prisma, dead.id)).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
  });

  it("rejects bad options before touching the database", async () => {
    await expect(run(async () => undefined, { concurrency: 0 })).rejects.toThrow(/concurrency/);
    await expect(run(async () => undefined, { batchSize: 1.5 })).rejects.toThrow(/batchSize/);
    await expect(run(async () => undefined, { maxMs: -1 })).rejects.toThrow(/maxMs/);
  });
});
