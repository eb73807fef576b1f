// POST /api/webhooks/smartlead/<connectionId> through the real route handler on a real database:
// every fixture (good and bad/) gets its documented answer and writes exactly what it should.
import { createHash } from "node:crypto";
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

const PATH = "/api/webhooks/smartlead";
// The secret_key the fixtures carry (fake, "TEST-ONLY"): the connection is configured with it.
const SECRET = "7b2e9c14-3f6a-4d81-b0e5-TEST-ONLY-KEY";
const REPLY = "EMAIL_REPLY.json";
const REPLY_ID = "<CAKexampleReplyId0xQwErTy123@mail.gmail.com>";
const SENT_ID = "<d3b07384-d9a0-4c1b-8e2f-smartlead-example@mail.acme-demo.example.com>";
const OUR_MAILBOX = "sam@acme-demo.example.com";

let db: TestDatabase;
let key: Buffer;
let route: typeof import("@/app/api/webhooks/smartlead/[connectionId]/route");
let clientId: string;
let connectionId: string;

const fixture = (name: string) => readProviderFixture("smartlead", name);
const post = (body: string, id = connectionId) => postWebhook(route, PATH, id, body);
const result = (value: string) => ({ received: true, result: value });
const withSecret = (body: string, secret: unknown) => JSON.stringify({ ...JSON.parse(body), secret_key: secret });

