// POST /api/webhooks/instantly/<connectionId> through the real route handler on a real database:
// every fixture (good and bad/) gets its documented answer and writes exactly what it should.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser, createWorkspace } from "../helpers/fixtures";
import { readProviderFixture } from "../helpers/provider-fixtures";
import {
  clearIngested,
  closeAppDatabase,
  createSecretConnection,
  ingestCounts,
  postWebhook,
  useWebhookTestEnvironment,
} from "../helpers/webhook-route";

const PATH = "/api/webhooks/instantly";
const SECRET = "instantly-route-secret-0123456789abcdef";
const PREVIOUS = "instantly-route-previous-secret-0123456789";
const WORKSPACE = "019a0c3e-7b21-7d4f-9a8e-3c5b1f2d6e90";
const REPLY = "reply_received.json";
const REPLY_EMAIL_ID = "019a2b6d-4c3e-7f10-8a9b-5e2d1c7f3a64";
const SENT_EMAIL_ID = "019a26f1-9d0b-7c42-a6e3-1b8f5d2c0e97";
const OUR_MAILBOX = "sam@acme-demo.example.com";

let db: TestDatabase;
let key: Buffer;
let route: typeof import("@/app/api/webhooks/instantly/[connectionId]/route");
let clientId: string;
let connectionId: string;

const fixture = (name: string) => readProviderFixture("instantly", name);
const post = (body: string, headers: Record<string, string> = { "x-webhook-secret": SECRET }, id = connectionId) =>
  postWebhook(route, PATH, id, body, headers);
const result = (value: string) => ({ received: true, result: value });

beforeAll(async () => {
  db = await createTestDatabase();
  key = useWebhookTestEnvironment(db);
  route = await import("@/app/api/webhooks/instantly/[connectionId]/route");
  clientId = (await createWorkspace(db.prisma, "Instantly Co")).id;
  connectionId = (
    await createSecretConnection(db.prisma, key, {
      clientId,
      provider: "INSTANTLY",
      externalAccountId: WORKSPACE,
      secret: SECRET,
    })
  ).id;
});

beforeEach(async () => {
  await clearIngested(db);
});

afterAll(async () => {
  await closeAppDatabase();
  await db?.drop();
});

