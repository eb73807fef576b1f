// The anchors CSV export (iterateAnchorRows) on real PostgreSQL: it pages past an event
// whose Lead join drops the row instead of stopping at that page, and with a setter filter
// its business-hours rule is the setter reply's, not the first response's.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iterateAnchorRows } from "@/lib/analytics/anchor-export";
import type { AnalyticsFilters } from "@/lib/analytics/response-timing-analytics-sql";
import { createUser, createWorkspace } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;
const BASE = new Date("2026-04-10T14:00:00Z").getTime();

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

type EventFlags = {
  inbound?: boolean;
  setter?: boolean;
  ai?: boolean;
  setterMs?: number | null;
  aiMs?: number | null;
  setterUserId?: string;
};

async function anchor(clientId: string, leadId: string, minute: number, flags: EventFlags = {}) {
  const t = new Date(BASE + minute * 60_000);
  const m = await db.prisma.message.create({
    data: { clientId, leadId, channel: "sms", direction: "inbound", body: "x", sentAt: t },
  });
  const setterMs = flags.setterMs === undefined ? 1000 : flags.setterMs;
  const aiMs = flags.aiMs ?? null;
  await db.prisma.responseTimingEvent.create({
    data: {
      clientId,
      leadId,
      channel: "sms",
      inboundMessageId: m.id,
      inboundSentAt: t,
      streakStartMessageId: m.id,
      streakStartSentAt: t,
      streakLength: 1,
      ...(setterMs === null
        ? {}
        : {
            setterResponseMs: BigInt(setterMs),
            setterResponseSentAt: new Date(t.getTime() + setterMs),
            setterResponseMessageId: randomUUID(),
            setterSentByUserId: flags.setterUserId ?? null,
          }),
      ...(aiMs === null
        ? {}
        : {
            aiResponseMs: BigInt(aiMs),
            aiResponseSentAt: new Date(t.getTime() + aiMs),
            aiResponseMessageId: randomUUID(),
          }),
      inboundInBusinessHours: flags.inbound ?? true,
      setterResponseInBusinessHours: setterMs === null ? null : (flags.setter ?? true),
      aiResponseInBusinessHours: aiMs === null ? null : (flags.ai ?? true),
    },
  });
  return m.id;
}

const filters = (clientId: string, extra: Partial<AnalyticsFilters> = {}): AnalyticsFilters => ({
  clientId,
  from: new Date(BASE - 86_400_000),
  to: new Date(BASE + 86_400_000),
  businessHours: false,
  now: new Date(BASE + 90 * 86_400_000),
  attributionDays: 30,
  maturityDays: 7,
  ...extra,
});

async function exported(f: AnalyticsFilters, batchSize: number): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of iterateAnchorRows({ db: db.prisma, filters: f, batchSize }))
    ids.push(...page.map((r) => r.inboundMessageId));
  return ids;
}

describe("anchors export", () => {
  it("pages past an event whose lead belongs to another workspace", async () => {
    const a = await createWorkspace(db.prisma, "A");
    const b = await createWorkspace(db.prisma, "B");
    const own = await db.prisma.lead.create({ data: { clientId: a.id, name: "Own" } });
    const foreign = await db.prisma.lead.create({ data: { clientId: b.id, name: "Foreign" } });
    const expected: string[] = [];
    for (let i = 0; i < 5; i++) {
      // Inconsistent data (a message carrying A's clientId on B's lead): left out, like the tab does.
      const id = await anchor(a.id, i === 1 ? foreign.id : own.id, i);
      if (i !== 1) expected.push(id);
    }
    expect(await exported(filters(a.id), 2)).toEqual(expected);
    expect(await exported(filters(a.id), 1)).toEqual(expected);
  });

  it("with a setter filter and business hours, keeps the anchors whose setter reply was in hours", async () => {
    const a = await createWorkspace(db.prisma, "Hours");
    const setter = await createUser(db.prisma, "x@hours.test", [{ clientId: a.id, role: "SETTER" }]);
    const lead = await db.prisma.lead.create({ data: { clientId: a.id, name: "L" } });
    const both = await anchor(a.id, lead.id, 0, { setterUserId: setter.id, setterMs: 60_000, aiMs: 300_000 });
    // The AI answered first inside hours, the setter later outside: not a setter response in hours.
    await anchor(a.id, lead.id, 10, {
      setterUserId: setter.id,
      setterMs: 3_600_000,
      setter: false,
      aiMs: 300_000,
      ai: true,
    });
    // The AI answered first outside hours, the setter inside: a setter response in hours.
    const setterInHours = await anchor(a.id, lead.id, 20, {
      setterUserId: setter.id,
      setterMs: 600_000,
      setter: true,
      aiMs: 300_000,
      ai: false,
    });
    expect(await exported(filters(a.id, { businessHours: true, setterId: setter.id }), 10)).toEqual([
      both,
      setterInHours,
    ]);
    // Without a setter filter the first response's hours decide.
    const firstInHours = await exported(filters(a.id, { businessHours: true }), 10);
    expect(firstInHours).toHaveLength(2);
    expect(firstInHours).not.toContain(setterInHours);
  });
});
