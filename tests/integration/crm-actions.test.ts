// The logic behind the CRM server actions, on real PostgreSQL: replies are recorded with
// the user and the lead's lastOutboundAt in one transaction (sent through a sandbox
// connection here: delivery itself is tests/integration/delivery-setter.test.ts), bad input writes nothing,
// recomputing gives the setter's response time, and a member of workspace A gets the
// same "not found" (and writes nothing) for every tampered clientId / leadId.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SafeError } from "@/lib/safe-error";
import { LEAD_NOT_FOUND } from "@/lib/crm/lead-access";
import { recomputeLeadTimingForUser } from "@/lib/crm/recompute-lead-timing-for-user";
import { sendSetterReplyForUser } from "@/lib/crm/send-setter-reply";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser, createWorkspace } from "../helpers/fixtures";
import { createCrmLead } from "../helpers/crm-fixtures";
import { at } from "../helpers/timing-fixtures";

let db: TestDatabase;
let alpha: string;
let beta: string;
let setterA: string;
let managerA: string;
let adminBoth: string;
let leadA: string;
let leadB: string;
let answeredB: string;
const now = at(600);

const key = randomBytes(32);
const send = (userId: string, input: unknown) =>
  sendSetterReplyForUser({ db: db.prisma, userId, input, now, key: () => key });
const recompute = (userId: string, input: unknown) => recomputeLeadTimingForUser({ db: db.prisma, userId, input });
const counts = async () => ({
  messages: await db.prisma.message.count(),
  events: await db.prisma.responseTimingEvent.count(),
  leadsTouched: await db.prisma.lead.count({ where: { lastOutboundAt: now } }),
});

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  beta = (await createWorkspace(db.prisma, "Beta")).id;
  setterA = (await createUser(db.prisma, "setter@alpha.test", [{ clientId: alpha, role: "SETTER" }])).id;
  managerA = (await createUser(db.prisma, "manager@alpha.test", [{ clientId: alpha, role: "MANAGER" }])).id;
  adminBoth = (
    await createUser(db.prisma, "admin@both.test", [
      { clientId: alpha, role: "ADMIN" },
      { clientId: beta, role: "ADMIN" },
    ])
  ).id;
  leadA = (
    await createCrmLead(db.prisma, {
      clientId: alpha,
      name: "Ann",
      messages: [
        ["sms", "in", 0],
        ["sms", "in", 100],
      ],
    })
  ).lead.id;
  leadB = (await createCrmLead(db.prisma, { clientId: beta, name: "Bea", messages: [["sms", "in", 0]] })).lead.id;
  // Answered, never derived: recomputing it would write a row.
  answeredB = (
    await createCrmLead(db.prisma, {
      clientId: beta,
      name: "Bo",
      messages: [
        ["sms", "in", 0],
        ["sms", "out", 10],
      ],
    })
  ).lead.id;
  // The replies go out through a sandbox connection of each workspace (nothing is delivered).
  for (const clientId of [alpha, beta]) {
    const connection = await db.prisma.providerConnection.create({
      data: { clientId, provider: "GHL", externalAccountId: `loc-${clientId}`, mode: "sandbox" },
    });
    await db.prisma.message.updateMany({ where: { clientId }, data: { connectionId: connection.id } });
  }
});

afterAll(async () => {
  await db?.drop();
});