describe("good fixtures", () => {
  it("reply_received: a new lead by email (and phone), the inbound with its reply context, one job", async () => {
    expect(await post(fixture(REPLY))).toEqual({ status: 200, json: result("stored") });
    const lead = await db.prisma.lead.findFirstOrThrow({ where: { clientId } });
    expect(lead).toMatchObject({
      name: "Jordan Rivera",
      email: "jordan.rivera@example.org",
      phone: "+15555550142",
      instantlyLeadId: null,
      lastInboundAt: new Date("2026-10-14T16:16:43.428Z"),
    });
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({
      leadId: lead.id,
      channel: "email",
      direction: "inbound",
      subject: "Re: Quick question about onboarding",
      instantlyEmailId: REPLY_EMAIL_ID,
      connectionId,
      bodyTruncated: false,
    });
    expect(message.body).toMatch(/^Sounds interesting - can you send times for next week\?/);
    expect(message.providerContext).toMatchObject({ emailId: REPLY_EMAIL_ID, emailAccount: OUR_MAILBOX });
    const jobs = await db.prisma.backgroundJob.findMany();
    expect(jobs.map((job) => [job.type, job.messageId])).toEqual([["INSTANTLY_INBOUND_POST_PROCESS", message.id]]);
  });

  it("auto_reply_received: inbound on the same lead, its job flagged as an auto-reply", async () => {
    await post(fixture(REPLY));
    expect(await post(fixture("auto_reply_received.json"))).toEqual({ status: 200, json: result("stored") });
    expect(await db.prisma.lead.count()).toBe(1);
    const auto = await db.prisma.message.findFirstOrThrow({
      where: { instantlyEmailId: "019a2b5a-0e7c-7b33-9c2d-4f6e8a1b3d25" },
    });
    expect(auto.direction).toBe("inbound");
    expect(auto.providerContext).toMatchObject({ isAutoReply: true });
    const job = await db.prisma.backgroundJob.findFirstOrThrow({ where: { messageId: auto.id } });
    expect(job.payload).toEqual({ isAutoReply: true });
  });

  it("email_sent from a mailbox mapped to a member: outbound by that setter; otherwise by the system", async () => {
    expect(await post(fixture("email_sent.json"))).toEqual({ status: 200, json: result("stored") });
    expect(await db.prisma.message.findFirstOrThrow()).toMatchObject({
      direction: "outbound",
      sentBy: "system",
      instantlyEmailId: SENT_EMAIL_ID,
    });
    expect((await db.prisma.lead.findFirstOrThrow()).lastOutboundAt).toEqual(new Date("2026-10-13T14:00:04.117Z"));
    expect(await db.prisma.backgroundJob.count()).toBe(0);

    await clearIngested(db);
    const setter = await createUser(db.prisma, `sam-${Date.now()}@instantly.test`, [{ clientId, role: "SETTER" }]);
    const identity = await db.prisma.memberProviderIdentity.create({
      data: { clientId, userId: setter.id, provider: "INSTANTLY", externalUserId: OUR_MAILBOX },
    });
    await post(fixture("email_sent.json"));
    expect(await db.prisma.message.findFirstOrThrow()).toMatchObject({ sentBy: "setter", sentByUserId: setter.id });
    await db.prisma.memberProviderIdentity.delete({ where: { id: identity.id } });
  });

  it("the echo of an email we already recorded joins it and keeps who sent it", async () => {
    const lead = await db.prisma.lead.create({
      data: { clientId, name: "Jordan Rivera", email: "jordan.rivera@example.org" },
    });
    const setter = await createUser(db.prisma, `setter-${Date.now()}@instantly.test`, [{ clientId, role: "SETTER" }]);
    const ours = await db.prisma.message.create({
      data: {
        clientId,
        leadId: lead.id,
        channel: "email",
        direction: "outbound",
        body: "Hi Jordan, quick question about onboarding...",
        sentAt: new Date("2026-10-13T14:00:02.000Z"),
        sentBy: "setter",
        sentByUserId: setter.id,
        instantlyEmailId: SENT_EMAIL_ID,
      },
    });
    expect(await post(fixture("email_sent.json"))).toEqual({ status: 200, json: result("stored") });
    expect(await db.prisma.message.count()).toBe(1);
    const joined = await db.prisma.message.findUniqueOrThrow({ where: { id: ours.id } });
    expect(joined).toMatchObject({ sentBy: "setter", sentByUserId: setter.id, sentAt: ours.sentAt, connectionId });
    expect(joined.providerContext).toMatchObject({ emailId: SENT_EMAIL_ID, emailAccount: OUR_MAILBOX });
    expect((await db.prisma.webhookEvent.findFirstOrThrow()).messageId).toBe(ours.id);
  });
});

describe("message ids never join across directions", () => {
  it("a reply whose email_id is a sent email's id is rejected (kept for replay), never merged into it", async () => {
    expect(await post(fixture("email_sent.json"))).toEqual({ status: 200, json: result("stored") });
    const reply = JSON.stringify({ ...JSON.parse(fixture(REPLY)), email_id: SENT_EMAIL_ID });
    expect(await post(reply)).toEqual({ status: 200, json: result("rejected") });
    const messages = await db.prisma.message.findMany();
    expect(messages.map((message) => message.direction)).toEqual(["outbound"]);
    const event = await db.prisma.webhookEvent.findFirstOrThrow({ where: { eventType: "reply_received" } });
    expect(event).toMatchObject({ status: "rejected", messageId: null });
    expect(event.reason).toMatch(/already an outbound message/);
    expect(await db.prisma.backgroundJob.count()).toBe(0);
  });
});

