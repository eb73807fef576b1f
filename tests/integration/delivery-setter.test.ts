// The drawer's reply through the provider (real HTTP to the fake server, real database):
// "Sent", "Sending…" for an unknown outcome, a failure whose "Try again" (same attempt key)
// sends once, no connection → says so and records nothing; and the cancel rules of the
// delayed auto-send (a setter reply before runAt, a newer inbound, booked, not interested).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cancelPendingAutoSends } from "@/lib/delivery/cancel-auto-sends";
import { sendSetterReplyForUser } from "@/lib/crm/send-setter-reply";
import { startFakeProviderServer, type FakeProviders } from "../helpers/fake-provider-server";
import {
  createDeliveryWorkspace,
  createSendConnection,
  DELIVERY_KEY,
  drainAutoSends,
  seedAutoSend,
} from "../helpers/delivery-fixtures";
import { createUser } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;
let fake: FakeProviders;
let clientId: string;
let userId: string;
const T0 = new Date("2026-10-14T15:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeProviderServer({ uniqueIds: true });
  clientId = (await createDeliveryWorkspace(db.prisma)).id;
  userId = (await createUser(db.prisma, "sam.setter@example.org", [{ clientId, role: "SETTER" }])).id;
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});
beforeEach(() => fake.reset());

const reply = (leadId: string, body: string, attemptKey: string, channel = "sms", timeoutMs = 2_000) =>
  sendSetterReplyForUser({
    db: db.prisma,
    userId,
    input: { clientId, leadId, channel, body, attemptKey },
    now: at(100),
    key: () => DELIVERY_KEY,
    timeoutMs,
  });

async function ghlLead() {
  const connection = await createSendConnection(db.prisma, fake, { clientId, provider: "GHL" });
  return seedAutoSend(db.prisma, { clientId, connection, inboundAt: at(0), runAt: at(300) });
}

