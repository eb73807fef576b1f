// 8 runners, each on its own connection pool, drain 1,000 jobs at the same time: every
// job runs exactly once and ends SUCCEEDED after one attempt (FOR UPDATE SKIP LOCKED + fencing).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainJobs } from "@/lib/background-jobs/drain-jobs";
import type { JobHandler } from "@/lib/background-jobs/job-handler";
import { noopHandlers } from "@/lib/background-jobs/noop";
import { createPrismaClient, type Db } from "@/lib/prisma-client";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";

const RUNNERS = 8;
const JOBS = 1000;

let db: TestDatabase;
let clientId: string;
const pools: Db[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Busy Co")).id;
  for (let i = 0; i < RUNNERS; i++) pools.push(createPrismaClient(db.url, { max: 3 }));
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.$disconnect()));
  await db?.drop();
});

describe("concurrent runners", () => {
  it(`${RUNNERS} claimers × ${JOBS} jobs: each job runs exactly once`, async () => {
    await db.query(
      `INSERT INTO "BackgroundJob" ("clientId", "type", "runAt", "dedupeKey", "updatedAt")
       SELECT $1::uuid, 'LEAD_SCORING_POST_PROCESS', now() - interval '1 hour' + n * interval '1 ms', 'c:' || n, now()
         FROM generate_series(1, $2::int) AS n`,
      [clientId, JOBS],
    );
    const runs = new Map<string, string[]>();
    const handler =
      (runner: string): JobHandler =>
      async ({ job }) => {
        runs.set(job.id, [...(runs.get(job.id) ?? []), runner]);
        // Yield to the event loop so runners really interleave.
        await new Promise((resolve) => setImmediate(resolve));
        return { note: runner };
      };
    const results = await Promise.all(
      pools.map((pool, i) =>
        drainJobs({
          db: pool,
          handlers: { ...noopHandlers, LEAD_SCORING_POST_PROCESS: handler(`runner-${i}`) },
          maxMs: 250_000,
          concurrency: 4,
          batchSize: 20,
          runnerId: `runner-${i}`,
        }),
      ),
    );

    expect(runs.size).toBe(JOBS);
    const twice = [...runs.entries()].filter(([, runners]) => runners.length !== 1);
    expect(twice).toEqual([]);
    expect(results.reduce((sum, r) => sum + r.claimed, 0)).toBe(JOBS);
    expect(results.reduce((sum, r) => sum + r.succeeded, 0)).toBe(JOBS);
    for (const result of results) expect(result).toMatchObject({ retried: 0, failed: 0, exhausted: true });
    // More than one runner did real work (they ran at the same time, not one after another).
    expect(results.filter((r) => r.claimed > 0).length).toBeGreaterThan(1);

    const rows = await db.query<{ status: string; attempts: number; n: number }>(
      `SELECT "status"::text, "attempts", count(*)::int AS n FROM "BackgroundJob" GROUP BY 1, 2`,
    );
    expect(rows).toEqual([{ status: "SUCCEEDED", attempts: 1, n: JOBS }]);
    // Each row's note names the runner whose handler ran it.
    const notes = await db.query<{ id: string; resultNote: string }>(`SELECT "id", "resultNote" FROM "BackgroundJob"`);
    for (const row of notes) expect(row.resultNote).toBe(runs.get(row.id)![0]);
  });
});
