// rescue.ts: jobs of dead runners (RUNNING past their lease) are FAILED when that run was
// their last attempt and re-queued otherwise; live leases and other states are untouched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rescueExpiredJobs } from "@/lib/background-jobs/rescue";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { insertJob, readJob } from "../helpers/job-fixtures";

let db: TestDatabase;
let clientId: string;
const NOW = new Date("2026-03-01T12:00:00.000Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Rescue Co")).id;
});
afterAll(async () => db?.drop());

describe("rescueExpiredJobs", () => {
  it("fails exhausted expired leases, re-queues the others, counts both", async () => {
    const spent = await insertJob(db.prisma, {
      clientId,
      status: "RUNNING",
      attempts: 3,
      maxAttempts: 3,
      lockedBy: "dead-runner",
      lockedUntil: at(-1),
      runAt: at(-600_000),
    });
    const retry = await insertJob(db.prisma, {
      clientId,
      status: "RUNNING",
      attempts: 1,
      lockedBy: "dead-runner",
      lockedUntil: at(-1),
      runAt: at(-600_000),
    });
    const live = await insertJob(db.prisma, {
      clientId,
      status: "RUNNING",
      attempts: 1,
      lockedBy: "a",
      lockedUntil: NOW,
    });
    const pending = await insertJob(db.prisma, { clientId, runAt: at(-1) });

    expect(await rescueExpiredJobs({ db: db.prisma, now: NOW })).toEqual({ failed: 1, requeued: 1 });
    expect(await readJob(db.prisma, spent.id)).toMatchObject({
      status: "FAILED",
      finishedAt: NOW,
      attempts: 3,
      lockedBy: null,
      lockedUntil: null,
      lastError: "lease expired: runner dead-runner stopped before finishing attempt 3 of 3",
    });
    expect(await readJob(db.prisma, retry.id)).toMatchObject({
      status: "PENDING",
      runAt: NOW,
      attempts: 1,
      finishedAt: null,
      lockedBy: null,
      lastError: "lease expired: runner dead-runner stopped before finishing attempt 1 of 5",
    });
    // lockedUntil == now is not expired yet.
    expect(await readJob(db.prisma, live.id)).toMatchObject({ status: "RUNNING", lockedBy: "a" });
    expect((await readJob(db.prisma, pending.id)).status).toBe("PENDING");
    expect(await rescueExpiredJobs({ db: db.prisma, now: NOW })).toEqual({ failed: 0, requeued: 0 });
  });

  it("works in bounded batches", async () => {
    for (let i = 0; i < 3; i++)
      await insertJob(db.prisma, { clientId, status: "RUNNING", attempts: 1, lockedBy: "x", lockedUntil: at(-1) });
    expect(await rescueExpiredJobs({ db: db.prisma, now: NOW, limit: 2 })).toEqual({ failed: 0, requeued: 2 });
    expect(await rescueExpiredJobs({ db: db.prisma, now: NOW, limit: 2 })).toEqual({ failed: 0, requeued: 1 });
  });
});
