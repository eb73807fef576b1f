// The GoHighLevel webhook through the shared pipeline on a real database, with real Request
// objects: every fixture (good ones to their lead and message, bad ones to their documented
// answer with nothing half-written), replays in sequence and concurrently, echoes, late
// deliveries and lead matching. Signatures: webhooks-ghl-auth.test.ts; routes and HTTP:
// webhooks-routes.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listProviderFixtures, readProviderFixture } from "../helpers/provider-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser, createWorkspace } from "../helpers/fixtures";
import {
  fixtureKeysConfig,
  generateGhlTestKeys,
  ghlBody,
  ghlConfig,
  ghlRequest,
  receivedJustAfter,
  rowCounts,
  signGhl,
} from "../helpers/ghl-webhook-fixtures";
import { ingestWebhook } from "@/lib/webhooks/ingest";

const LOCATION = "Xq3LpRt8vYb2NcK7WmZa";
const CONTACT = "Hn4TgQw9ZkLm2PxR7sBv";
const CONVERSATION = "Ud8KsN2cVb6QpLr4TyXe";
const keys = generateGhlTestKeys();
const config = ghlConfig(keys);
const quiet = { warn: () => undefined, error: () => undefined };

let db: TestDatabase;
let clientId: string;
let connectionId: string;

async function deliver(body: string, now = receivedJustAfter(body), headers = signGhl(body, keys)) {
  return ingestWebhook({ request: ghlRequest(body, headers), provider: "GHL", db: db.prisma, config, now, log: quiet });
}

async function onlyLead() {
  const leads = await db.prisma.lead.findMany();
  expect(leads).toHaveLength(1);
  return leads[0]!;
}

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "GHL Co")).id;
  connectionId = (
    await db.prisma.providerConnection.create({ data: { clientId, provider: "GHL", externalAccountId: LOCATION } })
  ).id;
});

beforeEach(async () => {
  await db.query(
    `TRUNCATE "WebhookEvent", "BackgroundJob", "AIDraft", "Message", "Lead", "MemberProviderIdentity" CASCADE`,
  );
  await db.query(
    `UPDATE "ProviderConnection" SET "lastEventAt" = NULL, "lastError" = NULL, "lastErrorAt" = NULL, "disabledAt" = NULL`,
  );
});

