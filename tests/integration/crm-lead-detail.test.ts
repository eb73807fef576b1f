// The CRM drawer's data on real PostgreSQL: timing rows from the processor mapped to the
// labels a person reads, "still scheduled", "not computed yet", the open streak, the
// conversation, and that another workspace's lead is not found.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeChosenDelaySeconds } from "@/lib/background-jobs/delayed-auto-send";
import { getLeadDetail } from "@/lib/crm/lead-detail";
import type { LeadDetail } from "@/lib/crm/lead-detail-types";
import { aiDelayFacts, aiLabel, setterLabel, streakLabel } from "@/lib/crm/timing-labels";
import { formatDuration, formatInTimeZone } from "@/lib/format";
import { processResponseTiming } from "@/lib/response-timing/processor";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { at, buildScenario, Keys } from "../helpers/timing-fixtures";

const TZ = "America/New_York";
let db: TestDatabase;
let clientId: string;
let otherClientId: string;
let detail: LeadDetail;
const keys = new Keys(0xd1);

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Alpha", TZ)).id;
  otherClientId = (await createWorkspace(db.prisma, "Beta", TZ)).id;
  await buildScenario(db.prisma, keys, {
    clientId,
    leads: ["L"],
    users: ["Dana"],
    messages: [
      // Streak of two answered by Dana 170 s after the anchor.
      { key: "i1", lead: "L", channel: "sms", t: 0, dir: "in" },
      { key: "i2", lead: "L", channel: "sms", t: 30, dir: "in" },
      { key: "o1", lead: "L", channel: "sms", t: 200, dir: "out", sentBy: "setter", user: "Dana" },
      // Answered by the auto-sender 300 s later.
      { key: "i3", lead: "L", channel: "sms", t: 1000, dir: "in" },
      { key: "a1", lead: "L", channel: "sms", t: 1300, dir: "out", sentBy: "ai", draft: "d1" },
      // Dana answered first; the AI job is still pending.
      { key: "i4", lead: "L", channel: "sms", t: 2000, dir: "in" },
      { key: "o2", lead: "L", channel: "sms", t: 2100, dir: "out", sentBy: "setter", user: "Dana", draft: "d2" },
      // A system message answers: neither a setter nor the AI.
      { key: "l1", lead: "L", channel: "linkedin", t: 50, dir: "in" },
      { key: "lo1", lead: "L", channel: "linkedin", t: 60, dir: "out", sentBy: "system" },
      // Unanswered streak, with an auto-send scheduled for its last message.
      { key: "e1", lead: "L", channel: "email", t: 3000, dir: "in" },
      { key: "e2", lead: "L", channel: "email", t: 3010, dir: "in" },
    ],
    drafts: [
      {
        key: "d1",
        trigger: "i3",
        channel: "sms",
        job: { runAt: 1000 + computeChosenDelaySeconds(keys.id("i3"), 180, 420), startedAt: 1299, finishedAt: 1300 },
      },
      { key: "d2", trigger: "i4", channel: "sms", status: "PENDING", job: { runAt: 2300, status: "PENDING" } },
      { key: "d3", trigger: "e2", channel: "email", status: "PENDING", job: { runAt: 3300, status: "PENDING" } },
    ],
  });
  await buildScenario(db.prisma, keys, {
    clientId: otherClientId,
    leads: ["X"],
    messages: [{ key: "x1", lead: "X", channel: "sms", t: 0, dir: "in" }],
  });
  await processResponseTiming({ db: db.prisma, now: at(4000), batchSize: 50, maxMs: 60_000, lookbackDays: 30 });
  // Written after the processor ran: an answered inbound without a timing row yet.
  await buildScenario(db.prisma, keys, {
    clientId,
    leads: [],
    messages: [
      { key: "l2", lead: "L", channel: "linkedin", t: 3500, dir: "in" },
      { key: "lo2", lead: "L", channel: "linkedin", t: 3600, dir: "out", sentBy: "setter", user: "Dana" },
    ],
  });
  detail = (await getLeadDetail({ db: db.prisma, clientId, leadId: keys.id("L") }))!;
});

afterAll(async () => {
  await db?.drop();
});

const row = (key: string) => {
  const found = detail.timing.find((r) => r.inboundMessageId === keys.id(key));
  if (!found) throw new Error(`no timing row for ${key}`);
  return found;
};

