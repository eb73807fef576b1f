// The bulk rebuild (lib/response-timing/bulk/) against the convergence oracle: random
// histories (late arrivals, replies weeks later, equal timestamps, jobs finishing late)
// rebuilt in random chunk sizes equal the cron's rebuild from scratch row for row, and the
// plain-TypeScript reading of the definitions.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillResponseTiming } from "@/lib/response-timing/backfill";
import { processResponseTiming } from "@/lib/response-timing/processor";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser, createWorkspace } from "../helpers/fixtures";
import { applyOp, historyTime, rebuildFromScratch, timingSnapshot } from "../helpers/apply-history";
import { expectedAnchors, randomHistory, type HDraft, type HJob, type HMessage } from "../helpers/random-history";

let db: TestDatabase;
let clientId: string;
let users: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Random")).id;
  users = [];
  for (const email of ["a@r.test", "b@r.test", "c@r.test"])
    users.push((await createUser(db.prisma, email, [{ clientId, role: "SETTER" }])).id);
});

afterAll(async () => {
  await db?.drop();
});

const now = historyTime(100 * 86_400);

async function bulkRebuild(batchSize: number) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return await backfillResponseTiming({ client, mode: "apply", now, lookbackDays: 3650, path: "bulk", batchSize });
  } finally {
    await client.end();
  }
}

describe.each([1, 2, 3, 4])("random history %i", (seed) => {
  it("a bulk rebuild equals the cron's rebuild from scratch and the definitions", async () => {
    await db.prisma.$executeRaw`TRUNCATE "Lead", "ResponseTimingQueue", "ResponseTimingEvent" CASCADE`;
    const { leads, ordered, rng } = randomHistory(seed, { leads: 14, users });
    for (const leadId of leads)
      await db.prisma.lead.create({ data: { id: leadId, clientId, name: leadId.slice(0, 8) } });
    const messages: HMessage[] = [];
    const drafts: HDraft[] = [];
    const jobs = new Map<string, HJob>();
    for (const op of ordered) {
      await applyOp(db.prisma, clientId, op);
      if (op.kind === "message") messages.push(op.message);
      else if (op.kind === "draft") drafts.push(op.draft);
      else if (op.kind === "job") jobs.set(op.job.id, { ...op.job });
      else
        Object.assign(jobs.get(op.jobId)!, { status: "SUCCEEDED", startedAt: op.startedAt, finishedAt: op.finishedAt });
    }
    await db.prisma.$executeRaw`TRUNCATE "ResponseTimingQueue"`;

    const result = await bulkRebuild(rng.int(1, 6));
    expect(result).toMatchObject({ path: "bulk", completed: true, deleted: 0 });
    const bulk = await timingSnapshot(db.prisma);
    expect(bulk.length).toBeGreaterThan(10);
    expect(
      bulk.map((r) => ({
        inboundMessageId: r.inboundMessageId,
        streakStartMessageId: r.streakStartMessageId,
        streakLength: r.streakLength,
        setterResponseMessageId: r.setterResponseMessageId,
        aiResponseMessageId: r.aiResponseMessageId,
        aiBackgroundJobId: r.aiBackgroundJobId,
      })),
    ).toEqual(expectedAnchors(messages, drafts, [...jobs.values()]));

    const run = () => processResponseTiming({ db: db.prisma, now, batchSize: 7, maxMs: 60_000, lookbackDays: 365 });
    await rebuildFromScratch(db.prisma, run);
    expect(await timingSnapshot(db.prisma)).toEqual(bulk);

    // And over a table that already holds the rows: nothing to write.
    expect(await bulkRebuild(50)).toMatchObject({ written: 0, deleted: 0 });
  });
});