afterAll(async () => {
  await db?.drop();
});

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
      db: db.prisma,
      config: fixtureKeysConfig(),
      now,
      log: quiet,
    });
    expect(result.outcome).toBe("stored");

    const lead = await onlyLead();
    expect(lead).toMatchObject({
      clientId,
      ghlContactId: CONTACT,
      phone: "+15555550142",
      email: null,
      name: "+15555550142",
    });
    expect(lead.lastInboundAt).toEqual(new Date("2026-10-14T15:02:11.482Z"));
    expect(lead.lastOutboundAt).toBeNull();

    const message = await db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({
      id: result.messageId,
      clientId,
      leadId: lead.id,
      channel: "sms",
      direction: "inbound",
      subject: null,
      body: "Hi, got your text about the demo. Is Thursday at 3pm still open?",
      sentAt: new Date("2026-10-14T15:02:11.482Z"),
      sentBy: null,
      bodyTruncated: false,
      connectionId,
      ghlMessageId: "Pk7RwX2nLqB9vTzM4cYe",
      webhookDedupeKey: "ghl:5c1f7e0a-3b2d-4c8e-9a61-2f4d8b7e1c90",
    });
    expect(message.providerContext).toEqual({
      contactId: CONTACT,
      conversationId: CONVERSATION,
      sentAtSource: "provider",
    });

    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({
      id: result.eventId,
      provider: "GHL",
      connectionId,
      clientId,
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

    const jobs = await db.prisma.backgroundJob.findMany();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      clientId,
      type: "SMS_INBOUND_POST_PROCESS",
      status: "PENDING",
      runAt: now,
      dedupeKey: `post-process:${message.id}`,
      leadId: lead.id,
      messageId: message.id,
    });
    const connection = await db.prisma.providerConnection.findUniqueOrThrow({ where: { id: connectionId } });
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
      db: db.prisma,
      config: fixtureKeysConfig(),
      now: new Date("2026-10-14T15:02:13.000Z"),
      log: quiet,
    });
    expect(result.outcome).toBe("stored");
    expect(await rowCounts(db.prisma)).toEqual({ events: 1, messages: 1, leads: 1, jobs: 1 });
  });

  it("InboundMessage.email: HTML to text, the From name and address, thread context, an email job", async () => {
    const body = readProviderFixture("gohighlevel", "InboundMessage.email.json");
    expect((await deliver(body)).outcome).toBe("stored");
    const lead = await onlyLead();
    expect(lead).toMatchObject({
      ghlContactId: CONTACT,
      email: "jordan.rivera@example.org",
      phone: null,
      name: "Jordan Rivera",
    });
    const message = await db.prisma.message.findFirstOrThrow();
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
    const [job] = await db.prisma.backgroundJob.findMany();
    expect(job).toMatchObject({ type: "EMAIL_INBOUND_POST_PROCESS", messageId: message.id });
  });

  it("OutboundMessage.sms we did not send: sentBy system, no job, lastOutboundAt", async () => {
    const body = readProviderFixture("gohighlevel", "OutboundMessage.sms.json");
    expect((await deliver(body)).outcome).toBe("stored");
    const lead = await onlyLead();
    expect(lead).toMatchObject({ ghlContactId: CONTACT, name: "Unknown lead", lastInboundAt: null });
    expect(lead.lastOutboundAt).toEqual(new Date("2026-10-14T15:05:40.907Z"));
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({
      direction: "outbound",
      sentBy: "system",
      sentByUserId: null,
      aiDraftId: null,
      ghlMessageId: "Rb2MvQ8xNz4KtLp6WcYs",
      body: "Thursday 3pm works. I'll send a calendar invite shortly.",
    });
    expect(await db.prisma.backgroundJob.count()).toBe(0);
  });

  it("OutboundMessage.sms sent by a mapped GoHighLevel user counts as that setter's", async () => {
    const user = await createUser(db.prisma, `setter-${Date.now()}@ghl.test`, [{ clientId, role: "SETTER" }]);
    await db.prisma.memberProviderIdentity.create({
      data: { clientId, userId: user.id, provider: "GHL", externalUserId: "Lm5QzR8tVx2NpKc7BwYa" },
    });
    expect((await deliver(readProviderFixture("gohighlevel", "OutboundMessage.sms.json"))).outcome).toBe("stored");
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({ sentBy: "setter", sentByUserId: user.id });
  });

  it("OutboundMessage.email: the lead is the recipient", async () => {
    expect((await deliver(readProviderFixture("gohighlevel", "OutboundMessage.email.json"))).outcome).toBe("stored");
    const lead = await onlyLead();
    expect(lead).toMatchObject({ email: "jordan.rivera@example.org", name: "jordan.rivera@example.org" });
    const message = await db.prisma.message.findFirstOrThrow();
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
    "%s is ignored (bookings are a later issue): 200, stored as ignored, nothing else",
    async (name) => {
      const result = await deliver(readProviderFixture("gohighlevel", name), new Date("2026-10-14T12:00:00Z"));
      expect(result.outcome).toBe("ignored");
      expect(await rowCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
      const event = await db.prisma.webhookEvent.findFirstOrThrow();
      expect(event).toMatchObject({ status: "ignored", eventType: name.split(".")[0], messageId: null });
      expect(event.reason).toMatch(/is not handled/);
      expect(event.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    },
  );

  it("the inbound SMS and email of one contact are one lead (found by contactId, email filled in)", async () => {
    await deliver(readProviderFixture("gohighlevel", "InboundMessage.sms.json"));
    await deliver(readProviderFixture("gohighlevel", "InboundMessage.email.json"));
    const lead = await onlyLead();
    expect(lead).toMatchObject({ phone: "+15555550142", email: "jordan.rivera@example.org" });
    expect(lead.lastInboundAt).toEqual(new Date("2026-10-14T16:20:05.118Z"));
    expect(await rowCounts(db.prisma)).toEqual({ events: 2, messages: 2, leads: 1, jobs: 2 });
  });
});

describe("bad fixtures", () => {
  it("bad/InboundMessage.duplicate_delivery_same_messageId_and_webhookId: 200 duplicate, nothing written", async () => {
    await deliver(readProviderFixture("gohighlevel", "InboundMessage.sms.json"));
    const before = await rowCounts(db.prisma);
    const retry = readProviderFixture(
      "gohighlevel",
      "bad/InboundMessage.duplicate_delivery_same_messageId_and_webhookId.json",
    );
    expect((await deliver(retry)).outcome).toBe("duplicate");
    expect(await rowCounts(db.prisma)).toEqual(before);
  });

  it("bad/InboundMessage.email.oversized_body_2MB: the text is stored, marked truncated; the raw body is capped", async () => {
    const body = readProviderFixture("gohighlevel", "bad/InboundMessage.email.oversized_body_2MB.json");
    const result = await deliver(body);
    expect(result.outcome).toBe("stored");
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message.body).toBe("Please see the attached screenshot.\n\n> On Tue, someone wrote: ...");
    expect(message.bodyTruncated).toBe(true);
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({ status: "processed", rawBodyTruncated: true, rawBodyBytes: Buffer.byteLength(body) });
    expect(Buffer.byteLength(event.rawBody)).toBe(512 * 1024);
    expect(body.startsWith(event.rawBody)).toBe(true);
    expect(await db.prisma.backgroundJob.count()).toBe(1);
  });

  it("bad/InboundMessage.missing_messageId_and_contactId: 200, stored as rejected with its reason, nothing else", async () => {
    const result = await deliver(
      readProviderFixture("gohighlevel", "bad/InboundMessage.missing_messageId_and_contactId.json"),
    );
    expect(result.outcome).toBe("rejected");
    expect(await rowCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({
      status: "rejected",
      reason: "no messageId or emailMessageId",
      dedupeKey: "5c1f7e0a-3b2d-4c8e-9a61-2f4d8b7e1c90",
      messageId: null,
    });
    const connection = await db.prisma.providerConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection.lastError).toBe("no messageId or emailMessageId");
  });

  it("bad/AppointmentCreate.wrong_types: ignored like every appointment event", async () => {
    const result = await deliver(
      readProviderFixture("gohighlevel", "bad/AppointmentCreate.wrong_types.json"),
      new Date(),
    );
    expect(result.outcome).toBe("ignored");
    expect(await rowCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
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
      db: db.prisma,
      config: fixtureKeysConfig(),
      now: new Date("2026-10-14T15:02:13.000Z"),
      log: quiet,
    });
    expect(result.outcome).toBe("unauthorized");
    expect(await rowCounts(db.prisma)).toEqual({ events: 0, messages: 0, leads: 0, jobs: 0 });
  });

  it("a signed body for an unknown or disabled location: 401, nothing written", async () => {
    const body = ghlBody("InboundMessage.sms.json", { locationId: "UnknownLocation" });
    expect(await deliver(body)).toMatchObject({ outcome: "unauthorized" });
    await db.prisma.providerConnection.update({ where: { id: connectionId }, data: { disabledAt: new Date() } });
    expect(await deliver(readProviderFixture("gohighlevel", "InboundMessage.sms.json"))).toMatchObject({
      outcome: "unauthorized",
    });
    expect(await rowCounts(db.prisma)).toEqual({ events: 0, messages: 0, leads: 0, jobs: 0 });
  });

  it("a message event with wrong field types: 200, rejected with the zod reason, nothing else", async () => {
    const body = ghlBody("InboundMessage.sms.json", { contactId: 12345, body: ["not", "text"] });
    expect((await deliver(body)).outcome).toBe("rejected");
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event.status).toBe("rejected");
    expect(event.reason).toMatch(/^invalid InboundMessage: contactId: .*; body: /);
    expect(event.dedupeKey).toBe("5c1f7e0a-3b2d-4c8e-9a61-2f4d8b7e1c90");
    expect(await rowCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
  });

  it("a message type that is neither SMS nor Email (a call) is ignored", async () => {
    const body = ghlBody("InboundMessage.sms.json", {
      messageType: "CALL",
      messageTypeString: "TYPE_CALL",
      messageId: "CallMsg1",
    });
    expect((await deliver(body)).outcome).toBe("ignored");
    expect(await rowCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
  });
});

