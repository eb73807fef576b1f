// recomputeLeadTiming on real PostgreSQL: per lead, it writes exactly what the processor
// writes (random histories), removes rows that are no longer anchors, consumes the lead's
// queued changes, and gives up with a clear SafeError while the processor holds the lock.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SafeError } from "@/lib/safe-error";
import { Prisma } from "@/lib/generated/prisma/client";
import { processResponseTiming, RESPONSE_TIMING_LOCK } from "@/lib/response-timing/processor";
import { recomputeLeadTiming, ResponseTimingBusyError, TIMING_BUSY } from "@/lib/response-timing/recompute-lead-timing";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser, createWorkspace } from "../helpers/fixtures";
import { applyOp, historyTime, timingSnapshot } from "../helpers/apply-history";
import { randomHistory } from "../helpers/random-history";

let db: TestDatabase;
let clientId: string;
let users: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Random")).id;
  users = [];
  for (const email of ["a@r.test", "b@r.test"])
    users.push((await createUser(db.prisma, email, [{ clientId, role: "SETTER" }])).id);
});

afterAll(async () => {
  await db?.drop();
});

const runProcessor = () =>
  processResponseTiming({
    db: db.prisma,
    now: historyTime(100 * 86_400),
    batchSize: 50,
    maxMs: 60_000,
    lookbackDays: 365,
  });

describe.each([11, 12, 13])("random history %i", (seed) => {
  it("recomputing every lead equals what the processor produces", async () => {
    await db.prisma
      .$executeRaw`TRUNCATE "Lead", "ResponseTimingQueue", "ResponseTimingEvent", "ResponseTimingState" CASCADE`;
    const { leads, ordered } = randomHistory(seed, { leads: 12, users });
    for (const leadId of leads)
      await db.prisma.lead.create({ data: { id: leadId, clientId, name: leadId.slice(0, 8) } });
    for (const op of ordered) await applyOp(db.prisma, clientId, op);

    for (let i = 0; i < 100 && !(await runProcessor()).exhausted; i++);
    const byProcessor = await timingSnapshot(db.prisma);
    expect(byProcessor.length).toBeGreaterThan(10);

    await db.prisma.$executeRaw`TRUNCATE "ResponseTimingEvent"`;
    let anchors = 0;
    for (const leadId of leads) anchors += (await recomputeLeadTiming({ db: db.prisma, leadId })).anchors;
    expect(anchors).toBe(byProcessor.length);
    expect(await timingSnapshot(db.prisma)).toEqual(byProcessor);
  });
});

describe("recomputeLeadTiming", () => {
  it("deletes rows that stopped being anchors and consumes only this lead's queue", async () => {
    await db.prisma.$executeRaw`TRUNCATE "Lead", "ResponseTimingQueue", "ResponseTimingEvent" CASCADE`;
    const [one, two] = await Promise.all(
      ["One", "Two"].map((name) => db.prisma.lead.create({ data: { clientId, name } })),
    );
    const write = (leadId: string, direction: "inbound" | "outbound", t: number) =>
      db.prisma.message.create({
        data: {
          clientId,
          leadId,
          channel: "sms",
          direction,
          body: "x",
          sentAt: historyTime(t),
          sentBy: direction === "outbound" ? "system" : null,
        },
      });
    await write(one!.id, "inbound", 0);
    const reply = await write(one!.id, "outbound", 10);
    await write(two!.id, "inbound", 0);

    expect(await recomputeLeadTiming({ db: db.prisma, leadId: one!.id })).toMatchObject({
      threads: 1,
      anchors: 1,
      written: 1,
      deleted: 0,
    });
    await db.prisma.message.delete({ where: { id: reply.id } });
    expect(await recomputeLeadTiming({ db: db.prisma, leadId: one!.id })).toMatchObject({
      anchors: 0,
      written: 0,
      deleted: 1,
    });
    expect(await db.prisma.responseTimingEvent.count()).toBe(0);
    expect(await db.prisma.responseTimingQueue.count({ where: { leadId: one!.id } })).toBe(0);
    expect(await db.prisma.responseTimingQueue.count({ where: { leadId: two!.id } })).toBeGreaterThan(0);
  });

  it("gives up with 'try again in a minute' while another transaction holds the processor's lock", async () => {
    const lead = await db.prisma.lead.create({ data: { clientId, name: "Locked" } });
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      const lock = Prisma.sql`SELECT pg_advisory_xact_lock(${RESPONSE_TIMING_LOCK})`;
      await holder.query("BEGIN");
      await holder.query(lock.text, lock.values);
      const started = Date.now();
      const attempt = recomputeLeadTiming({ db: db.prisma, leadId: lead.id, lockWaitMs: 300 });
      await expect(attempt).rejects.toBeInstanceOf(ResponseTimingBusyError);
      await expect(attempt).rejects.toBeInstanceOf(SafeError);
      await expect(attempt).rejects.toThrow(TIMING_BUSY);
      expect(Date.now() - started).toBeLessThan(5000);
      await holder.query("COMMIT");
    } finally {
      await holder.end();
    }
    // Free again: it runs.
    expect(await recomputeLeadTiming({ db: db.prisma, leadId: lead.id, lockWaitMs: 300 })).toMatchObject({
      anchors: 0,
    });
  });

  it("rejects a nonsensical wait", async () => {
    await expect(recomputeLeadTiming({ db: db.prisma, leadId: clientId, lockWaitMs: 0 })).rejects.toThrow(RangeError);
  });
});