beforeAll(async () => {
  db = await createTestDatabase();
  key = useWebhookTestEnvironment(db);
  route = await import("@/app/api/webhooks/smartlead/[connectionId]/route");
  clientId = (await createWorkspace(db.prisma, "SmartLead Co")).id;
  connectionId = (
    await createSecretConnection(db.prisma, key, {
      clientId,
      provider: "SMARTLEAD",
      externalAccountId: "smartlead-user-5521",
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
  it("EMAIL_REPLY: a new lead by SmartLead id and email, the inbound with its reply context, one job", async () => {
    expect(await post(fixture(REPLY))).toEqual({ status: 200, json: result("stored") });
    const lead = await db.prisma.lead.findFirstOrThrow({ where: { clientId } });
    expect(lead).toMatchObject({
      name: "Jordan Rivera",
      email: "jordan.rivera@example.org",
      smartleadLeadId: "2284117",
      lastInboundAt: new Date("2026-10-14T15:41:22.000Z"),
    });
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({
      leadId: lead.id,
      channel: "email",
      direction: "inbound",
      subject: "Re: Quick question about onboarding",
      body: "Sounds interesting - can you send times for next week?",
      smartleadMessageId: REPLY_ID,
      connectionId,
    });
    expect(message.providerContext).toMatchObject({
      campaignId: 1482906,
      statsId: "8e1f4c2a-6b3d-4e95-a7c0-2d9f1b5e8a34",
      messageId: REPLY_ID,
      emailAccount: OUR_MAILBOX,
    });
    const jobs = await db.prisma.backgroundJob.findMany();
    expect(jobs.map((job) => [job.type, job.messageId])).toEqual([["SMARTLEAD_INBOUND_POST_PROCESS", message.id]]);
    // The secret travels in the body; the event log keeps the body without it (sha-256 of the original).
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event.rawBody).not.toContain(SECRET);
    expect(event.rawBody).toMatch(/"secret_key":\s*"\[redacted\]"/);
    expect(event.rawBodySha256).toBe(createHash("sha256").update(fixture(REPLY)).digest("hex"));
  });

  it("a colleague's reply lands on the targeted lead (no second lead)", async () => {
    await post(fixture(REPLY));
    expect(await post(fixture("EMAIL_REPLY.colleague_replied.json"))).toEqual({ status: 200, json: result("stored") });
    expect(await db.prisma.lead.count()).toBe(1);
    const colleague = await db.prisma.message.findFirstOrThrow({
      where: { smartleadMessageId: "<CAKexampleColleague0xAbC456@mail.gmail.com>" },
    });
    expect(colleague.direction).toBe("inbound");
    expect(colleague.providerContext).toMatchObject({ replyReceivedFrom: "casey.ng@example.org" });
  });

  it("EMAIL_SENT from a mailbox mapped to a member: outbound by that setter; otherwise by the system", async () => {
    expect(await post(fixture("EMAIL_SENT.json"))).toEqual({ status: 200, json: result("stored") });
    const system = await db.prisma.message.findFirstOrThrow();
    expect(system).toMatchObject({ direction: "outbound", sentBy: "system", smartleadMessageId: SENT_ID });
    expect((await db.prisma.lead.findFirstOrThrow()).lastOutboundAt).toEqual(new Date("2026-10-13T14:00:03.000Z"));
    expect(await db.prisma.backgroundJob.count()).toBe(0);

    await clearIngested(db);
    const setter = await createUser(db.prisma, `sam-${Date.now()}@smartlead.test`, [{ clientId, role: "SETTER" }]);
    const identity = await db.prisma.memberProviderIdentity.create({
      data: { clientId, userId: setter.id, provider: "SMARTLEAD", externalUserId: OUR_MAILBOX },
    });
    await post(fixture("EMAIL_SENT.json"));
    expect(await db.prisma.message.findFirstOrThrow()).toMatchObject({ sentBy: "setter", sentByUserId: setter.id });
    await db.prisma.memberProviderIdentity.delete({ where: { id: identity.id } });
  });

  it("the echo of an email we already recorded joins it and keeps who sent it", async () => {
    const lead = await db.prisma.lead.create({
      data: { clientId, name: "Jordan Rivera", email: "jordan.rivera@example.org", smartleadLeadId: "2284117" },
    });
    const setter = await createUser(db.prisma, `setter-${Date.now()}@smartlead.test`, [{ clientId, role: "SETTER" }]);
    const ours = await db.prisma.message.create({
      data: {
        clientId,
        leadId: lead.id,
        channel: "email",
        direction: "outbound",
        body: "Hi Jordan, quick question about onboarding...",
        sentAt: new Date("2026-10-13T14:00:01.000Z"),
        sentBy: "setter",
        sentByUserId: setter.id,
        smartleadMessageId: SENT_ID,
      },
    });
    expect(await post(fixture("EMAIL_SENT.json"))).toEqual({ status: 200, json: result("stored") });
    expect(await db.prisma.message.count()).toBe(1);
    const joined = await db.prisma.message.findUniqueOrThrow({ where: { id: ours.id } });
    expect(joined).toMatchObject({ sentBy: "setter", sentByUserId: setter.id, sentAt: ours.sentAt, connectionId });
    expect(joined.providerContext).toMatchObject({
      statsId: "8e1f4c2a-6b3d-4e95-a7c0-2d9f1b5e8a34",
      messageId: SENT_ID,
    });
    expect((await db.prisma.webhookEvent.findFirstOrThrow()).messageId).toBe(ours.id);
  });
});

describe("bad/ fixtures", () => {
  it("a duplicate delivery is answered duplicate and writes nothing more", async () => {
    await post(fixture(REPLY));
    const before = await ingestCounts(db.prisma);
    expect(await post(fixture("bad/EMAIL_REPLY.duplicate_delivery.json"))).toEqual({
      status: 200,
      json: result("duplicate"),
    });
    expect(await ingestCounts(db.prisma)).toEqual(before);
  });

  it("missing message ids: rejected (200) with the reason, no lead, no message, no job", async () => {
    expect(await post(fixture("bad/EMAIL_REPLY.missing_message_ids.json"))).toEqual({
      status: 200,
      json: result("rejected"),
    });
    expect(await ingestCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({ status: "rejected", eventType: "EMAIL_REPLY" });
    expect(event.reason).toContain("no message id");
  });

  it("oversized 2×1 MB HTML: its text stored (capped, truncated), the raw body capped with the full sha-256", async () => {
    const raw = fixture("bad/EMAIL_REPLY.oversized_html_2x1MB.json");
    expect(await post(raw)).toEqual({ status: 200, json: result("stored") });
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({ bodyTruncated: true, smartleadMessageId: REPLY_ID });
    expect(message.body).toContain("Please see the attached screenshot.");
    expect(message.body).not.toContain("base64");
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({
      status: "processed",
      rawBodyBytes: Buffer.byteLength(raw),
      rawBodyTruncated: true,
      rawBodySha256: createHash("sha256").update(raw).digest("hex"),
    });
  });

  it("wrong secret_key: 401 and nothing written", async () => {
    expect((await post(fixture("bad/EMAIL_REPLY.wrong_secret_key.json"))).status).toBe(401);
    expect(await ingestCounts(db.prisma)).toEqual({ events: 0, messages: 0, leads: 0, jobs: 0 });
  });
});

describe("authentication (401, nothing written)", () => {
  it.each([
    ["secret_key removed", withSecret(fixture(REPLY), undefined)],
    ["secret_key changed", withSecret(fixture(REPLY), `${SECRET}-tampered`)],
    ["secret_key not a string", withSecret(fixture(REPLY), 12345)],
    ["a body that is not JSON", fixture(REPLY).slice(0, 300)],
  ])("tampered body: %s", async (_label, body) => {
    expect((await post(body)).status).toBe(401);
    expect(await ingestCounts(db.prisma)).toEqual({ events: 0, messages: 0, leads: 0, jobs: 0 });
  });

  it("the previous secret works during the rotation's grace, not after it", async () => {
    const other = await createWorkspace(db.prisma, `SmartLead Rotating ${Date.now()}`);
    const rotating = await createSecretConnection(db.prisma, key, {
      clientId: other.id,
      provider: "SMARTLEAD",
      externalAccountId: `smartlead-rotating-${Date.now()}`,
      secret: "smartlead-new-secret-0123456789abcdef",
      previousSecret: SECRET,
      previousValidUntil: new Date(Date.now() + 3_600_000),
    });
    expect((await post(fixture(REPLY), rotating.id)).status).toBe(200);
    await db.prisma.providerConnection.update({
      where: { id: rotating.id },
      data: { previousSecretValidUntil: new Date(Date.now() - 1000) },
    });
    expect((await post(fixture("EMAIL_SENT.json"), rotating.id)).status).toBe(401);
  });
});

describe("concurrency", () => {
  it("the same reply 5× at once: one event, one lead, one message, one job", async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(fixture(REPLY))));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await ingestCounts(db.prisma)).toEqual({ events: 1, messages: 1, leads: 1, jobs: 1 });
  });
});
