// The shared pipeline's provider-independent rules, on a real database, through a minimal
// path-connection adapter (so they do not depend on any one provider's parser): connection
// look-up by URL id (every miss the same 401), secret decryption and rotation grace, events for
// another account, an adapter that throws, the 4 MiB hard cap (streamed, never fully buffered)
// and a database that cannot be reached (429 for GoHighLevel, 503 for the others).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { createPrismaClient } from "@/lib/prisma-client";
import { webhookAdapters } from "@/lib/providers/registry";
import type { WebhookAdapter } from "@/lib/providers/webhook-adapter";
import { ingestWebhook, receiveWebhook } from "@/lib/webhooks/ingest";
import { MAX_WEBHOOK_BODY_BYTES } from "@/lib/webhooks/read-body";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import {
  generateGhlTestKeys,
  ghlBody,
  ghlConfig,
  ghlRequest,
  rowCounts,
  signGhl,
} from "../helpers/ghl-webhook-fixtures";

const encryptionKey = randomBytes(32);
const ghlKeys = generateGhlTestKeys();
const config = ghlConfig(ghlKeys, encryptionKey);
const NOW = new Date("2026-10-14T15:02:13.000Z");
const SECRET = "whsec_current-secret-for-the-pipeline-test";
const PREVIOUS = "whsec_previous-secret-still-in-its-grace";
const digest = (value: string) => createHash("sha256").update(value).digest();

// A deliberately small adapter: header secret, JSON body { id, account?, text, boom? }.
const testAdapter: WebhookAdapter = {
  provider: "UNIPILE",
  connectionBy: "path",
  accountIdOf: (rawBody) => {
    try {
      return (JSON.parse(rawBody) as { account?: string }).account ?? null;
    } catch {
      return null;
    }
  },
  authenticate: ({ headers, connection }) => {
    const presented = headers["x-test-secret"];
    if (!presented) return { ok: false, reason: "missing x-test-secret" };
    const ok = connection.webhookSecrets.some((secret) => timingSafeEqual(digest(secret), digest(presented)));
    return ok ? { ok: true } : { ok: false, reason: "wrong secret" };
  },
  parse: ({ rawBody, receivedAt }) => {
    const payload = JSON.parse(rawBody) as { id: string; text: string; boom?: boolean };
    if (payload.boom) throw new Error("boom");
    return {
      kind: "message",
      eventType: "message_received",
      dedupeKey: payload.id,
      occurredAt: null,
      direction: "inbound",
      channel: "linkedin",
      providerMessageId: payload.id,
      lead: { providerLeadId: "attendee-1", email: null, phone: null, name: "Pat Lee", linkedinUrl: null },
      subject: null,
      body: payload.text.slice(0, 100),
      bodyTruncated: false,
      sentAt: receivedAt,
      sentAtSource: "received-fallback",
      providerContext: { chatId: "chat-1", accountId: "acct-1" },
      senderExternalUserId: null,
      isAutoReply: false,
    };
  },
  keptHeaders: ["content-type"],
};
const adapters = { ...webhookAdapters, UNIPILE: testAdapter };

let db: TestDatabase;
let connectionId: string;
let disabledId: string;
let brokenId: string;
let errors: string[];
const log = { warn: () => undefined, error: (...args: unknown[]) => void errors.push(args.map(String).join(" ")) };

function pathRequest(id: string, body: BodyInit, headers: Record<string, string> = { "x-test-secret": SECRET }) {
  return new Request(`http://localhost/api/webhooks/unipile/${id}`, {
    method: "POST",
    headers,
    body,
    duplex: "half",
  } as RequestInit);
}

