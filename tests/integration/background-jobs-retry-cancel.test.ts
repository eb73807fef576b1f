// retry.ts and cancel.ts (the ops page's buttons): which states they accept, what they
// write, and that they never reach another workspace's jobs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelJobs, CANCELED_NOTE } from "@/lib/background-jobs/cancel";
import { retryJobs } from "@/lib/background-jobs/retry";
import type { BackgroundJobStatus } from "@/lib/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { insertJob, readJob } from "../helpers/job-fixtures";

let db: TestDatabase;
let alpha: string;
let beta: string;
const NOW = new Date("2026-03-01T12:00:00.000Z");
const STATUSES: BackgroundJobStatus[] = ["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"];

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  beta = (await createWorkspace(db.prisma, "Beta")).id;
});
afterAll(async () => db?.drop());

async function oneOfEach(clientId: string) {
  const jobs = new Map<BackgroundJobStatus, string>();
  for (const status of STATUSES)
    jobs.set(
      status,
      (
        await insertJob(db.prisma, {
          clientId,
          status,
          attempts: 5,
          maxAttempts: 5,
          lastError: status === "FAILED" ? "boom" : null,
          ...(status === "RUNNING" ? { lockedBy: "r", lockedUntil: new Date(NOW.getTime() + 60_000) } : {}),
        })
      ).id,
    );
  return jobs;
}

describe("retryJobs", () => {
  it("re-queues FAILED and CANCELED jobs with a fresh attempt budget, keeping the last error", async () => {
    const jobs = await oneOfEach(alpha);
    const retried = await retryJobs({ db: db.prisma, clientId: alpha, ids: [...jobs.values()], now: NOW });
    expect(retried.sort()).toEqual([jobs.get("FAILED"), jobs.get("CANCELED")].sort());
    expect(await readJob(db.prisma, jobs.get("FAILED")!)).toMatchObject({
      status: "PENDING",
      runAt: NOW,
      attempts: 0,
      maxAttempts: 5,
      finishedAt: null,
      lastError: "boom",
    });
    for (const status of ["PENDING", "RUNNING", "SUCCEEDED"] as const)
      expect((await readJob(db.prisma, jobs.get(status)!)).status).toBe(status);
  });

  it("ignores ids of another workspace", async () => {
    const jobs = await oneOfEach(beta);
    expect(await retryJobs({ db: db.prisma, clientId: alpha, ids: [jobs.get("FAILED")!], now: NOW })).toEqual([]);
    expect((await readJob(db.prisma, jobs.get("FAILED")!)).status).toBe("FAILED");
    expect(await retryJobs({ db: db.prisma, clientId: alpha, ids: [], now: NOW })).toEqual([]);
  });
});

describe("cancelJobs", () => {
  it("cancels PENDING and FAILED jobs only", async () => {
    const jobs = await oneOfEach(alpha);
    const canceled = await cancelJobs({ db: db.prisma, clientId: alpha, ids: [...jobs.values()], now: NOW });
    expect(canceled.sort()).toEqual([jobs.get("PENDING"), jobs.get("FAILED")].sort());
    expect(await readJob(db.prisma, jobs.get("PENDING")!)).toMatchObject({
      status: "CANCELED",
      finishedAt: NOW,
      resultNote: CANCELED_NOTE,
    });
    expect(await readJob(db.prisma, jobs.get("FAILED")!)).toMatchObject({ status: "CANCELED", lastError: "boom" });
    expect(await readJob(db.prisma, jobs.get("RUNNING")!)).toMatchObject({ status: "RUNNING", lockedBy: "r" });
    expect((await readJob(db.prisma, jobs.get("SUCCEEDED")!)).status).toBe("SUCCEEDED");
  });

  it("ignores ids of another workspace", async () => {
    const jobs = await oneOfEach(beta);
    expect(await cancelJobs({ db: db.prisma, clientId: alpha, ids: [jobs.get("PENDING")!], now: NOW })).toEqual([]);
    expect((await readJob(db.prisma, jobs.get("PENDING")!)).status).toBe("PENDING");
  });
});
