// POST /api/webhooks/unipile/<connectionId> through the real route handler on a real database:
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

const PATH = "/api/webhooks/unipile";
const SECRET = "unipile-route-secret-0123456789abcdef";
const PREVIOUS = "unipile-route-previous-secret-0123456789";
const ACCOUNT = "Qm7xK2pVtR9cLw4NbZ8sHa";
const LEAD_PROVIDER_ID = "ACoAAC7q8r9EXAMPLEleadProfileQq4";
const INBOUND = "message_received.linkedin.inbound.json";
const ECHO = "message_received.linkedin.outbound_echo.json";

let db: TestDatabase;
let route: typeof import("@/app/api/webhooks/unipile/[connectionId]/route");
let clientId: string;
let connectionId: string;
let graceConnectionId: string;

const fixture = (name: string) => readProviderFixture("unipile", name);
const post = (body: string, headers: Record<string, string> = { "unipile-auth": SECRET }, id = connectionId) =>
  postWebhook(route, PATH, id, body, headers);
const result = (value: string) => ({ received: true, result: value });

beforeAll(async () => {
  db = await createTestDatabase();
  const key = useWebhookTestEnvironment(db);
  route = await import("@/app/api/webhooks/unipile/[connectionId]/route");
  clientId = (await createWorkspace(db.prisma, "Unipile Co")).id;
  connectionId = (
    await createSecretConnection(db.prisma, key, {
      clientId,
      provider: "UNIPILE",
      externalAccountId: ACCOUNT,
      secret: SECRET,
    })
  ).id;
  // A second account of the same workspace, mid-rotation: the previous secret is still valid.
  const other = await createWorkspace(db.prisma, "Unipile Rotating Co");
  graceConnectionId = (
    await createSecretConnection(db.prisma, key, {
      clientId: other.id,
      provider: "UNIPILE",
      externalAccountId: ACCOUNT.replace("Qm7", "Zz9"),
      secret: "unipile-new-secret-after-rotation-0123",
      previousSecret: PREVIOUS,
      previousValidUntil: new Date(Date.now() + 3_600_000),
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
  it("inbound: one processed event, a new lead by LinkedIn id, the message with its reply context, one job", async () => {
    expect(await post(fixture(INBOUND))).toEqual({ status: 200, json: result("stored") });

    const lead = await db.prisma.lead.findFirstOrThrow({ where: { clientId } });
    expect(lead).toMatchObject({
      name: "Jordan Rivera",
      unipileAttendeeId: LEAD_PROVIDER_ID,
      linkedinUrl: `https://www.linkedin.com/in/${LEAD_PROVIDER_ID}/`,
      lastInboundAt: new Date("2026-10-14T15:20:07.412Z"),
      lastOutboundAt: null,
    });
    const message = await db.prisma.message.findFirstOrThrow({ where: { leadId: lead.id } });
    expect(message).toMatchObject({
      channel: "linkedin",
      direction: "inbound",
      body: "Thanks for connecting! Happy to hear more - what does onboarding look like?",
      sentAt: new Date("2026-10-14T15:20:07.412Z"),
      sentBy: null,
      unipileMessageId: "Gb4KqT9xNw2RmLz6CvYpSe",
      connectionId,
      bodyTruncated: false,
    });
    expect(message.providerContext).toMatchObject({ chatId: "Zr5NqW8xKt2LmPc7BvYsHd", accountId: ACCOUNT });
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({
      provider: "UNIPILE",
      connectionId,
      clientId,
      status: "processed",
      eventType: "message_received",
      messageId: message.id,
      occurredAt: new Date("2026-10-14T15:20:07.412Z"),
    });
    expect(event.headers).toEqual({ "content-type": "application/json" });
    const jobs = await db.prisma.backgroundJob.findMany();
    expect(jobs.map((job) => [job.type, job.messageId])).toEqual([["LINKEDIN_INBOUND_POST_PROCESS", message.id]]);
  });

  it("attachment-only message: stored on the same lead with a descriptive body", async () => {
    await post(fixture(INBOUND));
    expect(await post(fixture("message_received.linkedin.with_attachment.json"))).toEqual({
      status: 200,
      json: result("stored"),
    });
    expect(await db.prisma.lead.count()).toBe(1);
    const bodies = (await db.prisma.message.findMany({ orderBy: { sentAt: "asc" } })).map((m) => m.body);
    expect(bodies).toEqual([
      "Thanks for connecting! Happy to hear more - what does onboarding look like?",
      "[attachment: image/png]",
    ]);
  });

  it("an echo of our own message we never recorded: a new outbound by the system, on the lead's thread", async () => {
    await post(fixture(INBOUND));
    expect(await post(fixture(ECHO))).toEqual({ status: 200, json: result("stored") });
    const lead = await db.prisma.lead.findFirstOrThrow();
    expect(lead.lastOutboundAt).toEqual(new Date("2026-10-14T15:24:51.090Z"));
    const outbound = await db.prisma.message.findFirstOrThrow({ where: { direction: "outbound" } });
    expect(outbound).toMatchObject({ leadId: lead.id, sentBy: "system", sentByUserId: null });
    // Outbound messages get no post-process job.
    expect(await db.prisma.backgroundJob.count()).toBe(1);
  });

  it("the echo of a message we already recorded joins it and keeps who sent it", async () => {
    await post(fixture(INBOUND));
    const lead = await db.prisma.lead.findFirstOrThrow();
    const setter = await createUser(db.prisma, `setter-${Date.now()}@unipile.test`, [{ clientId, role: "SETTER" }]);
    const ours = await db.prisma.message.create({
      data: {
        clientId,
        leadId: lead.id,
        channel: "linkedin",
        direction: "outbound",
        body: "Great question - I'll send over a short overview. Do you have 15 min Thursday?",
        sentAt: new Date("2026-10-14T15:24:50.000Z"),
        sentBy: "setter",
        sentByUserId: setter.id,
        unipileMessageId: "Ps2RvN7xQk4LmTz9CwYbGa",
      },
    });
    expect(await post(fixture(ECHO))).toEqual({ status: 200, json: result("stored") });
    expect(await db.prisma.message.count()).toBe(2);
    const joined = await db.prisma.message.findUniqueOrThrow({ where: { id: ours.id } });
    expect(joined).toMatchObject({ sentBy: "setter", sentByUserId: setter.id, sentAt: ours.sentAt, connectionId });
    expect(joined.providerContext).toMatchObject({ chatId: "Zr5NqW8xKt2LmPc7BvYsHd" });
    const event = await db.prisma.webhookEvent.findFirstOrThrow({
      where: { eventType: "message_received", messageId: ours.id },
    });
    expect(event.status).toBe("processed");
  });

  it("JSON sent as application/x-www-form-urlencoded (as API-created webhooks do) is ingested", async () => {
    const response = await post(fixture(INBOUND), {
      "unipile-auth": SECRET,
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(response).toEqual({ status: 200, json: result("stored") });
    expect(await db.prisma.message.count()).toBe(1);
  });
});

describe("bad/ fixtures", () => {
  it("account_status without an event field: ignored (200), only the event row", async () => {
    expect(await post(fixture("bad/account_status.no_event_field.json"))).toEqual({
      status: 200,
      json: result("ignored"),
    });
    expect(await ingestCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
    expect((await db.prisma.webhookEvent.findFirstOrThrow()).status).toBe("ignored");
  });

  it("a duplicate delivery (retry) is answered duplicate and writes nothing more", async () => {
    await post(fixture(INBOUND));
    const before = await ingestCounts(db.prisma);
    expect(await post(fixture("bad/message_received.duplicate_delivery_retry.json"))).toEqual({
      status: 200,
      json: result("duplicate"),
    });
    expect(await ingestCounts(db.prisma)).toEqual(before);
  });

  it("missing message_id and chat_id: rejected (200) with the reason, no lead, no message", async () => {
    expect(await post(fixture("bad/message_received.missing_message_id_and_chat_id.json"))).toEqual({
      status: 200,
      json: result("rejected"),
    });
    expect(await ingestCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event.status).toBe("rejected");
    expect(event.reason).toContain("message_id is missing");
    const connection = await db.prisma.providerConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection.lastError).toContain("message_id is missing");
  });

  it("oversized 1.2 MB message: stored as capped text marked truncated; the raw body capped with its full sha-256", async () => {
    const raw = fixture("bad/message_received.oversized_message_1_2MB.json");
    expect(await post(raw)).toEqual({ status: 200, json: result("stored") });
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message.bodyTruncated).toBe(true);
    expect(message.body).toContain("Please see the attached screenshot.");
    expect(Buffer.byteLength(message.body)).toBeLessThanOrEqual(64 * 1024);
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event.rawBodyBytes).toBe(Buffer.byteLength(raw));
    expect(event.rawBodyTruncated).toBe(true);
    expect(Buffer.byteLength(event.rawBody)).toBeLessThan(Buffer.byteLength(raw));
  });

  it("wrong types (attachments object, is_sender 0): ingested as the documented variant", async () => {
    expect(await post(fixture("bad/message_received.wrong_types_attachments_object_is_sender_int.json"))).toEqual({
      status: 200,
      json: result("stored"),
    });
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({ direction: "inbound", unipileMessageId: "Gb4KqT9xNw2RmLz6CvYpSe" });
  });
});

describe("authentication (401, nothing written)", () => {
  it.each([
    ["a wrong secret", { "unipile-auth": "not-the-secret" }],
    ["no Unipile-Auth header", {}],
    ["the secret in another header", { "x-webhook-secret": SECRET }],
  ])("%s", async (_label, headers) => {
    expect((await post(fixture(INBOUND), headers)).status).toBe(401);
    expect(await ingestCounts(db.prisma)).toEqual({ events: 0, messages: 0, leads: 0, jobs: 0 });
  });

  it("an unknown or malformed connection id", async () => {
    expect((await post(fixture(INBOUND), undefined, "00000000-0000-4000-8000-000000000000")).status).toBe(401);
    expect((await post(fixture(INBOUND), undefined, "not-a-uuid")).status).toBe(401);
    expect(await ingestCounts(db.prisma)).toEqual({ events: 0, messages: 0, leads: 0, jobs: 0 });
  });

  it("the previous secret works during the rotation's grace period", async () => {
    const body = fixture(INBOUND).replace(ACCOUNT, ACCOUNT.replace("Qm7", "Zz9"));
    expect((await post(body, { "unipile-auth": PREVIOUS }, graceConnectionId)).status).toBe(200);
    expect((await post(body, { "unipile-auth": SECRET }, graceConnectionId)).status).toBe(401);
  });
});

describe("tenancy and concurrency", () => {
  it("a message for another Unipile account of the tenant is ignored, not stored in this workspace", async () => {
    const body = fixture(INBOUND).replace(ACCOUNT, "SomeOtherAccount000001");
    expect(await post(body)).toEqual({ status: 200, json: result("ignored") });
    expect(await ingestCounts(db.prisma)).toEqual({ events: 1, messages: 0, leads: 0, jobs: 0 });
  });

  it("the same delivery 5× at once: one event, one lead, one message, one job", async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(fixture(INBOUND))));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(responses.filter((r) => (r.json as { result: string }).result === "stored")).toHaveLength(1);
    expect(await ingestCounts(db.prisma)).toEqual({ events: 1, messages: 1, leads: 1, jobs: 1 });
  });
});