describe("setter replies", () => {
  it("sends through the lead's connection: Sent, one request, the setter's Message", async () => {
    const seeded = await ghlLead();
    const sent = await reply(seeded.leadId, "On it — Tuesday works.", randomUUID());
    expect(sent).toMatchObject({ state: "sent", detail: null });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body).toMatchObject({ type: "SMS", message: "On it — Tuesday works." });
    const message = await db.prisma.message.findUniqueOrThrow({ where: { id: sent.messageId! } });
    expect(message).toMatchObject({ sentBy: "setter", sentByUserId: userId, direction: "outbound" });
    expect(message.ghlMessageId).toMatch(/^ghl-msg-/);
  });

  it("a failing provider shows the failure; Try again (same key) sends exactly once", async () => {
    const seeded = await ghlLead();
    const key = randomUUID();
    fake.answer = () => ({ kind: "error", status: 500 });
    const first = await reply(seeded.leadId, "Second try works", key);
    expect(first.state).toBe("failed");
    expect(first.detail).toContain("500");
    expect(await db.prisma.message.count({ where: { leadId: seeded.leadId, direction: "outbound" } })).toBe(0);

    fake.answer = () => ({ kind: "ok" });
    const again = await reply(seeded.leadId, "Second try works", key);
    expect(again.state).toBe("sent");
    const third = await reply(seeded.leadId, "Second try works", key); // a double click after success
    expect(third).toMatchObject({ state: "sent", messageId: again.messageId });
    expect(fake.accepted).toHaveLength(1);
    expect(await db.prisma.message.count({ where: { leadId: seeded.leadId, direction: "outbound" } })).toBe(1);
  });

  it("two clicks at once with the same key send once", async () => {
    const seeded = await ghlLead();
    const key = randomUUID();
    const both = await Promise.all([reply(seeded.leadId, "Hello!", key), reply(seeded.leadId, "Hello!", key)]);
    // The second waits for the first's intent: it then sees it sending (or, if it woke late, sent).
    expect(both.map((b) => b.state)).toContain("sent");
    expect(both.every((b) => b.state === "sent" || b.state === "sending")).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(await db.prisma.message.count({ where: { leadId: seeded.leadId, direction: "outbound" } })).toBe(1);
  });

  it("an unknown outcome says Sending… and Try again never calls the provider again", async () => {
    const seeded = await ghlLead();
    const key = randomUUID();
    fake.answer = () => ({ kind: "hang", accepted: true });
    const first = await reply(seeded.leadId, "Are you there?", key, "sms", 300);
    expect(first.state).toBe("sending");
    const again = await reply(seeded.leadId, "Are you there?", key, "sms", 300);
    expect(again.state).toBe("sending");
    expect(fake.requests).toHaveLength(1);
  });

  it("no connection for the channel: says so and records nothing", async () => {
    const lead = await db.prisma.lead.create({ data: { clientId, name: "No Conn", email: "noconn@example.org" } });
    await db.prisma.message.create({
      data: { clientId, leadId: lead.id, channel: "sms", direction: "inbound", body: "Hi", sentAt: at(0) },
    });
    await expect(reply(lead.id, "Hello", randomUUID())).rejects.toThrow(
      /no connection that can send.*Nothing was sent/,
    );
    expect(await db.prisma.outboundSend.count({ where: { leadId: lead.id } })).toBe(0);
    expect(await db.prisma.message.count({ where: { leadId: lead.id, direction: "outbound" } })).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("auto-send cancel rules", () => {
  const jobOf = (id: string) => db.prisma.backgroundJob.findUniqueOrThrow({ where: { id } });

  it("a setter reply before runAt cancels the auto-send with the reason", async () => {
    const seeded = await ghlLead();
    expect((await reply(seeded.leadId, "I'll take this one", randomUUID())).state).toBe("sent");
    expect(await jobOf(seeded.jobId)).toMatchObject({ status: "CANCELED", resultNote: "canceled: a setter replied" });
    await drainAutoSends(db.prisma, () => at(400));
    expect(fake.accepted).toHaveLength(1);
    expect(await db.prisma.message.count({ where: { leadId: seeded.leadId, sentBy: "ai" } })).toBe(0);
  });

  it("a newer inbound since scheduling cancels it when it comes due", async () => {
    const seeded = await ghlLead();
    await db.prisma.message.create({
      data: { clientId, leadId: seeded.leadId, channel: "sms", direction: "inbound", body: "Also…", sentAt: at(60) },
    });
    await drainAutoSends(db.prisma, () => at(400));
    expect(await jobOf(seeded.jobId)).toMatchObject({
      status: "CANCELED",
      resultNote: "canceled: a newer inbound arrived (it gets its own draft)",
    });
    expect(fake.requests).toHaveLength(0);
  });

  it("a booked lead or one marked not interested is not auto-sent", async () => {
    const booked = await ghlLead();
    await db.prisma.lead.update({
      where: { id: booked.leadId },
      data: { appointmentStatus: "BOOKED", appointmentBookedAt: at(50) },
    });
    const notInterested = await ghlLead();
    await db.prisma.lead.update({ where: { id: notInterested.leadId }, data: { status: "NOT_INTERESTED" } });
    await drainAutoSends(db.prisma, () => at(400));
    expect((await jobOf(booked.jobId)).resultNote).toBe("canceled: the lead booked an appointment");
    expect((await jobOf(notInterested.jobId)).resultNote).toBe("canceled: the lead was marked not interested");
    expect(fake.requests).toHaveLength(0);
  });

  it("cancelPendingAutoSends (the booked transition) cancels a lead's pending jobs in the caller's transaction", async () => {
    const seeded = await ghlLead();
    const ids = await db.prisma.$transaction((tx) =>
      cancelPendingAutoSends({ db: tx, leadId: seeded.leadId, reason: "booked", now: at(10) }),
    );
    expect(ids).toEqual([seeded.jobId]);
    expect(await jobOf(seeded.jobId)).toMatchObject({
      status: "CANCELED",
      resultNote: "canceled: the lead booked an appointment",
    });
  });
});