function ingest(id: string, body: BodyInit, headers?: Record<string, string>) {
  return ingestWebhook({
    request: pathRequest(id, body, headers),
    provider: "UNIPILE",
    connectionId: id,
    db: db.prisma,
    config,
    now: NOW,
    adapters,
    log,
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  const clientId = (await createWorkspace(db.prisma, "Pipeline Co")).id;
  const create = (externalAccountId: string, data: object) =>
    db.prisma.providerConnection.create({ data: { clientId, provider: "UNIPILE", externalAccountId, ...data } });
  connectionId = (
    await create("acct-1", {
      webhookSecretEnc: encryptSecret(SECRET, encryptionKey),
      previousWebhookSecretEnc: encryptSecret(PREVIOUS, encryptionKey),
      previousSecretValidUntil: new Date(NOW.getTime() + 3_600_000),
    })
  ).id;
  disabledId = (await create("acct-2", { webhookSecretEnc: encryptSecret(SECRET, encryptionKey), disabledAt: NOW })).id;
  brokenId = (await create("acct-3", { webhookSecretEnc: encryptSecret(SECRET, randomBytes(32)) })).id;
  await db.prisma.providerConnection.create({
    data: { clientId, provider: "GHL", externalAccountId: "Xq3LpRt8vYb2NcK7WmZa" },
  });
});

beforeEach(async () => {
  errors = [];
  await db.query(`TRUNCATE "WebhookEvent", "BackgroundJob", "Message", "Lead" CASCADE`);
});

afterAll(async () => {
  await db?.drop();
});

describe("path connections", () => {
  it("stores a message with the provider's ids, context and post-process job", async () => {
    const result = await ingest(connectionId, JSON.stringify({ id: "msg-1", account: "acct-1", text: "Interested!" }));
    expect(result.outcome).toBe("stored");
    const message = await db.prisma.message.findFirstOrThrow();
    expect(message).toMatchObject({
      channel: "linkedin",
      unipileMessageId: "msg-1",
      webhookDedupeKey: "unipile:msg-1",
      connectionId,
    });
    expect(message.providerContext).toEqual({
      chatId: "chat-1",
      accountId: "acct-1",
      sentAtSource: "received-fallback",
    });
    expect(await db.prisma.lead.findFirstOrThrow()).toMatchObject({ unipileAttendeeId: "attendee-1", name: "Pat Lee" });
    const [job] = await db.prisma.backgroundJob.findMany();
    expect(job).toMatchObject({
      type: "LINKEDIN_INBOUND_POST_PROCESS",
      messageId: message.id,
      dedupeKey: `post-process:${message.id}`,
    });
    // Only the adapter's keptHeaders: the x-test-secret header is never stored.
    expect(Object.keys((await db.prisma.webhookEvent.findFirstOrThrow()).headers as object)).toEqual(["content-type"]);
  });

  it("accepts the previous secret during its grace period", async () => {
    expect(
      (await ingest(connectionId, JSON.stringify({ id: "msg-2", text: "hi" }), { "x-test-secret": PREVIOUS })).outcome,
    ).toBe("stored");
  });

  it("answers every miss the same 401: malformed id, unknown id, disabled, wrong or missing secret, undecryptable secret", async () => {
    const body = JSON.stringify({ id: "msg-3", text: "hi" });
    const cases = [
      ["not-a-uuid", { "x-test-secret": SECRET }],
      [randomUUID(), { "x-test-secret": SECRET }],
      [disabledId, { "x-test-secret": SECRET }],
      [connectionId, { "x-test-secret": "wrong" }],
      [connectionId, {}],
      [brokenId, { "x-test-secret": SECRET }],
    ] as const;
    const bodies = new Set<string>();
    for (const [id, headers] of cases) {
      const response = await receiveWebhook({
        request: pathRequest(id, body, { ...headers }),
        provider: "UNIPILE",
        connectionId: id,
        db: db.prisma,
        config,
        now: NOW,
        adapters,
        log,
      });
      expect(response.status, id).toBe(401);
      bodies.add(await response.text());
    }
    expect([...bodies]).toEqual(['{"received":false,"error":"unauthorized"}']);
    expect(await rowCounts(db.prisma)).toEqual({ events: 0, messages: 0, leads: 0, jobs: 0 });
    expect(errors.join("\n")).toContain(`connection ${brokenId}: secret could not be decrypted`);
  });

  it("an event for another account of the provider tenant is ignored, keyed per connection", async () => {
    const result = await ingest(connectionId, JSON.stringify({ id: "msg-4", account: "acct-9", text: "hi" }));
    expect(result.outcome).toBe("ignored");
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event.dedupeKey).toBe(`foreign:${connectionId}:msg-4`);
    expect(event.reason).toMatch(/for account acct-9, not this connection's/);
    expect(await rowCounts(db.prisma)).toMatchObject({ messages: 0, leads: 0, jobs: 0 });
  });

  it("an adapter that throws does not lose the delivery: stored as rejected for a later replay", async () => {
    const result = await ingest(connectionId, JSON.stringify({ id: "msg-5", text: "hi", boom: true }));
    expect(result.outcome).toBe("rejected");
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({ status: "rejected", reason: "parser failed: boom" });
    expect(event.dedupeKey).toMatch(/^parse-error:[0-9a-f]{64}$/);
  });

  it("a provider without an adapter is 404", async () => {
    const response = await receiveWebhook({
      request: pathRequest(connectionId, "{}"),
      provider: "CALENDLY",
      connectionId,
      db: db.prisma,
      config,
      now: NOW,
      log,
      adapters: { ...webhookAdapters, CALENDLY: null },
    });
    expect(response.status).toBe(404);
  });
});

describe("the 4 MiB hard cap", () => {
  const padded = (bytes: number) => {
    const head = JSON.stringify({ id: "big", text: "" }).slice(0, -2);
    return `${head}${"x".repeat(bytes - head.length - 2)}"}`;
  };

  it("a body of exactly the cap is accepted; one byte more is 413 and writes nothing", async () => {
    expect(Buffer.byteLength(padded(MAX_WEBHOOK_BODY_BYTES))).toBe(MAX_WEBHOOK_BODY_BYTES);
    expect((await ingest(connectionId, padded(MAX_WEBHOOK_BODY_BYTES))).outcome).toBe("stored");
    await db.query(`TRUNCATE "WebhookEvent", "BackgroundJob", "Message", "Lead" CASCADE`);
    const response = await receiveWebhook({
      request: pathRequest(connectionId, padded(MAX_WEBHOOK_BODY_BYTES + 1)),
      provider: "UNIPILE",
      connectionId,
      db: db.prisma,
      config,
      now: NOW,
      adapters,
      log,
    });
    expect(response.status).toBe(413);
    expect(await rowCounts(db.prisma)).toEqual({ events: 0, messages: 0, leads: 0, jobs: 0 });
  });

  it("an endless chunked body is refused once it passes the cap, without reading the rest", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(256 * 1024);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const result = await ingest(connectionId, endless);
    expect(result.outcome).toBe("too-large");
    expect(pulled).toBeLessThanOrEqual(MAX_WEBHOOK_BODY_BYTES + 3 * chunk.byteLength);
  });

  it("a declared Content-Length over the cap is refused before the body is read", async () => {
    const cancel = vi.fn();
    const stream = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined), cancel });
    const request = pathRequest(connectionId, stream, { "x-test-secret": SECRET });
    // undici's Request drops a content-length passed to its constructor; set it as a route would see it.
    Object.defineProperty(request, "headers", {
      value: new Headers({ "content-length": String(MAX_WEBHOOK_BODY_BYTES + 1) }),
    });
    const result = await ingestWebhook({
      request,
      provider: "UNIPILE",
      connectionId,
      db: db.prisma,
      config,
      now: NOW,
      adapters,
      log,
    });
    expect(result.outcome).toBe("too-large");
    expect(cancel).toHaveBeenCalled();
  });
});