describe("bad/ fixtures", () => {
  it("a duplicate delivery is answered duplicate and writes nothing more", async () => {
    await post(fixture(REPLY));
    const before = await ingestCounts(db.prisma);
    expect(await post(fixture("bad/reply_received.duplicate_delivery.json"))).toEqual({
      status: 200,
      json: result("duplicate"),
    });
    expect(await ingestCounts(db.prisma)).toEqual(before);
  });

  it("missing email_id and lead_email: rejected (200) with the reason, no lead, no message, no job", async () => {
    expect(await post(fixture("bad/reply_received.missing_email_id_and_lead_email.json"))).toEqual({
      status: 200,
      json: result("rejected"),
    });
    expect(await ingestCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({ status: "rejected", reason: "no email_id and no lead_email: nothing to dedupe on" });
  });

  it("oversized 2.6 MB reply: 64 KiB of text stored, marked truncated; the raw body capped", async () => {
    const raw = fixture("bad/reply_received.oversized_2_6MB.json");
    expect(await post(raw)).toEqual({ status: 200, json: result("stored") });
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message.bodyTruncated).toBe(true);
    expect(Buffer.byteLength(message.body)).toBe(64 * 1024);
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({ rawBodyBytes: Buffer.byteLength(raw), rawBodyTruncated: true });
  });

  it('wrong types (numeric campaign_id, step "1"): ingested, the ids read as the documented types', async () => {
    expect(await post(fixture("bad/reply_received.wrong_types.json"))).toEqual({ status: 200, json: result("stored") });
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message.instantlyEmailId).toBe(REPLY_EMAIL_ID);
    expect(message.providerContext).toMatchObject({ campaignId: "1482906", step: 1 });
  });
});

describe("authentication (401, nothing written)", () => {
  it.each([
    ["a wrong secret", { "x-webhook-secret": "nope" }],
    ["no X-Webhook-Secret header", {}],
    ["the secret as a bearer token", { authorization: `Bearer ${SECRET}` }],
  ])("%s", async (_label, headers) => {
    expect((await post(fixture(REPLY), headers)).status).toBe(401);
    expect(await ingestCounts(db.prisma)).toEqual({ events: 0, messages: 0, leads: 0, jobs: 0 });
  });

  it("the previous secret works during the rotation's grace period", async () => {
    const other = await createWorkspace(db.prisma, `Instantly Rotating ${Date.now()}`);
    const otherWorkspace = "019a0c3e-0000-7d4f-9a8e-3c5b1f2d6e90";
    const rotating = await createSecretConnection(db.prisma, key, {
      clientId: other.id,
      provider: "INSTANTLY",
      externalAccountId: otherWorkspace,
      secret: "instantly-new-secret-0123456789abcdef",
      previousSecret: PREVIOUS,
      previousValidUntil: new Date(Date.now() + 3_600_000),
    });
    const body = fixture(REPLY).replace(WORKSPACE, otherWorkspace);
    expect((await post(body, { "x-webhook-secret": PREVIOUS }, rotating.id)).status).toBe(200);
    expect((await post(body, { "x-webhook-secret": SECRET }, rotating.id)).status).toBe(401);
  });
});

describe("tenancy and concurrency", () => {
  it("an event of another Instantly workspace is ignored, not stored here", async () => {
    const body = fixture(REPLY).replace(WORKSPACE, "019a0c3e-ffff-7d4f-9a8e-3c5b1f2d6e90");
    expect(await post(body)).toEqual({ status: 200, json: result("ignored") });
    expect(await ingestCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
  });

  it("the same reply 5× at once: one event, one lead, one message, one job", async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(fixture(REPLY))));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await ingestCounts(db.prisma)).toEqual({ events: 1, messages: 1, leads: 1, jobs: 1 });
  });
});
