// The GoHighLevel webhook through the shared pipeline on a real database: payload variants
// found in review, replays of one delivery in sequence and concurrently, echoes of our own
// sends, late deliveries and lead matching. The fixtures one by one: webhooks-ghl.test.ts.
import { describe, expect, it } from "vitest";
import { readProviderFixture } from "../helpers/provider-fixtures";
import { CONTACT, ghlIngestHarness } from "../helpers/ghl-ingest-harness";
import { ghlBody, receivedJustAfter, rowCounts } from "../helpers/ghl-webhook-fixtures";

const h = ghlIngestHarness();

describe("payload variants and failure modes", () => {
  it("a NUL character in an authentic body (JSON \\u0000) is dropped, not a 500: the message is stored", async () => {
    const body = ghlBody("InboundMessage.email.json", { body: "<div>Hi\u0000 there</div>", subject: "Re:\u0000 x" });
    expect((await h.deliver(body)).outcome).toBe("stored");
    const message = await h.db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({ body: "Hi there", subject: "Re: x" });
  });

  it('blank optional ids (an automation\'s OutboundMessage with userId "") are absent, not a rejection', async () => {
    const body = ghlBody("OutboundMessage.sms.json", { userId: "", conversationProviderId: "" });
    expect((await h.deliver(body)).outcome).toBe("stored");
    expect(await h.db.prisma.message.findFirstOrThrow()).toMatchObject({ sentBy: "system", sentByUserId: null });
  });

  it("an existing lead whose stored email has other case or spaces is found by the normalized email", async () => {
    const existing = await h.db.prisma.lead.create({
      data: { clientId: h.clientId, name: "Jordan", email: " Jordan.Rivera@Example.ORG " },
    });
    expect((await h.deliver(readProviderFixture("gohighlevel", "InboundMessage.email.json"))).outcome).toBe("stored");
    expect(await h.onlyLead()).toMatchObject({ id: existing.id, ghlContactId: CONTACT });
  });

  it("an SMS whose only lead identity is a phone that is not a number: rejected (200), not a 500", async () => {
    const { contactId: _contactId, ...rest } = JSON.parse(
      readProviderFixture("gohighlevel", "InboundMessage.sms.json"),
    );
    const body = JSON.stringify({ ...rest, from: "not-a-phone" });
    expect(await h.deliver(body)).toMatchObject({ outcome: "rejected" });
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
    expect((await h.db.prisma.webhookEvent.findFirstOrThrow()).reason).toMatch(/no usable lead identity/);
  });

  it("an authentic (signed) body that is not JSON is stored as rejected and answered 200, on no connection", async () => {
    const result = await h.deliver("not json at all", new Date());
    expect(result).toMatchObject({ outcome: "rejected", reason: "body is not JSON" });
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
    expect(await h.db.prisma.webhookEvent.findFirstOrThrow()).toMatchObject({
      status: "rejected",
      connectionId: null,
      clientId: null,
      provider: "GHL",
    });
    // The same bytes again are a duplicate, and an unsigned copy is still 401.
    expect((await h.deliver("not json at all", new Date())).outcome).toBe("duplicate");
    expect((await h.deliver("not json at all", new Date(), { "content-type": "application/json" })).outcome).toBe(
      "unauthorized",
    );
  });
});

describe("replays of one delivery", () => {
  it("5× in sequence: one event, one message, one job", async () => {
    const body = readProviderFixture("gohighlevel", "InboundMessage.sms.json");
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await h.deliver(body)).outcome);
    expect(outcomes).toEqual(["stored", "duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 1, messages: 1, leads: 1, jobs: 1 });
  });

  it("5× concurrently: one event, one message, one job", async () => {
    const body = readProviderFixture("gohighlevel", "InboundMessage.email.json");
    const results = await Promise.all(Array.from({ length: 5 }, () => h.deliver(body)));
    expect(results.map((r) => r.outcome).sort()).toEqual([
      "duplicate",
      "duplicate",
      "duplicate",
      "duplicate",
      "stored",
    ]);
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 1, messages: 1, leads: 1, jobs: 1 });
  });

  it("a repeated webhookId is a duplicate even with another messageId; the same message under a new webhookId joins", async () => {
    const first = JSON.parse(readProviderFixture("gohighlevel", "InboundMessage.sms.json")) as Record<string, unknown>;
    expect((await h.deliver(JSON.stringify(first))).outcome).toBe("stored");
    expect((await h.deliver(JSON.stringify({ ...first, messageId: "OtherMsg0000000001" }))).outcome).toBe("duplicate");
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 1, messages: 1, leads: 1, jobs: 1 });
    const again = { ...first, webhookId: "7f3e9b2a-1c4d-4e8f-9a0b-3c5d7e9f1a2b" };
    expect((await h.deliver(JSON.stringify(again))).outcome).toBe("stored");
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 2, messages: 1, leads: 1, jobs: 1 });
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
    const results = await Promise.all(bodies.map((body) => h.deliver(body)));
    expect(results.map((r) => r.outcome)).toEqual(Array(5).fill("stored"));
    const lead = await h.onlyLead();
    expect(lead).toMatchObject({ phone: "+15555550177", ghlContactId: null });
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 5, messages: 5, leads: 1, jobs: 5 });
  });
});