describe("database unreachable", () => {
  const down = createPrismaClient("postgresql://leadclock:secret@127.0.0.1:1/nowhere", { max: 1 });
  afterAll(async () => {
    await down.$disconnect();
  });

  it("GoHighLevel (signature valid) → 429 with Retry-After, never 500", async () => {
    const body = ghlBody("InboundMessage.sms.json");
    const response = await receiveWebhook({
      request: ghlRequest(body, signGhl(body, ghlKeys)),
      provider: "GHL",
      db: down,
      config,
      now: NOW,
      log,
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("60");
    expect(errors.join("\n")).toContain("database unavailable; answering 429");
  });

  it("a path provider (the minimal adapter and the real Unipile one) → 503", async () => {
    const minimal = await receiveWebhook({
      request: pathRequest(connectionId, JSON.stringify({ id: "x", text: "hi" })),
      provider: "UNIPILE",
      connectionId,
      db: down,
      config,
      now: NOW,
      adapters,
      log,
    });
    expect(minimal.status).toBe(503);
    const real = await receiveWebhook({
      request: pathRequest(connectionId, "{}", { "unipile-auth": SECRET }),
      provider: "UNIPILE",
      connectionId,
      db: down,
      config,
      now: NOW,
      log,
    });
    expect(real.status).toBe(503);
  });
});
