// What the ops page reads: counts by type and state (finished ones over 24 hours only)
// and the jobs needing attention, for one workspace only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJobOverview, OVERDUE_AFTER_MS } from "@/lib/background-jobs/job-overview";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { insertJob } from "../helpers/job-fixtures";

let db: TestDatabase;
let alpha: string;
let beta: string;
const NOW = new Date("2026-03-01T12:00:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  beta = (await createWorkspace(db.prisma, "Beta")).id;
});
afterAll(async () => db?.drop());

describe("getJobOverview", () => {
  it("counts and lists what needs attention, scoped to the workspace", async () => {
    const lead = await db.prisma.lead.create({ data: { clientId: alpha, name: "Ann Lead" } });
    const failed = await db.prisma.backgroundJob.create({
      data: {
        clientId: alpha,
        leadId: lead.id,
        type: "SMS_INBOUND_POST_PROCESS",
        status: "FAILED",
        runAt: ago(3_600_000),
        attempts: 5,
        finishedAt: ago(60_000),
        lastError: "Error: AI 500",
      },
    });
    const stuck = await insertJob(db.prisma, {
      clientId: alpha,
      status: "RUNNING",
      attempts: 1,
      lockedBy: "dead",
      lockedUntil: ago(1),
    });
    await insertJob(db.prisma, { clientId: alpha, status: "RUNNING", attempts: 1, lockedBy: "ok", lockedUntil: NOW });
    const overdue = await insertJob(db.prisma, { clientId: alpha, runAt: ago(OVERDUE_AFTER_MS + 1) });
    await insertJob(db.prisma, { clientId: alpha, runAt: ago(OVERDUE_AFTER_MS - 1) });
    // Finished: inside and outside the 24-hour window.
    await db.prisma.backgroundJob.create({
      data: {
        clientId: alpha,
        type: "LEAD_SCORING_POST_PROCESS",
        status: "SUCCEEDED",
        runAt: ago(1),
        finishedAt: ago(1),
      },
    });
    await db.prisma.backgroundJob.create({
      data: {
        clientId: alpha,
        type: "LEAD_SCORING_POST_PROCESS",
        status: "SUCCEEDED",
        runAt: ago(2 * 86_400_000),
        finishedAt: ago(2 * 86_400_000),
      },
    });
    // Another workspace's jobs never show.
    await insertJob(db.prisma, { clientId: beta, status: "FAILED", lastError: "beta" });
    await insertJob(db.prisma, { clientId: beta, runAt: ago(86_400_000) });

    const overview = await getJobOverview({ db: db.prisma, clientId: alpha, now: NOW });
    expect(overview.counts).toEqual([
      { type: "LEAD_SCORING_POST_PROCESS", status: "PENDING", count: 2 },
      { type: "LEAD_SCORING_POST_PROCESS", status: "RUNNING", count: 2 },
      { type: "LEAD_SCORING_POST_PROCESS", status: "SUCCEEDED", count: 1 },
      { type: "SMS_INBOUND_POST_PROCESS", status: "FAILED", count: 1 },
    ]);
    expect(overview.problems.map((p) => [p.id, p.problem])).toEqual([
      [stuck.id, "lease-expired"],
      [failed.id, "failed"],
      [overdue.id, "overdue"],
    ]);
    expect(overview.problems[1]).toMatchObject({
      leadId: lead.id,
      leadName: "Ann Lead",
      lastError: "Error: AI 500",
      attempts: 5,
      maxAttempts: 5,
      status: "FAILED",
    });
    expect(overview.problemsTruncated).toBe(false);
  });
});
