// The routes' connection cache (lib/webhooks/connection-cache.ts) never lets a delivery through
// on stale facts: a disabled connection, a rotated secret, a moved workspace or a changed phone
// country take effect on the very next delivery, because the one-statement write re-checks the
// connection's fingerprint and every other write path reads the connection fresh.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { webhookAdapters } from "@/lib/providers/registry";
import type { ParseResult, WebhookAdapter } from "@/lib/providers/webhook-adapter";
import { createConnectionCache, type ConnectionCache } from "@/lib/webhooks/connection-cache";
import { ingestWebhook } from "@/lib/webhooks/ingest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import {
  generateGhlTestKeys,
  ghlBody,
  ghlConfig,
  ghlRequest,
  receivedJustAfter,
  rowCounts,
  signGhl,
} from "../helpers/ghl-webhook-fixtures";

const encryptionKey = randomBytes(32);
const ghlKeys = generateGhlTestKeys();
const config = ghlConfig(ghlKeys, encryptionKey);
const NOW = new Date("2026-10-14T15:02:13.000Z");
const LOCATION = "Xq3LpRt8vYb2NcK7WmZa";
const digest = (value: string) => createHash("sha256").update(value).digest();
const quiet = { warn: () => undefined, error: () => undefined };

// A path adapter whose body says what it is: an inbound message (the one-statement path) or an
// ignored event (the transaction path), with a local phone number read in the workspace's country.
const testAdapter: WebhookAdapter = {
  provider: "UNIPILE",
  connectionBy: "path",
  authenticate: ({ headers, connection }) => {
    const presented = headers["x-test-secret"] ?? "";
    const ok = connection.webhookSecrets.some((secret) => timingSafeEqual(digest(secret), digest(presented)));
    return ok ? { ok: true } : { ok: false, reason: "wrong secret" };
  },
  parse: ({ rawBody, receivedAt }): ParseResult => {
    const payload = JSON.parse(rawBody) as { id: string; ignored?: boolean; phone?: string };
    if (payload.ignored) return { kind: "ignored", eventType: "other", dedupeKey: payload.id, reason: "not a message" };
    return {
      kind: "message",
      eventType: "message_received",
      dedupeKey: payload.id,
      occurredAt: null,
      direction: "inbound",
      channel: "linkedin",
      providerMessageId: payload.id,
      lead: { providerLeadId: null, email: null, phone: payload.phone ?? null, name: "Pat Lee", linkedinUrl: null },
      subject: null,
      body: "hello",
      bodyTruncated: false,
      sentAt: receivedAt,
      sentAtSource: "received-fallback",
      providerContext: { chatId: "chat-1", accountId: "acct-1" },
      senderExternalUserId: null,
      isAutoReply: false,
    };
  },
  keptHeaders: [],
};
const adapters = { ...webhookAdapters, UNIPILE: testAdapter };

let db: TestDatabase;
let clientId: string;
let otherClientId: string;
let pathId: string;
let ghlId: string;
let cache: ConnectionCache;
let sequence = 0;

function deliverPath(secret: string, payload: Record<string, unknown> = {}) {
  const body = JSON.stringify({ id: `msg-${++sequence}`, phone: "+15555550142", ...payload });
  return ingestWebhook({
    request: new Request(`http://localhost/api/webhooks/unipile/${pathId}`, {
      method: "POST",
      headers: { "x-test-secret": secret },
      body,
    }),
    provider: "UNIPILE",
    connectionId: pathId,
    db: db.prisma,
    config,
    now: NOW,
    adapters,
    log: quiet,
    connectionCache: cache,
  });
}

