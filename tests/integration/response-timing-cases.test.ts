// The worked examples of tests/fixtures/timing-cases.md, processed for real.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeChosenDelaySeconds } from "@/lib/background-jobs/delayed-auto-send";
import { processResponseTiming } from "@/lib/response-timing/processor";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { at, buildScenario, Keys, type MessageSpec } from "../helpers/timing-fixtures";

let db: TestDatabase;
const keys = new Keys(1);
let clientId: string;

const m = (
  key: string,
  lead: string,
  channel: MessageSpec["channel"],
  t: number,
  dir: "in" | "out",
  extra: Partial<MessageSpec> = {},
): MessageSpec => ({
  key,
  lead,
  channel,
  t,
  dir,
  ...extra,
});

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Cases")).id;
  await buildScenario(db.prisma, keys, {
    clientId,
    leads: ["L1", "L2", "L3", "L4"],
    users: ["u1", "u2", "u3"],
    messages: [
      // Thread L1 / sms (+ e1 on email)
      m("i1", "L1", "sms", 0, "in"),
      m("e1", "L1", "email", 5, "in"),
      m("i2", "L1", "sms", 10, "in"),
      m("o1", "L1", "sms", 60, "out", { sentBy: "setter", user: "u1" }),
      m("i3", "L1", "sms", 100, "in"),
      m("o2", "L1", "sms", 200, "out", { sentBy: "ai", draft: "d1" }),
      m("o3", "L1", "sms", 300, "out", { sentBy: "setter", user: "u2" }),
      // Thread L2 / sms: AI draft triggered by an earlier inbound; equal timestamps.
      m("a1", "L2", "sms", 0, "in"),
      m("a2", "L2", "sms", 50, "in"),
      m("b1", "L2", "sms", 400, "out", { sentBy: "ai", draft: "d2" }),
      m("b2", "L2", "sms", 400, "out", { sentBy: "setter", user: "u1" }),
      // Thread L3 / linkedin: a human sends an AI draft.
      m("c1", "L3", "linkedin", 0, "in"),
      m("c2", "L3", "linkedin", 10, "out", { sentBy: "setter", user: "u3", draft: "d9" }),
      m("c3", "L3", "linkedin", 20, "out", { sentBy: "system" }),
      // Thread L4 / sms: a system message closes the window.
      m("d1", "L4", "sms", 0, "in"),
      m("d2", "L4", "sms", 30, "out", { sentBy: "system" }),
      m("d3", "L4", "sms", 40, "in"),
      m("d4", "L4", "sms", 50, "out", { sentBy: "setter", user: "u1" }),
    ],
    drafts: [
      { key: "d1", trigger: "i3", channel: "sms", job: { runAt: 190, startedAt: 199, finishedAt: 200 } },
      { key: "d2", trigger: "a1", channel: "sms" },
      { key: "d9", trigger: "c1", channel: "linkedin" },
    ],
  });
  const result = await processResponseTiming({
    db: db.prisma,
    now: at(3600),
    batchSize: 200,
    maxMs: 60_000,
    lookbackDays: 90,
  });
  expect(result.exhausted).toBe(true);
});

afterAll(async () => {
  await db?.drop();
});

async function events() {
  const rows = await db.prisma.responseTimingEvent.findMany({ where: { clientId } });
  return new Map(rows.map((r) => [keys.keyOf(r.inboundMessageId)!, r]));
}

