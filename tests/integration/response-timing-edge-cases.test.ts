// Anchor cases beyond timing-cases.md: replies weeks late, drafts on two channels for one
// trigger, unanswered streaks, business hours across a DST change and odd schedule rows, and the SQL twin of
// the deterministic delay helper.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeChosenDelaySeconds } from "@/lib/background-jobs/delayed-auto-send";
import { Prisma } from "@/lib/generated/prisma/client";
import { chosenDelaySql } from "@/lib/response-timing/derive-sql";
import { processResponseTiming } from "@/lib/response-timing/processor";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { at, buildScenario, Keys } from "../helpers/timing-fixtures";

const DAY = 86_400;
let db: TestDatabase;
const keys = new Keys(2);
let ny: string;
let noHours: string;
let odd: string;

beforeAll(async () => {
  db = await createTestDatabase();
  ny = (await createWorkspace(db.prisma, "New York", "America/New_York")).id;
  noHours = (await createWorkspace(db.prisma, "No schedule", "Europe/London")).id;
  // Mon–Fri 09:00–12:00 and 13:00–17:00 local.
  for (let day = 1; day <= 5; day++) {
    await db.prisma.businessHours.createMany({
      data: [
        { clientId: ny, dayOfWeek: day, startMinute: 9 * 60, endMinute: 12 * 60 },
        { clientId: ny, dayOfWeek: day, startMinute: 13 * 60, endMinute: 17 * 60 },
      ],
    });
  }
  // BASE is Mon 2026-03-02 15:00Z = 10:00 EST. US DST starts Sun 2026-03-08.
  await buildScenario(db.prisma, keys, {
    clientId: ny,
    leads: ["late", "two", "quiet", "dstBefore", "dstAfter", "lunch"],
    users: ["u1"],
    messages: [
      { key: "late-in", lead: "late", channel: "email", t: 0, dir: "in" },
      { key: "late-out", lead: "late", channel: "email", t: 40 * DAY + 5, dir: "out", sentBy: "setter", user: "u1" },
      { key: "two-in", lead: "two", channel: "sms", t: 0, dir: "in" },
      { key: "two-ai-sms", lead: "two", channel: "sms", t: 300, dir: "out", sentBy: "ai", draft: "two-d-sms" },
      { key: "two-ai-email", lead: "two", channel: "email", t: 310, dir: "out", sentBy: "ai", draft: "two-d-email" },
      { key: "quiet-1", lead: "quiet", channel: "linkedin", t: 0, dir: "in" },
      { key: "quiet-2", lead: "quiet", channel: "linkedin", t: 60, dir: "in" },
      // Fri 2026-03-06 13:30Z = 08:30 EST: before opening. Mon 2026-03-09 13:30Z = 09:30 EDT: open.
      { key: "dst-before-in", lead: "dstBefore", channel: "sms", t: 4 * DAY - 1.5 * 3600, dir: "in" },
      {
        key: "dst-before-out",
        lead: "dstBefore",
        channel: "sms",
        t: 4 * DAY - 1.5 * 3600 + 60,
        dir: "out",
        sentBy: "setter",
        user: "u1",
      },
      { key: "dst-after-in", lead: "dstAfter", channel: "sms", t: 7 * DAY - 1.5 * 3600, dir: "in" },
      {
        key: "dst-after-out",
        lead: "dstAfter",
        channel: "sms",
        t: 7 * DAY - 1.5 * 3600 + 60,
        dir: "out",
        sentBy: "setter",
        user: "u1",
      },
      // 11:59 EST inside, reply 12:05 EST in the lunch gap.
      { key: "lunch-in", lead: "lunch", channel: "sms", t: 2 * 3600 - 60, dir: "in" },
      { key: "lunch-out", lead: "lunch", channel: "sms", t: 2 * 3600 + 300, dir: "out", sentBy: "setter", user: "u1" },
    ],
    drafts: [
      { key: "two-d-sms", trigger: "two-in", channel: "sms", job: { runAt: 290, startedAt: 299, finishedAt: 300 } },
      { key: "two-d-email", trigger: "two-in", channel: "email", job: { runAt: 305, startedAt: 309, finishedAt: 310 } },
    ],
  });
  await buildScenario(db.prisma, keys, {
    clientId: noHours,
    leads: ["plain"],
    users: [],
    messages: [
      { key: "plain-in", lead: "plain", channel: "sms", t: 0, dir: "in" },
      { key: "plain-out", lead: "plain", channel: "sms", t: 10, dir: "out", sentBy: "system" },
    ],
  });
  // Rows the settings form should never write, but nothing in the schema forbids: one past
  // midnight, one inverted, one empty, one on day 7. They count exactly as their minutes
  // inside their own day do (none past midnight, none for the others) and must not fail a batch.
  odd = (await createWorkspace(db.prisma, "Odd schedule", "UTC")).id;
  await db.prisma.businessHours.createMany({
    data: [
      { clientId: odd, dayOfWeek: 1, startMinute: 23 * 60, endMinute: 25 * 60 },
      { clientId: odd, dayOfWeek: 1, startMinute: 10 * 60, endMinute: 8 * 60 },
      { clientId: odd, dayOfWeek: 2, startMinute: 600, endMinute: 600 },
      { clientId: odd, dayOfWeek: 7, startMinute: 0, endMinute: 1440 },
    ],
  });
  // BASE is Mon 15:00 UTC: Mon 23:30, Tue 00:30, Mon 09:00, Sun 09:00 UTC.
  await buildScenario(db.prisma, keys, {
    clientId: odd,
    leads: ["night", "inverted", "sunday"],
    users: ["u2"],
    messages: [
      { key: "night-in", lead: "night", channel: "sms", t: 8.5 * 3600, dir: "in" },
      { key: "night-out", lead: "night", channel: "sms", t: 9.5 * 3600, dir: "out", sentBy: "setter", user: "u2" },
      { key: "inverted-in", lead: "inverted", channel: "sms", t: -6 * 3600, dir: "in" },
      {
        key: "inverted-out",
        lead: "inverted",
        channel: "sms",
        t: -6 * 3600 + 60,
        dir: "out",
        sentBy: "setter",
        user: "u2",
      },
      { key: "sunday-in", lead: "sunday", channel: "sms", t: -30 * 3600, dir: "in" },
      {
        key: "sunday-out",
        lead: "sunday",
        channel: "sms",
        t: -30 * 3600 + 60,
        dir: "out",
        sentBy: "setter",
        user: "u2",
      },
    ],
  });
  await processResponseTiming({ db: db.prisma, now: at(50 * DAY), batchSize: 100, maxMs: 60_000, lookbackDays: 365 });
});

