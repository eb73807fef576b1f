// RED TEAM 16 on demo data: the deterministic helper reproduces every scheduled runAt;
// a moved runAt shows up as a mismatch. Plus the CLI's exit codes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeChosenDelaySeconds } from "@/lib/background-jobs/delayed-auto-send";
import { formatDelayAttributionReport, verifyDelayAttribution } from "@/lib/response-timing/verify-delay-attribution";
import type { TestDatabase } from "../helpers/test-database";
import { runCli, seededDatabase } from "../helpers/backfill-fixtures";

let db: TestDatabase;
let jobs: number;

beforeAll(async () => {
  db = await seededDatabase();
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "BackgroundJob" j JOIN "Message" m ON m."id" = j."messageId" WHERE j."type" = 'AI_AUTO_SEND_DELAYED'`,
  );
  jobs = row!.n;
});

afterAll(async () => {
  await db?.drop();
});

describe("verifyDelayAttribution", () => {
  it("matches 100% of the demo's delayed auto-send jobs", async () => {
    expect(jobs).toBeGreaterThan(20);
    const report = await verifyDelayAttribution({ db: db.prisma, sample: 100_000 });
    expect(report).toEqual({ sampled: jobs, matched: jobs, mismatched: 0, matchRate: 100, mismatches: [] });
    expect(formatDelayAttributionReport(report)).toContain("match rate:  100.00%");
  });

  it("samples the N most recent by runAt, optionally in one workspace", async () => {
    expect((await verifyDelayAttribution({ db: db.prisma, sample: 5 })).sampled).toBe(5);
    const [workspace] = await db.query<{ id: string; n: number }>(
      `SELECT "clientId" AS id, count(*)::int AS n FROM "BackgroundJob" WHERE "type" = 'AI_AUTO_SEND_DELAYED' GROUP BY 1 ORDER BY 2 LIMIT 1`,
    );
    const scoped = await verifyDelayAttribution({ db: db.prisma, sample: 100_000, clientId: workspace!.id });
    expect(scoped).toMatchObject({ sampled: workspace!.n, matchRate: 100 });
    await expect(
      verifyDelayAttribution({ db: db.prisma, sample: 5, clientId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toThrow(/No workspace with id/);
  });

  it("reports a job whose runAt was moved as a mismatch, with expected and actual seconds", async () => {
    const [job] = await db.query<{ id: string; messageId: string; min: number; max: number }>(
      `SELECT j."id", j."messageId", c."aiDelayMinSeconds" AS min, c."aiDelayMaxSeconds" AS max
         FROM "BackgroundJob" j JOIN "Client" c ON c."id" = j."clientId"
        WHERE j."type" = 'AI_AUTO_SEND_DELAYED' ORDER BY j."runAt" DESC, j."id" DESC LIMIT 1`,
    );
    // Enqueued late: scheduleAutoSendAt() would have clamped runAt to "now", 95s later.
    await db.query(`UPDATE "BackgroundJob" SET "runAt" = "runAt" + interval '95 seconds' WHERE "id" = $1`, [job!.id]);
    const expected = computeChosenDelaySeconds(job!.messageId, job!.min, job!.max);
    const report = await verifyDelayAttribution({ db: db.prisma, sample: 100_000 });
    expect(report).toMatchObject({ sampled: jobs, matched: jobs - 1, mismatched: 1 });
    expect(report.matchRate).toBeCloseTo(((jobs - 1) / jobs) * 100, 2);
    expect(report.mismatches).toEqual([{ jobId: job!.id, messageId: job!.messageId, expected, actual: expected + 95 }]);
    const text = formatDelayAttributionReport(report).join("\n");
    expect(text).toContain(job!.id);
    expect(text).toMatch(/mismatches \(all, most recent first\)/);
  });

  it("CLI: a report exits 0 whatever the rate; bad flags exit 2; errors exit 1", async () => {
    const env = { DATABASE_URL: db.url };
    const [report, missing, zero, badId, unknown] = await Promise.all([
      runCli("verify-delay-attribution.ts", ["--sample", "500"], env),
      runCli("verify-delay-attribution.ts", [], env),
      runCli("verify-delay-attribution.ts", ["--sample", "0"], env),
      runCli("verify-delay-attribution.ts", ["--sample", "5", "--client-id", "x"], env),
      runCli(
        "verify-delay-attribution.ts",
        ["--sample", "5", "--client-id", "00000000-0000-4000-8000-000000000000"],
        env,
      ),
    ]);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/sampled: +\d+\nmatched: +\d+\nmismatched: +1\nmatch rate: +\d+\.\d\d%/);
    expect([missing.code, zero.code, badId.code]).toEqual([2, 2, 2]);
    expect(missing.stderr).toContain("--sample N is required");
    expect(zero.stderr).toContain("--sample must be between 1 and 100000");
    expect(badId.stderr).toContain("--client-id must be a UUID");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No workspace with id 00000000-0000-4000-8000-000000000000");
  });
});
