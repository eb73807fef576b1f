// The GoHighLevel webhook through the shared pipeline on a real database, with real Request
// objects: every fixture, good ones to their lead and message, bad ones to their documented
// answer with nothing half-written. Replays, echoes, late deliveries, payload variants and lead
// matching: webhooks-ghl-delivery.test.ts; signatures: webhooks-ghl-auth.test.ts; routes and
// HTTP: webhooks-routes.test.ts.
import { describe, expect, it } from "vitest";
import { listProviderFixtures, readProviderFixture } from "../helpers/provider-fixtures";
import { createUser } from "../helpers/fixtures";
import { CONTACT, CONVERSATION, ghlIngestHarness, quiet } from "../helpers/ghl-ingest-harness";
import { fixtureKeysConfig, ghlBody, ghlRequest, rowCounts } from "../helpers/ghl-webhook-fixtures";
import { ingestWebhook } from "@/lib/webhooks/ingest";

const h = ghlIngestHarness();

describe("good fixtures", () => {
  it("signed/InboundMessage.sms (the TEST_ONLY keys): an SMS lead, its message, event and post-process job", async () => {
    const body = readProviderFixture("gohighlevel", "signed/InboundMessage.sms.body.json");
    const headers = JSON.parse(readProviderFixture("gohighlevel", "signed/InboundMessage.sms.headers.json")) as Record<
      string,
      string
    >;
    const now = new Date("2026-10-14T15:02:13.000Z");
    const result = await ingestWebhook({
      request: ghlRequest(body, headers),
      provider: "GHL",
      db: h.db.prisma,
      config: fixtureKeysConfig(),
      now,
      log: quiet,
    });
    expect(result.outcome).toBe("stored");

    const lead = await h.onlyLead();
    expect(lead).toMatchObject({
      clientId: h.clientId,
      ghlContactId: CONTACT,
      phone: "+15555550142",
      email: null,
      name: "+15555550142",
    });
    expect(lead.lastInboundAt).toEqual(new Date("2026-10-14T15:02:11.482Z"));
    expect(lead.lastOutboundAt).toBeNull();

    const message = await h.db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({
      id: result.messageId,
      clientId: h.clientId,
      leadId: lead.id,
      channel: "sms",
      direction: "inbound",
      subject: null,
      body: "Hi, got your text about the demo. Is Thursday at 3pm still open?",
      sentAt: new Date("2026-10-14T15:02:11.482Z"),
      sentBy: null,
      bodyTruncated: false,
      connectionId: h.connectionId,
      ghlMessageId: "Pk7RwX2nLqB9vTzM4cYe",
      webhookDedupeKey: "ghl:5c1f7e0a-3b2d-4c8e-9a61-2f4d8b7e1c90",
    });
    expect(message.providerContext).toEqual({
      contactId: CONTACT,
      conversationId: CONVERSATION,
      sentAtSource: "provider",
    });

    const event = await h.db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({
      id: result.eventId,
      provider: "GHL",
      connectionId: h.connectionId,
      clientId: h.clientId,
      dedupeKey: "5c1f7e0a-3b2d-4c8e-9a61-2f4d8b7e1c90",
      eventType: "InboundMessage",
      receivedAt: now,
      occurredAt: new Date("2026-10-14T15:02:12.031Z"),
      rawBody: body,
      rawBodyBytes: Buffer.byteLength(body),
      rawBodyTruncated: false,
      status: "processed",
      reason: null,
      messageId: message.id,
    });
    expect(event.rawBodySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(event.headers as object).sort()).toEqual(["content-type", "x-ghl-signature", "x-wh-signature"]);

    const jobs = await h.db.prisma.backgroundJob.findMany();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      clientId: h.clientId,
      type: "SMS_INBOUND_POST_PROCESS",
      status: "PENDING",
      runAt: now,
      dedupeKey: `post-process:${message.id}`,
      leadId: lead.id,
      messageId: message.id,
    });
    const connection = await h.db.prisma.providerConnection.findUniqueOrThrow({ where: { id: h.connectionId } });
    expect(connection.lastEventAt).toEqual(now);
  });

  it("signed/InboundMessage.sms verifies by the legacy x-wh-signature alone", async () => {
    const body = readProviderFixture("gohighlevel", "signed/InboundMessage.sms.body.json");
    const { "x-wh-signature": rsa } = JSON.parse(
      readProviderFixture("gohighlevel", "signed/InboundMessage.sms.headers.json"),
    ) as Record<string, string>;
    const result = await ingestWebhook({
      request: ghlRequest(body, { "content-type": "application/json", "x-wh-signature": rsa! }),
      provider: "GHL",
      db: h.db.prisma,
      config: fixtureKeysConfig(),
      now: new Date("2026-10-14T15:02:13.000Z"),
      log: quiet,
    });
    expect(result.outcome).toBe("stored");
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 1, messages: 1, leads: 1, jobs: 1 });
  });

  it("InboundMessage.email: HTML to text, the From name and address, thread context, an email job", async () => {
    const body = readProviderFixture("gohighlevel", "InboundMessage.email.json");
    expect((await h.deliver(body)).outcome).toBe("stored");
    const lead = await h.onlyLead();
    expect(lead).toMatchObject({
      ghlContactId: CONTACT,
      email: "jordan.rivera@example.org",
      phone: null,
      name: "Jordan Rivera",
    });
    const message = await h.db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({
      channel: "email",
      direction: "inbound",
      subject: "Re: Quick question about onboarding",
      body: "Thanks for the info. Can we do a quick call next week? Tuesday afternoon works for me.",
      sentAt: new Date("2026-10-14T16:20:05.118Z"),
      ghlMessageId: "Tg7KqW2xNz9RmLp4CvYs",
      bodyTruncated: false,
    });
    expect(message.providerContext).toEqual({
      contactId: CONTACT,
      conversationId: CONVERSATION,
      threadId: "Tg7KqW2xNz9RmLp4CvYs",
      emailMessageId: "Tg7KqW2xNz9RmLp4CvYs",
      sentAtSource: "provider",
    });
    const [job] = await h.db.prisma.backgroundJob.findMany();
    expect(job).toMatchObject({ type: "EMAIL_INBOUND_POST_PROCESS", messageId: message.id });
  });

  it("OutboundMessage.sms we did not send: sentBy system, no job, lastOutboundAt", async () => {
    const body = readProviderFixture("gohighlevel", "OutboundMessage.sms.json");
    expect((await h.deliver(body)).outcome).toBe("stored");
    const lead = await h.onlyLead();
    expect(lead).toMatchObject({ ghlContactId: CONTACT, name: "Unknown lead", lastInboundAt: null });
    expect(lead.lastOutboundAt).toEqual(new Date("2026-10-14T15:05:40.907Z"));
    const message = await h.db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({
      direction: "outbound",
      sentBy: "system",
      sentByUserId: null,
      aiDraftId: null,
      ghlMessageId: "Rb2MvQ8xNz4KtLp6WcYs",
      body: "Thursday 3pm works. I'll send a calendar invite shortly.",
    });
    expect(await h.db.prisma.backgroundJob.count()).toBe(0);
  });

  it("OutboundMessage.sms sent by a mapped GoHighLevel user counts as that setter's", async () => {
    const user = await createUser(h.db.prisma, `setter-${Date.now()}@ghl.test`, [
      { clientId: h.clientId, role: "SETTER" },
    ]);
    await h.db.prisma.memberProviderIdentity.create({
      data: { clientId: h.clientId, userId: user.id, provider: "GHL", externalUserId: "Lm5QzR8tVx2NpKc7BwYa" },
    });
    expect((await h.deliver(readProviderFixture("gohighlevel", "OutboundMessage.sms.json"))).outcome).toBe("stored");
    const message = await h.db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({ sentBy: "setter", sentByUserId: user.id });
  });

  it("OutboundMessage.email: the lead is the recipient", async () => {
    expect((await h.deliver(readProviderFixture("gohighlevel", "OutboundMessage.email.json"))).outcome).toBe("stored");
    const lead = await h.onlyLead();
    expect(lead).toMatchObject({ email: "jordan.rivera@example.org", name: "jordan.rivera@example.org" });
    const message = await h.db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({
      channel: "email",
      direction: "outbound",
      sentBy: "system",
      body: "Hi Jordan,\nTuesday 2pm ET works. Invite to follow.\n- Sam",
      ghlMessageId: "Vb3NqR8xKz2TmLp7CwYa",
    });
    expect(message.providerContext).toMatchObject({
      threadId: "Tg7KqW2xNz9RmLp4CvYs",
      emailMessageId: "Vb3NqR8xKz2TmLp7CwYa",
    });
  });

  it.each(listProviderFixtures("gohighlevel").filter((name) => name.startsWith("Appointment")))(
    "%s for an unknown contact: 200, stored, kept pending for the lead (bookings: docs/bookings.md), no lead created",
    async (name) => {
      const result = await h.deliver(readProviderFixture("gohighlevel", name), new Date("2026-10-14T12:00:00Z"));
      expect(result.outcome).toBe("stored");
      expect(await rowCounts(h.db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
      const event = await h.db.prisma.webhookEvent.findFirstOrThrow();
      expect(event).toMatchObject({ status: "processed", eventType: name.split(".")[0], messageId: null });
      expect(event.reason).toMatch(/no lead yet/);
      expect(event.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    },
  );

  it("the inbound SMS and email of one contact are one lead (found by contactId, email filled in)", async () => {
    await h.deliver(readProviderFixture("gohighlevel", "InboundMessage.sms.json"));
    await h.deliver(readProviderFixture("gohighlevel", "InboundMessage.email.json"));
    const lead = await h.onlyLead();
    expect(lead).toMatchObject({ phone: "+15555550142", email: "jordan.rivera@example.org" });
    expect(lead.lastInboundAt).toEqual(new Date("2026-10-14T16:20:05.118Z"));
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 2, messages: 2, leads: 1, jobs: 2 });
  });
});

