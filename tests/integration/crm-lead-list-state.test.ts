// The CRM list's stored state on Lead (sort keys, awaitingReply) is kept by triggers: after
// random histories of message inserts, moves and deletes it equals the derivation from
// Message and Lead (leadListStateSql, the oracle), a rebuild changes nothing, a rebuild
// repairs a damaged row, and two writers racing on one lead leave it exact.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  NO_ACTIVITY_NEWEST,
  NO_ACTIVITY_OLDEST,
  leadListStateSql,
  rebuildLeadListState,
} from "@/lib/crm/lead-list-state";
import { isBooked } from "@/lib/analytics/booking-outcome";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { OUTCOME_CASES } from "../helpers/booking-outcome-cases";
import { createWorkspace } from "../helpers/fixtures";
import { applyOp, historyTime } from "../helpers/apply-history";
import { randomHistory, type HMessage } from "../helpers/random-history";

let db: TestDatabase;
let clientId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "State")).id;
});

afterAll(async () => {
  await db?.drop();
});

/** Leads whose stored state differs from the oracle's. */
async function drift(): Promise<string[]> {
  const want = leadListStateSql(Prisma.raw("l"));
  const rows = await db.prisma.$queryRaw<{ name: string }[]>`
    SELECT l."name" FROM "Lead" l
     WHERE (l."activitySortNewest", l."activitySortOldest", l."isBooked", l."awaitingReply", l."messageChannels")
           IS DISTINCT FROM (${want.newest}, ${want.oldest}, ${want.booked}, ${want.awaiting}, ${want.channels})
     ORDER BY 1`;
  return rows.map((r) => r.name);
}

describe.each([1, 2, 3])("random history %i", (seed) => {
  it("keeps the stored state equal to the derivation after every chunk of writes", async () => {
    await db.prisma.$executeRaw`TRUNCATE "Lead" CASCADE`;
    const { leads, ordered, rng } = randomHistory(seed, { leads: 10, users: ["unused"] });
    for (const leadId of leads) await db.prisma.lead.create({ data: { id: leadId, clientId, name: leadId } });
    const messages: HMessage[] = [];
    let awaitingSeen = 0;
    for (let i = 0; i < ordered.length;) {
      const chunk = ordered.slice(i, i + rng.int(1, 15));
      i += chunk.length;
      for (const op of chunk) {
        if (op.kind !== "message") continue;
        // Setter replies without a user are still outbound: what matters here is the direction.
        await applyOp(db.prisma, clientId, { ...op, message: { ...op.message, sentByUserId: null, aiDraftId: null } });
        messages.push(op.message);
        const field = op.message.direction === "inbound" ? "lastInboundAt" : "lastOutboundAt";
        await db.prisma.lead.update({
          where: { id: op.message.leadId },
          data: { [field]: historyTime(op.message.sentAt) },
        });
      }
      // Now and then a message moves in time, turns around or disappears.
      if (messages.length > 0 && rng.chance(0.4)) {
        const m = messages[rng.int(0, messages.length - 1)]!;
        const move = rng.int(0, 2);
        if (move === 0)
          await db.prisma.message.updateMany({
            where: { id: m.id },
            data: { sentAt: historyTime(rng.int(0, 400_000)) },
          });
        else if (move === 1)
          await db.prisma.message.updateMany({
            where: { id: m.id, direction: "inbound" },
            data: { direction: "outbound", sentBy: "system" },
          });
        else await db.prisma.message.deleteMany({ where: { id: m.id } });
      }
      expect(await drift()).toEqual([]);
      awaitingSeen += await db.prisma.lead.count({ where: { awaitingReply: true } });
    }
    expect(awaitingSeen).toBeGreaterThan(0);
    expect(await rebuildLeadListState({ db: db.prisma })).toBe(0);
  });
});

describe("the stored state", () => {
  it("stores isBooked() on every booking-outcome case, and follows booking changes", async () => {
    await db.prisma.$executeRaw`TRUNCATE "Lead" CASCADE`;
    const ids: string[] = [];
    for (const c of OUTCOME_CASES)
      ids.push((await db.prisma.lead.create({ data: { clientId, name: c.name, ...c.lead } })).id);
    const stored = await db.prisma.lead.findMany({ select: { id: true, isBooked: true } });
    const byId = new Map(stored.map((r) => [r.id, r.isBooked]));
    expect(ids.map((id) => byId.get(id))).toEqual(OUTCOME_CASES.map((c) => isBooked(c.lead)));
    // The same rows moved to every other case's facts by updates (what booking webhooks and reconciliation do).
    for (const [i, id] of ids.entries()) {
      const next = OUTCOME_CASES[(i + 1) % OUTCOME_CASES.length]!;
      await db.prisma.lead.update({ where: { id }, data: next.lead });
    }
    expect(await drift()).toEqual([]);
  });

  it("sorts leads without activity last both ways, and a rebuild repairs a damaged row", async () => {
    await db.prisma.$executeRaw`TRUNCATE "Lead" CASCADE`;
    const quiet = await db.prisma.lead.create({ data: { clientId, name: "Quiet" } });
    expect(quiet).toMatchObject({
      activitySortNewest: NO_ACTIVITY_NEWEST,
      activitySortOldest: NO_ACTIVITY_OLDEST,
      awaitingReply: false,
    });
    const busy = await db.prisma.lead.create({ data: { clientId, name: "Busy", lastInboundAt: historyTime(10) } });
    await db.prisma.message.create({
      data: { clientId, leadId: busy.id, channel: "sms", direction: "inbound", body: "hi", sentAt: historyTime(10) },
    });
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id: busy.id } })).toMatchObject({
      activitySortNewest: historyTime(10),
      activitySortOldest: historyTime(10),
      awaitingReply: true,
    });
    // A write that bypasses the rules (a restore without triggers, a manual fix gone wrong).
    await db.prisma.$executeRaw`ALTER TABLE "Message" DISABLE TRIGGER USER`;
    await db.prisma.$executeRaw`DELETE FROM "Message" WHERE "leadId" = ${busy.id}::uuid`;
    await db.prisma.$executeRaw`ALTER TABLE "Message" ENABLE TRIGGER USER`;
    expect(await drift()).toEqual(["Busy"]);
    expect(await rebuildLeadListState({ db: db.prisma, clientId })).toBe(1);
    expect(await drift()).toEqual([]);
  });

  it("stays exact when two writers race on one lead (the later commit sees the earlier one's message)", async () => {
    await db.prisma.$executeRaw`TRUNCATE "Lead" CASCADE`;
    const lead = await db.prisma.lead.create({ data: { clientId, name: "Raced" } });
    const insert = (c: pg.Client, direction: "inbound" | "outbound", at: number) =>
      c.query(
        `INSERT INTO "Message" ("clientId", "leadId", "channel", "direction", "body", "sentAt", "sentBy")
         VALUES ($1, $2, 'sms', $3, 'x', $4, $5)`,
        [clientId, lead.id, direction, historyTime(at), direction === "outbound" ? "system" : null],
      );
    const first = new pg.Client({ connectionString: db.url });
    const second = new pg.Client({ connectionString: db.url });
    await Promise.all([first.connect(), second.connect()]);
    try {
      await first.query("BEGIN");
      await insert(first, "inbound", 200); // the lead's last message, once committed
      await second.query("BEGIN");
      const blocked = insert(second, "outbound", 100); // waits for the lead's lock
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.query("COMMIT");
      await blocked;
      await second.query("COMMIT");
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({ awaitingReply: true });
    expect(await drift()).toEqual([]);
  });
});
