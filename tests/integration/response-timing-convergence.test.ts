// Property tests: random histories written in random order (late arrivals, replies days
// later, jobs finishing after their row was written, equal timestamps) and processed in
// random chunks converge to exactly what a rebuild from scratch produces, which in turn
// matches a plain-code reading of the definitions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildLeadListState } from "@/lib/crm/lead-list-state";
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

const run = (batchSize: number, maxMs: number) =>
  processResponseTiming({ db: db.prisma, now: historyTime(100 * 86_400), batchSize, maxMs, lookbackDays: 365 });

describe.each([1, 2, 3, 4])("random history %i", (seed) => {
  it("incremental processing in random chunks equals a rebuild from scratch and the definitions", async () => {
    await db.prisma.$executeRaw`TRUNCATE "Lead", "ResponseTimingQueue", "ResponseTimingEvent" CASCADE`;
    const { leads, ordered, rng } = randomHistory(seed, { leads: 14, users });
    for (const leadId of leads)
      await db.prisma.lead.create({ data: { id: leadId, clientId, name: leadId.slice(0, 8) } });

    const messages: HMessage[] = [];
    const drafts: HDraft[] = [];
    const jobs = new Map<string, HJob>();
    let i = 0;
    while (i < ordered.length) {
      const chunk = ordered.slice(i, i + rng.int(1, 25));
      i += chunk.length;
      for (const op of chunk) {
        await applyOp(db.prisma, clientId, op);
        if (op.kind === "message") messages.push(op.message);
        else if (op.kind === "draft") drafts.push(op.draft);
        else if (op.kind === "job") jobs.set(op.job.id, { ...op.job });
        else
          Object.assign(jobs.get(op.jobId)!, {
            status: "SUCCEEDED",
            startedAt: op.startedAt,
            finishedAt: op.finishedAt,
          });
      }
      // Sometimes a tiny budget: the run stops early and leaves work for the next one.
      await run(rng.int(1, 12), rng.chance(0.3) ? 0 : 60_000);
    }
    for (let k = 0; k < 1000 && !(await run(rng.int(1, 12), 60_000)).exhausted; k++);

    const incremental = await timingSnapshot(db.prisma);
    expect(incremental.length).toBeGreaterThan(10);

    const expected = expectedAnchors(messages, drafts, [...jobs.values()]);
    expect(
      incremental.map((r) => ({
        inboundMessageId: r.inboundMessageId,
        streakStartMessageId: r.streakStartMessageId,
        streakLength: r.streakLength,
        setterResponseMessageId: r.setterResponseMessageId,
        aiResponseMessageId: r.aiResponseMessageId,
        aiBackgroundJobId: r.aiBackgroundJobId,
      })),
    ).toEqual(expected);

    await rebuildFromScratch(db.prisma, () => run(7, 60_000));
    expect(await timingSnapshot(db.prisma)).toEqual(incremental);

    const again = await run(50, 60_000);
    expect(again).toMatchObject({ processed: 0, anchorsWritten: 0, anchorsDeleted: 0, exhausted: true });
    // The CRM list's stored state (kept by triggers, not the processor) equals its derivation too.
    expect(await rebuildLeadListState({ db: db.prisma })).toBe(0);
  });
});
