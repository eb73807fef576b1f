// claim.ts on a real database: what is due, in which order, what a claim writes (attempts,
// lease, startedAt) and what it leaves alone.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { claimJobs } from "@/lib/background-jobs/claim";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { insertJob, readJob } from "../helpers/job-fixtures";

let db: TestDatabase;
let clientId: string;
const NOW = new Date("2026-03-01T12:00:00.000Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const ALL_LEASES = { LEAD_SCORING_POST_PROCESS: 60_000, SMS_INBOUND_POST_PROCESS: 90_000 } as const;

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Claim Co")).id;
});
afterAll(async () => db?.drop());
beforeEach(async () => {
  await db.prisma.backgroundJob.deleteMany();
});

describe("claimJobs", () => {
  it("takes due PENDING jobs by (runAt, id), starts a run and sets the type's lease", async () => {
    const late = await insertJob(db.prisma, { clientId, runAt: at(-1000) });
    const early = await insertJob(db.prisma, { clientId, runAt: at(-5000), type: "SMS_INBOUND_POST_PROCESS" });
    const future = await insertJob(db.prisma, { clientId, runAt: at(1) });
    const jobs = await claimJobs({ db: db.prisma, runnerId: "r1", now: NOW, limit: 10, leases: ALL_LEASES });
    expect(jobs.map((j) => j.id).sort()).toEqual([early.id, late.id].sort());
    const claimed = jobs.find((j) => j.id === early.id)!;
    // Rows come back typed like Prisma models (the runner hands them to handlers).
    expect(claimed.runAt).toBeInstanceOf(Date);
    expect(claimed).toMatchObject({
      status: "RUNNING",
      attempts: 1,
      lockedBy: "r1",
      lockedAt: NOW,
      startedAt: NOW,
      lockedUntil: at(90_000),
      type: "SMS_INBOUND_POST_PROCESS",
    });
    expect((await readJob(db.prisma, late.id)).lockedUntil).toEqual(at(60_000));
    expect((await readJob(db.prisma, future.id)).status).toBe("PENDING");
  });

  it("respects the limit and the order, ties on runAt broken by id", async () => {
    const same = at(-1000);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await insertJob(db.prisma, { clientId, runAt: same })).id);
    const oldest = await insertJob(db.prisma, { clientId, runAt: at(-9000) });
    const jobs = await claimJobs({ db: db.prisma, runnerId: "r1", now: NOW, limit: 3, leases: ALL_LEASES });
    expect(jobs.map((j) => j.id).sort()).toEqual([oldest.id, ...ids.sort().slice(0, 2)].sort());
  });

  it("claims only the types it is given (the runner near its deadline)", async () => {
    const scoring = await insertJob(db.prisma, { clientId, runAt: at(-1000) });
    await insertJob(db.prisma, { clientId, runAt: at(-2000), type: "APPOINTMENT_RECONCILE" });
    const jobs = await claimJobs({
      db: db.prisma,
      runnerId: "r1",
      now: NOW,
      limit: 10,
      leases: { LEAD_SCORING_POST_PROCESS: 60_000 },
    });
    expect(jobs.map((j) => j.id)).toEqual([scoring.id]);
    expect(await claimJobs({ db: db.prisma, runnerId: "r1", now: NOW, limit: 10, leases: {} })).toEqual([]);
  });

  it("reclaims RUNNING jobs whose lease expired, only while attempts remain, expired ones first", async () => {
    const pending = await insertJob(db.prisma, { clientId, runAt: at(-60_000) });
    const expired = await insertJob(db.prisma, {
      clientId,
      status: "RUNNING",
      attempts: 2,
      lockedBy: "dead",
      lockedUntil: at(-1),
      runAt: at(-1000),
    });
    const live = await insertJob(db.prisma, {
      clientId,
      status: "RUNNING",
      attempts: 1,
      lockedBy: "alive",
      lockedUntil: at(1),
    });
    const spent = await insertJob(db.prisma, {
      clientId,
      status: "RUNNING",
      attempts: 5,
      maxAttempts: 5,
      lockedBy: "dead",
      lockedUntil: at(-1),
    });
    const jobs = await claimJobs({ db: db.prisma, runnerId: "r2", now: NOW, limit: 1, leases: ALL_LEASES });
    expect(jobs.map((j) => j.id)).toEqual([expired.id]);
    expect(jobs[0]).toMatchObject({ attempts: 3, lockedBy: "r2" });
    const rest = await claimJobs({ db: db.prisma, runnerId: "r2", now: NOW, limit: 10, leases: ALL_LEASES });
    expect(rest.map((j) => j.id)).toEqual([pending.id]);
    expect(await readJob(db.prisma, live.id)).toMatchObject({ lockedBy: "alive", attempts: 1 });
    expect(await readJob(db.prisma, spent.id)).toMatchObject({ status: "RUNNING", attempts: 5 });
  });

  it("never takes SUCCEEDED, FAILED or CANCELED jobs, and a claimed job is not claimed twice", async () => {
    for (const status of ["SUCCEEDED", "FAILED", "CANCELED"] as const)
      await insertJob(db.prisma, { clientId, status, runAt: at(-1000) });
    const due = await insertJob(db.prisma, { clientId, runAt: at(-1000) });
    const first = await claimJobs({ db: db.prisma, runnerId: "a", now: NOW, limit: 10, leases: ALL_LEASES });
    const second = await claimJobs({ db: db.prisma, runnerId: "b", now: NOW, limit: 10, leases: ALL_LEASES });
    expect(first.map((j) => j.id)).toEqual([due.id]);
    expect(second).toEqual([]);
  });

  it("rejects a bad limit", async () => {
    await expect(claimJobs({ db: db.prisma, runnerId: "r", now: NOW, limit: 0, leases: ALL_LEASES })).rejects.toThrow(
      RangeError,
    );
  });
});