function deliverGhl() {
  const body = ghlBody("InboundMessage.sms.json", { webhookId: `wh-${++sequence}`, messageId: `ghl-msg-${sequence}` });
  return ingestWebhook({
    request: ghlRequest(body, signGhl(body, ghlKeys)),
    provider: "GHL",
    db: db.prisma,
    config,
    now: receivedJustAfter(body),
    log: quiet,
    connectionCache: cache,
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Cache Co")).id;
  otherClientId = (await createWorkspace(db.prisma, "Other Co")).id;
  pathId = (
    await db.prisma.providerConnection.create({
      data: {
        clientId,
        provider: "UNIPILE",
        externalAccountId: "acct-1",
        webhookSecretEnc: encryptSecret("secret-a", encryptionKey),
      },
    })
  ).id;
  ghlId = (
    await db.prisma.providerConnection.create({ data: { clientId, provider: "GHL", externalAccountId: LOCATION } })
  ).id;
});

beforeEach(async () => {
  cache = createConnectionCache();
  await db.query(`TRUNCATE "WebhookEvent", "BackgroundJob", "Message", "Lead" CASCADE`);
  await db.prisma.providerConnection.update({
    where: { id: pathId },
    data: { clientId, disabledAt: null, webhookSecretEnc: encryptSecret("secret-a", encryptionKey) },
  });
  await db.prisma.providerConnection.update({ where: { id: ghlId }, data: { disabledAt: null } });
  await db.prisma.client.update({ where: { id: clientId }, data: { defaultCountry: "US" } });
});

afterAll(async () => {
  await db?.drop();
});

describe("a cached connection is re-checked by the write", () => {
  it("disabled after it was cached: the next path delivery is 401 and writes nothing", async () => {
    expect((await deliverPath("secret-a")).outcome).toBe("stored");
    const before = await rowCounts(db.prisma);
    await db.prisma.providerConnection.update({ where: { id: pathId }, data: { disabledAt: NOW } });
    expect((await deliverPath("secret-a")).outcome).toBe("unauthorized");
    expect(await rowCounts(db.prisma)).toEqual(before);
  });

  it("disabled after it was cached: the next GoHighLevel delivery is 401 and writes nothing", async () => {
    expect((await deliverGhl()).outcome).toBe("stored");
    const before = await rowCounts(db.prisma);
    await db.prisma.providerConnection.update({ where: { id: ghlId }, data: { disabledAt: NOW } });
    expect((await deliverGhl()).outcome).toBe("unauthorized");
    expect(await rowCounts(db.prisma)).toEqual(before);
  });

  it("a secret replaced after caching: the old one is refused and the new one accepted at once", async () => {
    expect((await deliverPath("secret-a")).outcome).toBe("stored");
    await db.prisma.providerConnection.update({
      where: { id: pathId },
      data: { webhookSecretEnc: encryptSecret("secret-b", encryptionKey) },
    });
    expect((await deliverPath("secret-a")).outcome).toBe("unauthorized");
    expect((await deliverPath("secret-b")).outcome).toBe("stored");
  });

  it("a connection moved to another workspace: the message lands in the new one", async () => {
    expect((await deliverPath("secret-a")).outcome).toBe("stored");
    await db.prisma.providerConnection.update({ where: { id: pathId }, data: { clientId: otherClientId } });
    const result = await deliverPath("secret-a");
    expect(result.outcome).toBe("stored");
    const message = await db.prisma.message.findUniqueOrThrow({ where: { id: result.messageId! } });
    expect(message.clientId).toBe(otherClientId);
  });

  it("a changed phone country applies to the next delivery's local numbers", async () => {
    expect((await deliverPath("secret-a", { phone: "020 7946 0958" })).outcome).toBe("rejected");
    await db.prisma.client.update({ where: { id: clientId }, data: { defaultCountry: "GB" } });
    const result = await deliverPath("secret-a", { phone: "020 7946 0958" });
    expect(result.outcome).toBe("stored");
    const message = await db.prisma.message.findUniqueOrThrow({
      where: { id: result.messageId! },
      include: { lead: true },
    });
    expect(message.lead.phone).toBe("+442079460958");
  });

  it("a non-message event reads the connection fresh: disabled after caching is 401", async () => {
    expect((await deliverPath("secret-a")).outcome).toBe("stored");
    expect((await deliverPath("secret-a", { ignored: true })).outcome).toBe("ignored");
    await db.prisma.providerConnection.update({ where: { id: pathId }, data: { disabledAt: NOW } });
    expect((await deliverPath("secret-a", { ignored: true })).outcome).toBe("unauthorized");
  });

  it("an unknown account is never cached: a connection added a moment later is found", async () => {
    await db.prisma.providerConnection.update({ where: { id: ghlId }, data: { disabledAt: NOW } });
    expect((await deliverGhl()).outcome).toBe("unauthorized");
    await db.prisma.providerConnection.update({ where: { id: ghlId }, data: { disabledAt: null } });
    expect((await deliverGhl()).outcome).toBe("stored");
  });
});

describe("createConnectionCache", () => {
  it("expires entries after the TTL and drops the oldest when full", () => {
    let now = 0;
    const small = createConnectionCache({ ttlMs: 1_000, maxEntries: 2, now: () => now });
    const record = { id: "c" } as never;
    small.set("GHL", "a", record);
    small.set("GHL", "b", record);
    small.set("GHL", "c", record);
    expect(small.get("GHL", "a")).toBeUndefined();
    expect(small.get("GHL", "b")).toBe(record);
    now = 1_000;
    expect(small.get("GHL", "b")).toBeUndefined();
  });
});
