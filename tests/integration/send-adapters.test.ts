// Each send adapter's request against the provider's documented shape (path, query,
// headers, body fields), over real HTTP to a local fake of the providers' send APIs; the
// success answer read into the result; missing reply context rejected before any request.
// The answer → result-kind mapping and sandbox mode are in send-adapter-outcomes.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SendArgs, SendProvider } from "@/lib/providers/send-adapter";
import { sendAdapters, sendThroughConnection } from "@/lib/providers/send-registry";
import { startFakeProviderServer, type FakeProviders } from "../helpers/fake-provider-server";
import { INBOUND, NOW, TEXT, TEXT_HTML, expectOk, sendArgs, sendWith } from "../helpers/send-fixtures";

let fake: FakeProviders;

beforeAll(async () => {
  fake = await startFakeProviderServer();
});
afterEach(() => fake.reset());
afterAll(async () => {
  await fake?.close();
});

const send = (provider: SendProvider, overrides: Partial<SendArgs> = {}) =>
  sendAdapters[provider].send(sendArgs(fake, provider, overrides));

describe("GoHighLevel POST /conversations/messages", () => {
  it("sends an SMS with the documented headers and body", async () => {
    const result = expectOk(await send("GHL"));
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: "POST", path: "/conversations/messages", query: {} });
    expect(request!.headers).toMatchObject({
      authorization: `Bearer ${fake.apiKey}`,
      version: "2021-04-15",
      accept: "application/json",
      "content-type": "application/json",
    });
    expect(request!.body).toEqual({ type: "SMS", contactId: "Hn4TgQw9ZkLm2PxR7sBv", message: TEXT });
    expect(result).toEqual({
      ok: true,
      providerMessageId: "ghl-msg-1",
      idSource: "provider",
      sentAt: NOW,
      providerContext: { conversationId: "conv-Hn4TgQw9ZkLm2PxR7sBv" },
    });
  });

  it("sends an email reply as HTML, threaded on the inbound's emailMessageId and threadId", async () => {
    const context = { contactId: "Hn4TgQw9ZkLm2PxR7sBv", threadId: "Tg7Kthread", emailMessageId: "Tg7Kemail" };
    const result = expectOk(await send("GHL", { channel: "email", context }));
    expect(fake.requests[0]!.body).toEqual({
      type: "Email",
      contactId: "Hn4TgQw9ZkLm2PxR7sBv",
      html: TEXT_HTML,
      subject: "Re: Quick question",
      replyMessageId: "Tg7Kemail",
      threadId: "Tg7Kthread",
    });
    expect(result.providerContext).toEqual({
      conversationId: "conv-Hn4TgQw9ZkLm2PxR7sBv",
      emailMessageId: "ghl-email-1",
    });
  });

  it("falls back to the lead's contact id, and rejects a send with none before any request", async () => {
    const lead = { email: null, phone: "+15555550142", providerLeadId: "contact-from-lead" };
    expectOk(await send("GHL", { context: null, lead }));
    expect(fake.requests[0]!.body).toMatchObject({ contactId: "contact-from-lead" });

    fake.reset();
    expect(await send("GHL", { context: { conversationId: "c1" } })).toEqual({
      ok: false,
      kind: "rejected",
      status: null,
      reason: "no GoHighLevel contactId in the reply context or on the lead",
    });
    expect(fake.requests).toHaveLength(0);
    expect(fake.connections).toBe(0);
  });

  it("waits one burst interval after a 429 without Retry-After (X-RateLimit-* headers)", async () => {
    fake.answer = () => ({
      kind: "rate-limited",
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-interval-milliseconds": "7000", "x-ratelimit-max": "100" },
    });
    expect(await send("GHL")).toMatchObject({ ok: false, kind: "rate-limited", retryAfterMs: 7000 });
  });

  it("passes the provider's own words on a refused API key", async () => {
    expect(await sendWith(fake, "GHL", { apiKey: "wrong-key" })).toEqual({
      ok: false,
      kind: "rejected",
      status: 401,
      reason: "HTTP 401: Invalid JWT",
    });
  });
});