describe("review regressions", () => {
  it("a NUL character in an authentic body (JSON \\u0000) is dropped, not a 500: the message is stored", async () => {
    const body = ghlBody("InboundMessage.email.json", { body: "<div>Hi\u0000 there</div>", subject: "Re:\u0000 x" });
    expect((await deliver(body)).outcome).toBe("stored");
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({ body: "Hi there", subject: "Re: x" });
  });

  it('blank optional ids (an automation\'s OutboundMessage with userId "") are absent, not a rejection', async () => {
    const body = ghlBody("OutboundMessage.sms.json", { userId: "", conversationProviderId: "" });
    expect((await deliver(body)).outcome).toBe("stored");
    expect(await db.prisma.message.findFirstOrThrow()).toMatchObject({ sentBy: "system", sentByUserId: null });
  });

  it("an existing lead whose stored email has other case or spaces is found by the normalized email", async () => {
    const existing = await db.prisma.lead.create({
      data: { clientId, name: "Jordan", email: " Jordan.Rivera@Example.ORG " },
    });
    expect((await deliver(readProviderFixture("gohighlevel", "InboundMessage.email.json"))).outcome).toBe("stored");
    expect(await onlyLead()).toMatchObject({ id: existing.id, ghlContactId: CONTACT });
  });

  it("an SMS whose only lead identity is a phone that is not a number: rejected (200), not a 500", async () => {
    const { contactId: _contactId, ...rest } = JSON.parse(
      readProviderFixture("gohighlevel", "InboundMessage.sms.json"),
    );
    const body = JSON.stringify({ ...rest, from: "not-a-phone" });
    expect(await deliver(body)).toMatchObject({ outcome: "rejected" });
    expect(await rowCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
    expect((await db.prisma.webhookEvent.findFirstOrThrow()).reason).toMatch(/no usable lead identity/);
  });

  it("an authentic (signed) body that is not JSON is stored as rejected and answered 200, on no connection", async () => {
    const result = await deliver("not json at all", new Date());
    expect(result).toMatchObject({ outcome: "rejected", reason: "body is not JSON" });
    expect(await rowCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
    expect(await db.prisma.webhookEvent.findFirstOrThrow()).toMatchObject({
      status: "rejected",
      connectionId: null,
      clientId: null,
      provider: "GHL",
    });
    // The same bytes again are a duplicate, and an unsigned copy is still 401.
    expect((await deliver("not json at all", new Date())).outcome).toBe("duplicate");
    expect((await deliver("not json at all", new Date(), { "content-type": "application/json" })).outcome).toBe(
      "unauthorized",
    );
  });
});

describe("replays of one delivery", () => {
  it("5× in sequence: one event, one message, one job", async () => {
    const body = readProviderFixture("gohighlevel", "InboundMessage.sms.json");
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await deliver(body)).outcome);
    expect(outcomes).toEqual(["stored", "duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(await rowCounts(db.prisma)).toEqual({ events: 1, messages: 1, leads: 1, jobs: 1 });
  });

  it("5× concurrently: one event, one message, one job", async () => {
    const body = readProviderFixture("gohighlevel", "InboundMessage.email.json");
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(body)));
    expect(results.map((r) => r.outcome).sort()).toEqual([
      "duplicate",
      "duplicate",
      "duplicate",
      "duplicate",
      "stored",
    ]);
    expect(await rowCounts(db.prisma)).toEqual({ events: 1, messages: 1, leads: 1, jobs: 1 });
  });

  it("a repeated webhookId is a duplicate even with another messageId; the same message under a new webhookId joins", async () => {
    const first = JSON.parse(readProviderFixture("gohighlevel", "InboundMessage.sms.json")) as Record<string, unknown>;
    expect((await deliver(JSON.stringify(first))).outcome).toBe("stored");
    expect((await deliver(JSON.stringify({ ...first, messageId: "OtherMsg0000000001" }))).outcome).toBe("duplicate");
    expect(await rowCounts(db.prisma)).toEqual({ events: 1, messages: 1, leads: 1, jobs: 1 });
    const again = { ...first, webhookId: "7f3e9b2a-1c4d-4e8f-9a0b-3c5d7e9f1a2b" };
    expect((await deliver(JSON.stringify(again))).outcome).toBe("stored");
    expect(await rowCounts(db.prisma)).toEqual({ events: 2, messages: 1, leads: 1, jobs: 1 });
  });

  it("5 different messages of one new contact at once: one lead (advisory lock), five messages and jobs", async () => {
    const bodies = Array.from({ length: 5 }, (_, i) =>
      ghlBody("InboundMessage.sms.json", {
        contactId: undefined,
        messageId: `Concurrent${i}`,
        webhookId: `w-${i}`,
        from: "(555) 555-0177",
      }),
    );
    const results = await Promise.all(bodies.map((body) => deliver(body)));
    expect(results.map((r) => r.outcome)).toEqual(Array(5).fill("stored"));
    const lead = await onlyLead();
    expect(lead).toMatchObject({ phone: "+15555550177", ghlContactId: null });
    expect(await rowCounts(db.prisma)).toEqual({ events: 5, messages: 5, leads: 1, jobs: 5 });
  });
});