describe("timing-cases.md", () => {
  it("has exactly the documented anchors", async () => {
    expect([...(await events()).keys()].sort()).toEqual(["a2", "c1", "d1", "d3", "i2", "i3"]);
  });

  it("L1: streak i1,i2 answered by a setter; i3 answered by AI and setter; e1 is no anchor", async () => {
    const rows = await events();
    const i2 = rows.get("i2")!;
    expect({
      start: keys.keyOf(i2.streakStartMessageId),
      length: i2.streakLength,
      setter: keys.keyOf(i2.setterResponseMessageId),
      ms: i2.setterResponseMs,
      user: keys.keyOf(i2.setterSentByUserId),
      ai: i2.aiResponseMessageId,
    }).toEqual({ start: "i1", length: 2, setter: "o1", ms: 50_000n, user: "u1", ai: null });

    const i3 = rows.get("i3")!;
    expect({
      length: i3.streakLength,
      setter: keys.keyOf(i3.setterResponseMessageId),
      setterMs: i3.setterResponseMs,
      user: keys.keyOf(i3.setterSentByUserId),
      ai: keys.keyOf(i3.aiResponseMessageId),
      draft: keys.keyOf(i3.aiDraftId),
      aiMs: i3.aiResponseMs,
      actual: i3.aiActualDelaySeconds,
      scheduled: i3.aiScheduledRunAt?.toISOString(),
      job: keys.keyOf(i3.aiBackgroundJobId),
      started: i3.aiJobStartedAt?.toISOString(),
      finished: i3.aiJobFinishedAt?.toISOString(),
      window: [i3.aiDelayMinSeconds, i3.aiDelayMaxSeconds],
      chosen: i3.aiChosenDelaySeconds,
    }).toEqual({
      length: 1,
      setter: "o3",
      setterMs: 200_000n,
      user: "u2",
      ai: "o2",
      draft: "d1",
      aiMs: 100_000n,
      actual: 100,
      scheduled: at(190).toISOString(),
      job: "job:d1",
      started: at(199).toISOString(),
      finished: at(200).toISOString(),
      window: [180, 420],
      chosen: computeChosenDelaySeconds(keys.id("i3"), 180, 420),
    });
  });

  it("L2: the AI reply to an earlier inbound of the streak counts; its delay runs from the trigger", async () => {
    const a2 = (await events()).get("a2")!;
    expect({
      start: keys.keyOf(a2.streakStartMessageId),
      length: a2.streakLength,
      ai: keys.keyOf(a2.aiResponseMessageId),
      aiMs: a2.aiResponseMs,
      actual: a2.aiActualDelaySeconds,
      chosen: a2.aiChosenDelaySeconds,
      setter: keys.keyOf(a2.setterResponseMessageId),
      setterMs: a2.setterResponseMs,
      scheduled: a2.aiScheduledRunAt,
    }).toEqual({
      start: "a1",
      length: 2,
      ai: "b1",
      aiMs: 350_000n,
      actual: 400,
      chosen: computeChosenDelaySeconds(keys.id("a1"), 180, 420),
      setter: "b2",
      setterMs: 350_000n,
      scheduled: null, // no delayed job recorded for d2
    });
  });

  it("L3: a human-sent AI draft is a setter response, not an AI response", async () => {
    const c1 = (await events()).get("c1")!;
    expect([keys.keyOf(c1.setterResponseMessageId), c1.setterResponseMs, keys.keyOf(c1.setterSentByUserId)]).toEqual([
      "c2",
      10_000n,
      "u3",
    ]);
    expect([c1.aiResponseMessageId, c1.aiResponseMs, c1.aiChosenDelaySeconds]).toEqual([null, null, null]);
  });

  it("L4: a system message makes d1 an anchor whose window ends at d3", async () => {
    const rows = await events();
    expect([rows.get("d1")!.setterResponseMessageId, rows.get("d1")!.streakLength]).toEqual([null, 1]);
    const d3 = rows.get("d3")!;
    expect([keys.keyOf(d3.setterResponseMessageId), d3.setterResponseMs]).toEqual(["d4", 10_000n]);
  });

  it("a second run changes nothing", async () => {
    const before = await db.prisma.responseTimingEvent.findMany({ orderBy: { inboundMessageId: "asc" } });
    const again = await processResponseTiming({
      db: db.prisma,
      now: at(7200),
      batchSize: 200,
      maxMs: 60_000,
      lookbackDays: 90,
    });
    expect(again).toMatchObject({ processed: 0, anchorsWritten: 0, anchorsDeleted: 0, exhausted: true });
    expect(await db.prisma.responseTimingEvent.findMany({ orderBy: { inboundMessageId: "asc" } })).toEqual(before);
  });
});