describe("bad fixtures", () => {
  it("bad/InboundMessage.duplicate_delivery_same_messageId_and_webhookId: 200 duplicate, nothing written", async () => {
    await h.deliver(readProviderFixture("gohighlevel", "InboundMessage.sms.json"));
    const before = await rowCounts(h.db.prisma);
    const retry = readProviderFixture(
      "gohighlevel",
      "bad/InboundMessage.duplicate_delivery_same_messageId_and_webhookId.json",
    );
    expect((await h.deliver(retry)).outcome).toBe("duplicate");
    expect(await rowCounts(h.db.prisma)).toEqual(before);
  });

  it("bad/InboundMessage.email.oversized_body_2MB: the text is stored, marked truncated; the raw body is capped", async () => {
    const body = readProviderFixture("gohighlevel", "bad/InboundMessage.email.oversized_body_2MB.json");
    const result = await h.deliver(body);
    expect(result.outcome).toBe("stored");
    const message = await h.db.prisma.message.findFirstOrThrow();
    expect(message.body).toBe("Please see the attached screenshot.\n\n> On Tue, someone wrote: ...");
    expect(message.bodyTruncated).toBe(true);
    const event = await h.db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({ status: "processed", rawBodyTruncated: true, rawBodyBytes: Buffer.byteLength(body) });
    expect(Buffer.byteLength(event.rawBody)).toBe(512 * 1024);
    expect(body.startsWith(event.rawBody)).toBe(true);
    expect(await h.db.prisma.backgroundJob.count()).toBe(1);
  });

  it("bad/InboundMessage.missing_messageId_and_contactId: 200, stored as rejected with its reason, nothing else", async () => {
    const result = await h.deliver(
      readProviderFixture("gohighlevel", "bad/InboundMessage.missing_messageId_and_contactId.json"),
    );
    expect(result.outcome).toBe("rejected");
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
    const event = await h.db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({
      status: "rejected",
      reason: "no messageId or emailMessageId",
      dedupeKey: "5c1f7e0a-3b2d-4c8e-9a61-2f4d8b7e1c90",
      messageId: null,
    });
    const connection = await h.db.prisma.providerConnection.findUniqueOrThrow({ where: { id: h.connectionId } });
    expect(connection.lastError).toBe("no messageId or emailMessageId");
  });

  it("bad/AppointmentCreate.wrong_types: rejected with its reason (bookings-webhooks-ghl.test.ts)", async () => {
    const result = await h.deliver(
      readProviderFixture("gohighlevel", "bad/AppointmentCreate.wrong_types.json"),
      new Date(),
    );
    expect(result.outcome).toBe("rejected");
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
  });

  it("bad/signed_tampered_body with the original signatures: 401, nothing written", async () => {
    const body = readProviderFixture("gohighlevel", "bad/signed_tampered_body.InboundMessage.sms.body.json");
    const headers = JSON.parse(readProviderFixture("gohighlevel", "signed/InboundMessage.sms.headers.json")) as Record<
      string,
      string
    >;
    const result = await ingestWebhook({
      request: ghlRequest(body, headers),
      provider: "GHL",
      db: h.db.prisma,
      config: fixtureKeysConfig(),
      now: new Date("2026-10-14T15:02:13.000Z"),
      log: quiet,
    });
    expect(result.outcome).toBe("unauthorized");
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 0, messages: 0, leads: 0, jobs: 0 });
  });

  it("a signed body for an unknown or disabled location: 401, nothing written", async () => {
    const body = ghlBody("InboundMessage.sms.json", { locationId: "UnknownLocation" });
    expect(await h.deliver(body)).toMatchObject({ outcome: "unauthorized" });
    await h.db.prisma.providerConnection.update({ where: { id: h.connectionId }, data: { disabledAt: new Date() } });
    expect(await h.deliver(readProviderFixture("gohighlevel", "InboundMessage.sms.json"))).toMatchObject({
      outcome: "unauthorized",
    });
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 0, messages: 0, leads: 0, jobs: 0 });
  });

  it("a message event with wrong field types: 200, rejected with the zod reason, nothing else", async () => {
    const body = ghlBody("InboundMessage.sms.json", { contactId: 12345, body: ["not", "text"] });
    expect((await h.deliver(body)).outcome).toBe("rejected");
    const event = await h.db.prisma.webhookEvent.findFirstOrThrow();
    expect(event.status).toBe("rejected");
    expect(event.reason).toMatch(/^invalid InboundMessage: contactId: .*; body: /);
    expect(event.dedupeKey).toBe("5c1f7e0a-3b2d-4c8e-9a61-2f4d8b7e1c90");
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
  });

  it("a message type that is neither SMS nor Email (a call) is ignored", async () => {
    const body = ghlBody("InboundMessage.sms.json", {
      messageType: "CALL",
      messageTypeString: "TYPE_CALL",
      messageId: "CallMsg1",
    });
    expect((await h.deliver(body)).outcome).toBe("ignored");
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
  });
});