describe("direction, echoes and late deliveries", () => {
  it("an OutboundMessage echo of our own AI send joins the recorded Message (keeps sentBy/aiDraftId)", async () => {
    await deliver(readProviderFixture("gohighlevel", "InboundMessage.sms.json"));
    const inbound = await db.prisma.message.findFirstOrThrow();
    const draft = await db.prisma.aIDraft.create({
      data: {
        clientId,
        leadId: inbound.leadId,
        triggerMessageId: inbound.id,
        channel: "sms",
        content: "Thursday 3pm works.",
      },
    });
    const sentAt = new Date("2026-10-14T15:05:40.000Z");
    const ours = await db.prisma.message.create({
      data: {
        clientId,
        leadId: inbound.leadId,
        channel: "sms",
        direction: "outbound",
        body: "Thursday 3pm works. I'll send a calendar invite shortly.",
        sentAt,
        sentBy: "ai",
        aiDraftId: draft.id,
        ghlMessageId: "Rb2MvQ8xNz4KtLp6WcYs",
      },
    });
    // The doc's OutboundMessage example says direction "inbound": the event type wins.
    const echo = ghlBody("OutboundMessage.sms.json", { direction: "inbound" });
    const result = await deliver(echo);
    expect(result).toMatchObject({ outcome: "stored", messageId: ours.id });
    expect(await db.prisma.message.count()).toBe(2);
    const joined = await db.prisma.message.findUniqueOrThrow({ where: { id: ours.id } });
    expect(joined).toMatchObject({
      direction: "outbound",
      sentBy: "ai",
      aiDraftId: draft.id,
      sentAt,
      connectionId,
      webhookDedupeKey: "ghl:e4a7c2d9-1b6f-4e38-a0c5-7d9e2f1b3a68",
    });
    expect(await db.prisma.backgroundJob.count()).toBe(1); // the inbound's only
  });

  it("a late webhook does not move lastInboundAt back", async () => {
    const later = ghlBody("InboundMessage.sms.json", {
      messageId: "Later",
      webhookId: "later-delivery",
      dateAdded: "2026-10-14T15:30:00.000Z",
    });
    const earlier = ghlBody("InboundMessage.sms.json", {
      messageId: "Earlier",
      webhookId: "earlier-delivery",
      dateAdded: "2026-10-14T15:00:00.000Z",
    });
    await deliver(later);
    await deliver(earlier);
    const lead = await onlyLead();
    expect(lead.lastInboundAt).toEqual(new Date("2026-10-14T15:30:00.000Z"));
    expect(await db.prisma.message.count()).toBe(2);
  });

  it("an unparseable dateAdded falls back to the received time and is flagged", async () => {
    const body = ghlBody("InboundMessage.sms.json", { dateAdded: "sometime tuesday" });
    const now = receivedJustAfter(body);
    expect((await deliver(body, now)).outcome).toBe("stored");
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message.sentAt).toEqual(now);
    expect(message.providerContext).toMatchObject({ sentAtSource: "received-fallback" });
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event.status).toBe("processed");
    expect(event.reason).toBe('dateAdded unparseable ("sometime tuesday"); used the received time');
  });

  it("dateAdded and timestamp as epoch seconds / millis are read", async () => {
    const body = ghlBody("InboundMessage.sms.json", { dateAdded: 1792249200, timestamp: 1792249201000 });
    expect((await deliver(body, new Date(1792249202000))).outcome).toBe("stored");
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message.sentAt).toEqual(new Date(1792249200000));
    expect((await db.prisma.webhookEvent.findFirstOrThrow()).occurredAt).toEqual(new Date(1792249201000));
  });
});