describe("getLeadDetail: response timing", () => {
  it("lists anchors newest first, including one not computed yet", () => {
    expect(detail.timing.map((r) => keys.keyOf(r.inboundMessageId))).toEqual(["l2", "i4", "i3", "l1", "i2"]);
    expect(detail.timing.map((r) => r.computed)).toEqual([false, true, true, true, true]);
    expect(setterLabel(row("l2"))).toBe("not computed yet");
    expect(aiLabel(row("l2"), TZ)).toEqual({ text: "not computed yet", state: "not-computed" });
    expect(detail.queuedChannels).toEqual(["linkedin"]);
  });

  it("gives the setter's time and name, measured from the anchor, with the streak", () => {
    expect(row("i2")).toMatchObject({
      streakLength: 2,
      streakStartAt: at(0),
      inboundSentAt: at(30),
      setter: { ms: 170_000, userName: "Dana" },
      ai: null,
    });
    expect(setterLabel(row("i2"))).toBe("2m 50s by Dana");
    expect(aiLabel(row("i2"), TZ).text).toBe("no AI reply");
    expect(streakLabel(row("i2"), TZ)).toBe(`2 messages, from ${formatInTimeZone(at(0), TZ)}`);
  });

  it("gives the AI's time with the chosen delay, window, schedule, actual delay and drift", () => {
    const chosen = computeChosenDelaySeconds(keys.id("i3"), 180, 420);
    expect(row("i3").ai).toEqual({
      responded: { ms: 300_000, sentAt: at(1300) },
      chosenDelaySeconds: chosen,
      minSeconds: 180,
      maxSeconds: 420,
      scheduledRunAt: at(1000 + chosen),
      actualDelaySeconds: 300,
      jobStatus: "SUCCEEDED",
    });
    expect(setterLabel(row("i3"))).toBe("no setter reply");
    expect(aiLabel(row("i3"), TZ)).toEqual({ text: "5m", state: "answered" });
    const drift = 300 - chosen;
    expect(aiDelayFacts(row("i3"), TZ)).toEqual([
      { label: "Chosen delay", value: `${formatDuration(chosen * 1000)} (window 3m–7m)` },
      { label: "Scheduled", value: formatInTimeZone(at(1000 + chosen), TZ) },
      { label: "Actual delay", value: "5m" },
      {
        label: "Drift",
        value: drift === 0 ? "0s" : `${drift > 0 ? "+" : "-"}${formatDuration(Math.abs(drift) * 1000)}`,
      },
    ]);
  });

  it("says the AI job is still scheduled when it is pending and no AI message exists", () => {
    expect(setterLabel(row("i4"))).toBe("1m 40s by Dana");
    expect(row("i4").ai).toMatchObject({ responded: null, jobStatus: "PENDING", scheduledRunAt: at(2300) });
    expect(aiLabel(row("i4"), TZ, at(2200))).toEqual({
      text: `AI job still scheduled (runs at ${formatInTimeZone(at(2300), TZ)})`,
      state: "scheduled",
    });
    expect(aiLabel(row("i4"), TZ, at(4000)).text).toBe(
      `AI job still scheduled (was due at ${formatInTimeZone(at(2300), TZ)})`,
    );
  });

  it("shows neither a setter nor an AI reply when a system message answered", () => {
    expect(row("l1")).toMatchObject({ computed: true, setter: null, ai: null });
    expect(setterLabel(row("l1"))).toBe("no setter reply");
    expect(aiLabel(row("l1"), TZ).text).toBe("no AI reply");
  });
});

describe("getLeadDetail: open streak, conversation, reply default", () => {
  it("reports the unanswered streak from its first message, with the scheduled auto-send", () => {
    expect(detail.openStreaks).toEqual([
      { channel: "email", since: at(3000), lastAt: at(3010), length: 2, scheduledAiRunAt: at(3300) },
    ]);
  });

  it("lists the conversation in thread order with senders and badges' facts", () => {
    expect(detail.messages.map((m) => m.body)).toEqual([
      "i1",
      "i2",
      "l1",
      "lo1",
      "o1",
      "i3",
      "a1",
      "i4",
      "o2",
      "e1",
      "e2",
      "l2",
      "lo2",
    ]);
    const o2 = detail.messages.find((m) => m.body === "o2")!;
    expect(o2).toMatchObject({ direction: "outbound", sentBy: "setter", senderName: "Dana", usedAiDraft: true });
    expect(detail.messages.find((m) => m.body === "a1")).toMatchObject({
      sentBy: "ai",
      senderName: null,
      usedAiDraft: false,
    });
    expect(detail.channels).toEqual(["sms", "email", "linkedin"]);
    expect(detail.defaultReplyChannel).toBe("linkedin"); // l2 is the latest inbound
    expect(detail.lead).toMatchObject({ name: "L", booked: false });
  });

  it("finds nothing for a lead of another workspace or an unknown lead", async () => {
    expect(await getLeadDetail({ db: db.prisma, clientId, leadId: keys.id("X") })).toBeNull();
    expect(await getLeadDetail({ db: db.prisma, clientId: otherClientId, leadId: keys.id("L") })).toBeNull();
    expect(await getLeadDetail({ db: db.prisma, clientId, leadId: "00000000-0000-4000-8000-000000000000" })).toBeNull();
  });
});