describe("direction, echoes and late deliveries", () => {
  it("an OutboundMessage echo of our own AI send joins the recorded Message (keeps sentBy/aiDraftId)", async () => {
    await h.deliver(readProviderFixture("gohighlevel", "InboundMessage.sms.json"));
    const inbound = await h.db.prisma.message.findFirstOrThrow();
    const draft = await h.db.prisma.aIDraft.create({
      data: {
        clientId: h.clientId,
        leadId: inbound.leadId,
        triggerMessageId: inbound.id,
        channel: "sms",
        content: "Thursday 3pm works.",
      },
    });
    const sentAt = new Date("2026-10-14T15:05:40.000Z");
    const ours = await h.db.prisma.message.create({
      data: {
        clientId: h.clientId,
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
    const result = await h.deliver(echo);
    expect(result).toMatchObject({ outcome: "stored", messageId: ours.id });
    expect(await h.db.prisma.message.count()).toBe(2);
    const joined = await h.db.prisma.message.findUniqueOrThrow({ where: { id: ours.id } });
    expect(joined).toMatchObject({
      direction: "outbound",
      sentBy: "ai",
      aiDraftId: draft.id,
      sentAt,
      connectionId: h.connectionId,
      webhookDedupeKey: "ghl:e4a7c2d9-1b6f-4e38-a0c5-7d9e2f1b3a68",
    });
    expect(await h.db.prisma.backgroundJob.count()).toBe(1); // the inbound's only
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
    await h.deliver(later);
    await h.deliver(earlier);
    const lead = await h.onlyLead();
    expect(lead.lastInboundAt).toEqual(new Date("2026-10-14T15:30:00.000Z"));
    expect(await h.db.prisma.message.count()).toBe(2);
  });

  it("an unparseable dateAdded falls back to the received time and is flagged", async () => {
    const body = ghlBody("InboundMessage.sms.json", { dateAdded: "sometime tuesday" });
    const now = receivedJustAfter(body);
    expect((await h.deliver(body, now)).outcome).toBe("stored");
    const message = await h.db.prisma.message.findFirstOrThrow();
    expect(message.sentAt).toEqual(now);
    expect(message.providerContext).toMatchObject({ sentAtSource: "received-fallback" });
    const event = await h.db.prisma.webhookEvent.findFirstOrThrow();
    expect(event.status).toBe("processed");
    expect(event.reason).toBe('dateAdded unparseable ("sometime tuesday"); used the received time');
  });

  it("dateAdded and timestamp as epoch seconds / millis are read", async () => {
    const body = ghlBody("InboundMessage.sms.json", { dateAdded: 1792249200, timestamp: 1792249201000 });
    expect((await h.deliver(body, new Date(1792249202000))).outcome).toBe("stored");
    const message = await h.db.prisma.message.findFirstOrThrow();
    expect(message.sentAt).toEqual(new Date(1792249200000));
    expect((await h.db.prisma.webhookEvent.findFirstOrThrow()).occurredAt).toEqual(new Date(1792249201000));
  });
});

describe("lead matching", () => {
  it("finds an existing lead by normalized email and fills its missing contact id", async () => {
    const existing = await h.db.prisma.lead.create({
      data: { clientId: h.clientId, name: "Jordan", email: "jordan.rivera@example.org" },
    });
    const body = ghlBody("InboundMessage.email.json", { from: "Jordan Rivera <  JORDAN.Rivera@Example.org >" });
    expect((await h.deliver(body)).outcome).toBe("stored");
    const lead = await h.onlyLead();
    expect(lead).toMatchObject({ id: existing.id, name: "Jordan", ghlContactId: CONTACT });
  });

  it("reads national phone numbers in the workspace's default country (E.164)", async () => {
    const gb = await h.db.prisma.client.create({
      data: { name: "GB Co", timezone: "Europe/London", defaultCountry: "GB" },
    });
    await h.db.prisma.providerConnection.create({
      data: { clientId: gb.id, provider: "GHL", externalAccountId: "GbLocation" },
    });
    const body = ghlBody("InboundMessage.sms.json", {
      locationId: "GbLocation",
      contactId: "GbContact",
      from: "020 7946 0958",
    });
    expect((await h.deliver(body)).outcome).toBe("stored");
    const lead = await h.db.prisma.lead.findFirstOrThrow({ where: { clientId: gb.id } });
    expect(lead.phone).toBe("+442079460958");
  });
});
