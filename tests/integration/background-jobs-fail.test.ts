// fail.ts: a failed run is retried later (PENDING at now + backoff) until its last attempt,
// then FAILED with its error kept; a permanent error is FAILED at once; fenced like complete.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimJobs } from "@/lib/background-jobs/claim";
import { failJobs, MAX_ERROR_LENGTH } from "@/lib/background-jobs/fail";
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
  clientId = (await createWorkspace(db.prisma, "Fail Co")).id;
});
afterAll(async () => db?.drop());

async function claimOne(runnerId: string, now = NOW) {
  const [job] = await claimJobs({ db: db.prisma, runnerId, now, limit: 1, leases });
  if (!job) throw new Error("nothing claimed");
  return job;
}

describe("failJobs", () => {
  it("retries with the given delay while attempts remain, then FAILED with the last error", async () => {
    const job = await insertJob(db.prisma, { clientId, runAt: at(-1), maxAttempts: 2 });
    await claimOne("r1");
    const first = await failJobs({
      db: db.prisma,
      runnerId: "r1",
      now: at(100),
      runs: [{ id: job.id, attempts: 1, error: "Error: 500 from provider", permanent: false, retryInMs: 15_000 }],
    });
    expect(first).toEqual({ retried: [job.id], failed: [] });
    expect(await readJob(db.prisma, job.id)).toMatchObject({
      status: "PENDING",
      runAt: at(15_100),
      lastError: "Error: 500 from provider",
      finishedAt: null,
      lockedBy: null,
      lockedUntil: null,
      attempts: 1,
    });
    // Not due before its backoff has passed.
    expect(await claimJobs({ db: db.prisma, runnerId: "r1", now: at(15_099), limit: 1, leases })).toEqual([]);

    await claimOne("r2", at(15_100));
    const second = await failJobs({
      db: db.prisma,
      runnerId: "r2",
      now: at(16_000),
      runs: [{ id: job.id, attempts: 2, error: "Error: still 500", permanent: false, retryInMs: 30_000 }],
    });
    expect(second).toEqual({ retried: [], failed: [job.id] });
    expect(await readJob(db.prisma, job.id)).toMatchObject({
      status: "FAILED",
      attempts: 2,
      finishedAt: at(16_000),
      lastError: "Error: still 500",
      runAt: at(15_100),
    });
  });

  it("fails a permanent error at once, whatever attempts remain, and caps long errors", async () => {
    const job = await insertJob(db.prisma, { clientId, runAt: at(-1), maxAttempts: 5 });
    await claimOne("r1");
    const outcome = await failJobs({
      db: db.prisma,
      runnerId: "r1",
      now: NOW,
      runs: [{ id: job.id, attempts: 1, error: "x".repeat(10_000), permanent: true, retryInMs: 1000 }],
    });
    expect(outcome.failed).toEqual([job.id]);
    const row = await readJob(db.prisma, job.id);
    expect(row).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(row.lastError).toHaveLength(MAX_ERROR_LENGTH);
  });

  it("handles a batch of mixed outcomes in one call", async () => {
    const retry = await insertJob(db.prisma, { clientId, runAt: at(-3) });
    const last = await insertJob(db.prisma, { clientId, runAt: at(-2), attempts: 4, maxAttempts: 5 });
    const permanent = await insertJob(db.prisma, { clientId, runAt: at(-1) });
    const claimed = await claimJobs({ db: db.prisma, runnerId: "r1", now: NOW, limit: 10, leases });
    expect(claimed).toHaveLength(3);
    const outcome = await failJobs({
      db: db.prisma,
      runnerId: "r1",
      now: NOW,
      runs: [
        { id: retry.id, attempts: 1, error: "e1", permanent: false, retryInMs: 7_500 },
        { id: last.id, attempts: 5, error: "e2", permanent: false, retryInMs: 7_500 },
        { id: permanent.id, attempts: 1, error: "e3", permanent: true, retryInMs: 7_500 },
      ],
    });
    expect(outcome.retried).toEqual([retry.id]);
    expect(outcome.failed.sort()).toEqual([last.id, permanent.id].sort());
  });

  it("a runner that lost its lease cannot fail (or reschedule) the job", async () => {
    const job = await insertJob(db.prisma, { clientId, runAt: at(-1) });
    await claimOne("slow");
    await claimOne("fast", at(60_001));
    const before = await readJob(db.prisma, job.id);
    const outcome = await failJobs({
      db: db.prisma,
      runnerId: "slow",
      now: at(61_000),
      runs: [{ id: job.id, attempts: 1, error: "late", permanent: true, retryInMs: 0 }],
    });
    expect(outcome).toEqual({ retried: [], failed: [] });
    expect(await readJob(db.prisma, job.id)).toEqual(before);
  });

  it("stores an error with a NUL byte (PostgreSQL text cannot hold it) without failing the batch", async () => {
    // One such message used to fail the whole UPDATE: every failure of the batch was lost
    // and the runner stopped with a 500.
    const binary = await insertJob(db.prisma, { clientId, runAt: at(-2) });
    const other = await insertJob(db.prisma, { clientId, runAt: at(-1) });
    const claimed = await claimJobs({ db: db.prisma, runnerId: "r-nul", now: NOW, limit: 10, leases });
    expect(claimed.map((j) => j.id).sort()).toEqual([binary.id, other.id].sort());
    const outcome = await failJobs({
      db: db.prisma,
      runnerId: "r-nul",
      now: NOW,
      runs: [
        {
          id: binary.id,
          attempts: 1,
          error: "Error: provider said \u0000\u0001PNG",
          permanent: false,
          retryInMs: 1000,
        },
        { id: other.id, attempts: 1, error: "Error: plain", permanent: false, retryInMs: 1000 },
      ],
    });
    expect(outcome.retried.sort()).toEqual([binary.id, other.id].sort());
    expect(await readJob(db.prisma, binary.id)).toMatchObject({
      status: "PENDING",
      lastError: "Error: provider said \u0001PNG",
    });
    expect(await readJob(db.prisma, other.id)).toMatchObject({ status: "PENDING", lastError: "Error: plain" });
  });
});
