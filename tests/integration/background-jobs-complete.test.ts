// complete.ts: a run is completed only under its own lease and attempt (fencing), so a
// late finisher that lost its lease changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimJobs } from "@/lib/background-jobs/claim";
import { completeJobs } from "@/lib/background-jobs/complete";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { insertJob, readJob } from "../helpers/job-fixtures";

let db: TestDatabase;
let clientId: string;
const NOW = new Date("2026-03-01T12:00:00.000Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const leases = { LEAD_SCORING_POST_PROCESS: 60_000 };

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Complete Co")).id;
});
afterAll(async () => db?.drop());

describe("completeJobs", () => {
  it("marks many runs SUCCEEDED in one call, with their notes, and clears the lease", async () => {
    const a = await insertJob(db.prisma, { clientId, runAt: at(-2) });
    const b = await insertJob(db.prisma, { clientId, runAt: at(-1) });
    const claimed = await claimJobs({ db: db.prisma, runnerId: "r1", now: NOW, limit: 10, leases });
    expect(claimed).toHaveLength(2);
    const done = await completeJobs({
      db: db.prisma,
      runnerId: "r1",
      now: at(500),
      runs: [
        { id: a.id, attempts: 1, note: "scored 42" },
        { id: b.id, attempts: 1 },
      ],
    });
    expect(done.sort()).toEqual([a.id, b.id].sort());
    expect(await readJob(db.prisma, a.id)).toMatchObject({
      status: "SUCCEEDED",
      finishedAt: at(500),
      resultNote: "scored 42",
      lockedBy: null,
      lockedAt: null,
      lockedUntil: null,
      attempts: 1,
      startedAt: NOW,
    });
    expect(await readJob(db.prisma, b.id)).toMatchObject({ status: "SUCCEEDED", resultNote: null });
    expect(await completeJobs({ db: db.prisma, runnerId: "r1", now: NOW, runs: [] })).toEqual([]);
  });

  it("a late finisher that lost its lease changes nothing", async () => {
    const job = await insertJob(db.prisma, { clientId, runAt: at(-1) });
    await claimJobs({ db: db.prisma, runnerId: "slow", now: NOW, limit: 1, leases });
    // The lease passes; another runner reclaims the job (attempt 2) and is still running it.
    const [again] = await claimJobs({ db: db.prisma, runnerId: "fast", now: at(60_001), limit: 1, leases });
    expect(again).toMatchObject({ id: job.id, attempts: 2, lockedBy: "fast" });
    const before = await readJob(db.prisma, job.id);

    const late = await completeJobs({
      db: db.prisma,
      runnerId: "slow",
      now: at(70_000),
      runs: [{ id: job.id, attempts: 1, note: "late" }],
    });
    expect(late).toEqual([]);
    expect(await readJob(db.prisma, job.id)).toEqual(before);

    // Same runner id but a stale attempt number (it reclaimed its own job): still fenced.
    expect(
      await completeJobs({ db: db.prisma, runnerId: "fast", now: at(70_000), runs: [{ id: job.id, attempts: 1 }] }),
    ).toEqual([]);
    // The current holder completes normally.
    expect(
      await completeJobs({ db: db.prisma, runnerId: "fast", now: at(70_000), runs: [{ id: job.id, attempts: 2 }] }),
    ).toEqual([job.id]);
  });

  it("does not touch a job that is no longer RUNNING (e.g. rescued to FAILED)", async () => {
    const job = await insertJob(db.prisma, {
      clientId,
      status: "FAILED",
      attempts: 1,
      lockedBy: null,
      lastError: "lease expired",
    });
    expect(
      await completeJobs({ db: db.prisma, runnerId: "r1", now: NOW, runs: [{ id: job.id, attempts: 1 }] }),
    ).toEqual([]);
    expect(await readJob(db.prisma, job.id)).toMatchObject({ status: "FAILED", lastError: "lease expired" });
  });

  it("stores a note with a NUL byte instead of failing the whole batch", async () => {
    const job = await insertJob(db.prisma, { clientId, runAt: at(-1) });
    const [claimed] = await claimJobs({ db: db.prisma, runnerId: "r-nul", now: at(1), limit: 1, leases });
    expect(claimed?.id).toBe(job.id);
    const done = await completeJobs({
      db: db.prisma,
      runnerId: "r-nul",
      now: at(2),
      runs: [{ id: job.id, attempts: 1, note: "history sync: stopped: \u0000odd" }],
    });
    expect(done).toEqual([job.id]);
    expect(await readJob(db.prisma, job.id)).toMatchObject({
      status: "SUCCEEDED",
      resultNote: "history sync: stopped: odd",
    });
  });
});