describe("lead matching", () => {
  it("finds an existing lead by normalized email and fills its missing contact id", async () => {
    const existing = await db.prisma.lead.create({
      data: { clientId, name: "Jordan", email: "jordan.rivera@example.org" },
    });
    const body = ghlBody("InboundMessage.email.json", { from: "Jordan Rivera <  JORDAN.Rivera@Example.org >" });
    expect((await deliver(body)).outcome).toBe("stored");
    const lead = await onlyLead();
    expect(lead).toMatchObject({ id: existing.id, name: "Jordan", ghlContactId: CONTACT });
  });

  it("reads national phone numbers in the workspace's default country (E.164)", async () => {
    const gb = await db.prisma.client.create({
      data: { name: "GB Co", timezone: "Europe/London", defaultCountry: "GB" },
    });
    await db.prisma.providerConnection.create({
      data: { clientId: gb.id, provider: "GHL", externalAccountId: "GbLocation" },
    });
    const body = ghlBody("InboundMessage.sms.json", {
      locationId: "GbLocation",
      contactId: "GbContact",
      from: "020 7946 0958",
    });
    expect((await deliver(body)).outcome).toBe("stored");
    const lead = await db.prisma.lead.findFirstOrThrow({ where: { clientId: gb.id } });
    expect(lead.phone).toBe("+442079460958");
  });
});