describe("sendSetterReplyForUser", () => {
  it("records an outbound setter message and bumps lastOutboundAt", async () => {
    const sent = await send(setterA, {
      clientId: alpha,
      leadId: leadA,
      channel: "sms",
      body: "  Hi Ann, does 3pm work?  ",
    });
    expect(sent).toMatchObject({ clientId: alpha, leadId: leadA, channel: "sms", sentAt: now });
    const message = await db.prisma.message.findUniqueOrThrow({ where: { id: sent.messageId! } });
    expect(message).toMatchObject({
      clientId: alpha,
      leadId: leadA,
      channel: "sms",
      direction: "outbound",
      body: "Hi Ann, does 3pm work?",
      sentAt: now,
      sentBy: "setter",
      sentByUserId: setterA,
      aiDraftId: null,
    });
    expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: leadA } })).lastOutboundAt).toEqual(now);
  });

  it("lets a recompute give the anchor a setter response with the right time", async () => {
    const summary = await recompute(setterA, { clientId: alpha, leadId: leadA });
    expect(summary).toMatchObject({ clientId: alpha, leadId: leadA, anchors: 1, written: 1, deleted: 0 });
    const event = await db.prisma.responseTimingEvent.findFirstOrThrow({ where: { leadId: leadA } });
    expect(event).toMatchObject({
      inboundSentAt: at(100),
      streakStartSentAt: at(0),
      streakLength: 2,
      setterSentByUserId: setterA,
      setterResponseMs: 500_000n,
    });
    // The lead's queued changes were consumed: the cron has nothing left to do for it.
    expect(await db.prisma.responseTimingQueue.count({ where: { leadId: leadA } })).toBe(0);
  });

  it("accepts managers and admins of the workspace too", async () => {
    await send(managerA, { clientId: alpha, leadId: leadA, channel: "sms", body: "Following up" });
    await send(adminBoth, { clientId: alpha, leadId: leadA, channel: "sms", body: "Admin here" });
    const senders = await db.prisma.message.findMany({
      where: { leadId: leadA, direction: "outbound" },
      select: { sentByUserId: true },
    });
    expect(senders.map((s) => s.sentByUserId).sort()).toEqual([setterA, managerA, adminBoth].sort());
  });

  it.each([
    [{ body: "   " }, "Write a reply before sending."],
    [{ body: "" }, "Write a reply before sending."],
    [{ body: undefined }, "Write a reply before sending."],
    [{ body: "x".repeat(5001) }, "Replies are limited to 5,000 characters."],
    [{ channel: "fax" }, "Choose a channel to reply on."],
    [{ channel: "email" }, "This lead has no Email conversation to reply on."],
  ])("refuses %j with a clear message and writes nothing", async (patch, message) => {
    const before = await counts();
    const input = { clientId: alpha, leadId: leadA, channel: "sms", body: "ok", ...patch };
    await expect(send(setterA, input)).rejects.toThrow(new SafeError(message));
    expect(await counts()).toEqual(before);
  });

  it("accepts exactly 5,000 characters", async () => {
    const sent = await send(setterA, { clientId: alpha, leadId: leadA, channel: "sms", body: "y".repeat(5000) });
    expect((await db.prisma.message.findUniqueOrThrow({ where: { id: sent.messageId! } })).body).toHaveLength(5000);
  });
});

describe("tenancy: every tampered id is the same 'not found' and writes nothing", () => {
  const tampered = () =>
    [
      ["a lead of another workspace under my workspace id", setterA, { clientId: alpha, leadId: leadB }],
      ["another workspace's id with its lead", setterA, { clientId: beta, leadId: leadB }],
      ["another workspace's id with my lead", setterA, { clientId: beta, leadId: leadA }],
      ["an unknown workspace", setterA, { clientId: "00000000-0000-4000-8000-000000000000", leadId: leadA }],
      ["an unknown lead", setterA, { clientId: alpha, leadId: "00000000-0000-4000-8000-000000000000" }],
      ["a malformed lead id", setterA, { clientId: alpha, leadId: "1 OR 1=1" }],
      ["a malformed workspace id", setterA, { clientId: "../beta", leadId: leadA }],
      ["a missing lead id", setterA, { clientId: alpha }],
      ["not an object", setterA, "leadA"],
      ["an unknown user", "no-such-user", { clientId: alpha, leadId: leadA }],
      ["an admin of both, mixing workspaces", adminBoth, { clientId: alpha, leadId: answeredB }],
    ] as const;

  let before: Awaited<ReturnType<typeof counts>>;
  beforeEach(async () => {
    before = await counts();
  });

  it("sendSetterReply", async () => {
    for (const [label, userId, ref] of tampered()) {
      const input = typeof ref === "string" ? ref : { ...ref, channel: "sms", body: "leak?" };
      await expect(send(userId, input), label).rejects.toThrow(new SafeError(LEAD_NOT_FOUND));
    }
    expect(await counts()).toEqual(before);
  });

  it("recomputeLeadResponseTiming", async () => {
    for (const [label, userId, ref] of tampered()) {
      await expect(recompute(userId, ref), label).rejects.toThrow(new SafeError(LEAD_NOT_FOUND));
    }
    expect(await counts()).toEqual(before);
    expect(await db.prisma.responseTimingEvent.count({ where: { leadId: answeredB } })).toBe(0);
  });

  it("the admin of both still reaches the lead under its own workspace", async () => {
    expect(await recompute(adminBoth, { clientId: beta, leadId: answeredB })).toMatchObject({ anchors: 1, written: 1 });
  });
});
