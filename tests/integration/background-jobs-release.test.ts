// release.ts: a claimed job the runner could not start goes back to PENDING with its
// attempt given back, only while the run still holds it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimJobs } from "@/lib/background-jobs/claim";
import { releaseJobs } from "@/lib/background-jobs/release";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { insertJob, readJob } from "../helpers/job-fixtures";

let db: TestDatabase;
let clientId: string;
const NOW = new Date("2026-03-01T12:00:00.000Z");
const leases = { LEAD_SCORING_POST_PROCESS: 60_000 };

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Release Co")).id;
});
afterAll(async () => db?.drop());

describe("releaseJobs", () => {
  it("hands back a claimed job untouched but for its state, and only under its own lease", async () => {
    const runAt = new Date(NOW.getTime() - 1000);
    const job = await insertJob(db.prisma, { clientId, runAt, attempts: 2 });
    await claimJobs({ db: db.prisma, runnerId: "r1", now: NOW, limit: 1, leases });
    expect(await releaseJobs({ db: db.prisma, runnerId: "other", now: NOW, runs: [{ id: job.id, attempts: 3 }] })).toBe(
      0,
    );
    expect(await releaseJobs({ db: db.prisma, runnerId: "r1", now: NOW, runs: [{ id: job.id, attempts: 3 }] })).toBe(1);
    expect(await readJob(db.prisma, job.id)).toMatchObject({
      status: "PENDING",
      attempts: 2,
      runAt,
      lockedBy: null,
      lockedAt: null,
      lockedUntil: null,
    });
    // Due again at once.
    expect(await claimJobs({ db: db.prisma, runnerId: "r2", now: NOW, limit: 1, leases })).toHaveLength(1);
    expect(await releaseJobs({ db: db.prisma, runnerId: "r2", now: NOW, runs: [] })).toBe(0);
  });
});