describe("SmartLead POST /api/v1/campaigns/{campaign_id}/reply-email-thread", () => {
  it("sends the documented fields with the API key in the query, and stands in a local id", async () => {
    const result = expectOk(await send("SMARTLEAD"));
    const [request] = fake.requests;
    expect(request).toMatchObject({
      path: "/api/v1/campaigns/12345/reply-email-thread",
      query: { api_key: fake.apiKey },
    });
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.body).toEqual({
      email_stats_id: "stats-abc-123",
      email_body: TEXT_HTML,
      reply_message_id: "<reply-1@mail.example.org>",
      reply_email_time: "2026-10-14T16:20:05.118Z",
      reply_email_body: "<p>Tuesday works.<br>Call me?</p>",
    });
    expect(result.idSource).toBe("local");
    expect(result.providerMessageId).toMatch(/^smartlead-local-[0-9a-f-]{36}$/);
    expect(result.sentAt).toEqual(NOW);
  });

  it("accepts a base URL that already ends in /api/v1", async () => {
    expectOk(await sendWith(fake, "SMARTLEAD", { apiBaseUrl: `${fake.baseUrl}/api/v1/` }));
    expect(fake.requests[0]!.path).toBe("/api/v1/campaigns/12345/reply-email-thread");
  });

  it("reads the wait from the 429 body when there is no Retry-After, and prefers the header", async () => {
    fake.answer = () => ({ kind: "rate-limited", bodyRetryAfter: 30 });
    expect(await send("SMARTLEAD")).toMatchObject({ kind: "rate-limited", retryAfterMs: 30_000 });
    fake.answer = () => ({ kind: "rate-limited", retryAfter: "5", bodyRetryAfter: 30 });
    expect(await send("SMARTLEAD")).toMatchObject({ kind: "rate-limited", retryAfterMs: 5_000 });
  });

  it("never returns the API key inside a reason", async () => {
    fake.answer = () => ({ kind: "error", status: 400, message: `bad request for api_key=${fake.apiKey}` });
    const result = await send("SMARTLEAD");
    expect(result).toEqual({
      ok: false,
      kind: "rejected",
      status: 400,
      reason: "HTTP 400: bad request for api_key=[redacted]",
    });
  });

  it("rejects a context without stats_id or a numeric campaign_id before any request", async () => {
    expect(await send("SMARTLEAD", { context: { campaignId: 12345 } })).toMatchObject({
      kind: "rejected",
      reason: "no SmartLead stats_id (email_stats_id) in the reply context",
    });
    expect(await send("SMARTLEAD", { context: { campaignId: "abc", statsId: "s" } })).toMatchObject({
      kind: "rejected",
      reason: "SmartLead campaign_id abc is not a number",
    });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("Instantly POST /api/v2/emails/reply", () => {
  it("sends eaccount, reply_to_uuid, subject and body; takes the id and send time from the Email answer", async () => {
    fake.now = () => new Date("2026-10-14T16:30:01.250Z");
    const result = expectOk(await send("INSTANTLY"));
    const [request] = fake.requests;
    expect(request!.path).toBe("/api/v2/emails/reply");
    expect(request!.headers).toMatchObject({
      authorization: `Bearer ${fake.apiKey}`,
      "content-type": "application/json",
    });
    expect(request!.body).toEqual({
      eaccount: "sales@acme-demo.example.com",
      reply_to_uuid: "019d9c5f-9685-78bb-9ea7-36a61999b4c3",
      subject: "Re: Quick question",
      body: { text: TEXT, html: TEXT_HTML },
    });
    expect(result).toEqual({
      ok: true,
      providerMessageId: "019d9c5f-9685-78bb-9ea7-000000000001",
      idSource: "provider",
      sentAt: new Date("2026-10-14T16:30:01.250Z"),
      providerContext: { rfcMessageId: "<fake-1@mail.example.com>" },
    });
  });

  it("keeps a subject that already starts with Re:, and rejects a send without any subject", async () => {
    expectOk(await send("INSTANTLY", { inbound: { ...INBOUND, subject: "RE: pricing" } }));
    expect(fake.requests[0]!.body).toMatchObject({ subject: "RE: pricing" });
    expect(await send("INSTANTLY", { inbound: null })).toMatchObject({
      kind: "rejected",
      status: null,
      reason: "Instantly needs a subject: none given and the inbound has none",
    });
    expect(fake.requests).toHaveLength(1);
  });
});

describe("Unipile POST /api/v1/chats/{chat_id}/messages", () => {
  it("sends multipart text (exactly as written) and account_id with X-API-KEY", async () => {
    const result = expectOk(await send("UNIPILE"));
    const [request] = fake.requests;
    expect(request).toMatchObject({ path: "/api/v1/chats/9f9uio56sopa456s/messages", pathId: "9f9uio56sopa456s" });
    expect(request!.headers["x-api-key"]).toBe(fake.apiKey);
    expect(request!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(request!.body).toEqual({ text: TEXT, account_id: "acc-webhook-1" });
    expect(result).toMatchObject({ providerMessageId: "unipile-msg-1", idSource: "provider", sentAt: NOW });
  });

  it("uses the connection's account when the context has none, and keeps non-ASCII text intact", async () => {
    const text = "Merci José — à mardi 👋\r\nTuesday";
    expectOk(await send("UNIPILE", { context: { chatId: "chat 2/x" }, text }));
    expect(fake.requests[0]!.pathId).toBe("chat 2/x");
    expect(fake.requests[0]!.body).toEqual({ text, account_id: "acct-unipile" });
  });

  it("needs the account's DSN as base URL and a chat_id, before any request", async () => {
    expect(await sendWith(fake, "UNIPILE", { apiBaseUrl: null })).toMatchObject({
      kind: "rejected",
      reason: "connection conn-unipile has no API base URL (UNIPILE needs one)",
    });
    expect(await send("UNIPILE", { context: { accountId: "a" } })).toMatchObject({
      kind: "rejected",
      reason: "no Unipile chat_id in the reply context",
    });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("registry", () => {
  it("sends through the connection's provider and rejects one without a send adapter", async () => {
    expectOk(await sendThroughConnection(sendArgs(fake, "UNIPILE")));
    expect(fake.requests.map((r) => r.provider)).toEqual(["UNIPILE"]);
    const args = sendArgs(fake, "GHL");
    const calendly = await sendThroughConnection({ ...args, connection: { ...args.connection, provider: "CALENDLY" } });
    expect(calendly).toEqual({ ok: false, kind: "rejected", status: null, reason: "CALENDLY cannot send messages" });
  });

  it("documents each provider's rate limit", () => {
    expect(sendAdapters.GHL.rateLimit.limits[0]).toEqual({ requests: 100, windowMs: 10_000 });
    expect(sendAdapters.SMARTLEAD.rateLimit.limits).toContainEqual({ requests: 60, windowMs: 60_000 });
    expect(sendAdapters.INSTANTLY.rateLimit.limits[0]).toEqual({ requests: 100, windowMs: 1_000 });
    expect(sendAdapters.UNIPILE.defaultBaseUrl).toBeNull();
  });
});