afterAll(async () => {
  await db?.drop();
});

const row = (key: string) => db.prisma.responseTimingEvent.findUnique({ where: { inboundMessageId: keys.id(key) } });

describe("response timing edge cases", () => {
  it("stores a reply 40 days late without overflow", async () => {
    const late = await row("late-in");
    expect(late?.setterResponseMs).toBe(BigInt((40 * DAY + 5) * 1000));
    expect(Number(late?.setterResponseMs)).toBeGreaterThan(2 ** 31);
  });

  it("only the same-channel draft answers: the email draft of an sms trigger is ignored", async () => {
    const two = await row("two-in");
    expect([
      keys.keyOf(two!.aiResponseMessageId),
      keys.keyOf(two!.aiDraftId),
      keys.keyOf(two!.aiBackgroundJobId),
      two!.aiActualDelaySeconds,
    ]).toEqual(["two-ai-sms", "two-d-sms", "job:two-d-sms", 300]);
    // The email AI message has no inbound on email before it, so it anchors nothing.
    expect(await db.prisma.responseTimingEvent.count({ where: { leadId: keys.id("two"), channel: "email" } })).toBe(0);
  });

  it("an unanswered streak has no anchor", async () => {
    expect(await db.prisma.responseTimingEvent.count({ where: { leadId: keys.id("quiet") } })).toBe(0);
  });

  it("business hours follow the workspace clock across the DST change", async () => {
    expect((await row("dst-before-in"))?.inboundInBusinessHours).toBe(false);
    expect((await row("dst-after-in"))?.inboundInBusinessHours).toBe(true);
    expect((await row("dst-after-in"))?.setterResponseInBusinessHours).toBe(true);
    const lunch = await row("lunch-in");
    expect([
      lunch?.inboundInBusinessHours,
      lunch?.setterResponseInBusinessHours,
      lunch?.aiResponseInBusinessHours,
    ]).toEqual([true, false, null]);
  });

  it("schedule rows out of range count only inside their own day; inverted, empty and day-7 rows match nothing", async () => {
    const flags = async (key: string) => {
      const r = await row(key);
      return [r?.inboundInBusinessHours, r?.setterResponseInBusinessHours];
    };
    expect(await flags("night-in")).toEqual([true, false]);
    expect(await flags("inverted-in")).toEqual([false, false]);
    expect(await flags("sunday-in")).toEqual([false, false]);
  });

  it("a workspace without a schedule has no business-hours facts", async () => {
    expect((await row("plain-in"))?.inboundInBusinessHours).toBeNull();
  });
});

describe("chosenDelaySql", () => {
  it("equals computeChosenDelaySeconds for 2,000 ids and several windows", async () => {
    const ids = Array.from(
      { length: 2000 },
      (_, i) => `${i.toString(16).padStart(8, "0")}-1234-4abc-89de-${(i * 7919).toString(16).padStart(12, "0")}`,
    );
    for (const [min, max] of [
      [180, 420],
      [120, 360],
      [0, 0],
      [5, 6],
    ] as const) {
      const sql = Prisma.sql`SELECT ${chosenDelaySql(Prisma.sql`id`, Prisma.sql`${min}::int`, Prisma.sql`${max}::int`)} AS d
        FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS t(id, n) ORDER BY n`;
      const rows = await db.prisma.$queryRaw<{ d: number }[]>(sql);
      expect(rows.map((r) => r.d)).toEqual(ids.map((id) => computeChosenDelaySeconds(id, min, max)));
    }
  });

  it("gives null for an invalid window instead of failing the batch", async () => {
    const rows = await db.prisma.$queryRaw<{ d: number | null }[]>(
      Prisma.sql`SELECT ${chosenDelaySql(Prisma.sql`gen_random_uuid()`, Prisma.sql`420`, Prisma.sql`180`)} AS d`,
    );
    expect(rows[0]?.d).toBeNull();
  });
});
