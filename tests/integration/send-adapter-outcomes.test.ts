// What each provider's answer (or silence) becomes, for all four send adapters over real
// HTTP against the local fake: 429 → rate-limited with the wait, 4xx → rejected with the
// provider's words, 5xx / connection refused → unavailable, 504 / a hang past the timeout /
// a dropped connection → unknown-outcome after exactly one request (the adapter never
// retries), the caller's signal before vs during the request, and sandbox sends that reach
// no server at all.
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { trackRequest } from "@/lib/providers/request-progress";
import type { SendArgs, SendProvider } from "@/lib/providers/send-adapter";
import { sendAdapters } from "@/lib/providers/send-registry";
import { startFakeProviderServer, type FakeProviders } from "../helpers/fake-provider-server";
import { NOW, SEND_PROVIDER_LIST, expectOk, sendArgs, sendWith } from "../helpers/send-fixtures";

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

async function closedPortUrl() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe.each(SEND_PROVIDER_LIST)("%s", (provider) => {
  it("429 with Retry-After in seconds or as an HTTP date → rate-limited with that wait", async () => {
    fake.answer = () => ({ kind: "rate-limited", retryAfter: "120" });
    expect(await send(provider)).toMatchObject({ ok: false, kind: "rate-limited", retryAfterMs: 120_000 });
    fake.answer = () => ({ kind: "rate-limited", retryAfter: new Date(NOW.getTime() + 30_000).toUTCString() });
    expect(await send(provider)).toMatchObject({ kind: "rate-limited", retryAfterMs: 30_000 });
  });

  it("400 → rejected with the provider's error text, on one line", async () => {
    fake.answer = () => ({ kind: "error", status: 400, message: "  the lead\n unsubscribed  " });
    expect(await send(provider)).toEqual({
      ok: false,
      kind: "rejected",
      status: 400,
      reason: "HTTP 400: the lead unsubscribed",
    });
  });

  it("500 → unavailable; 504 → unknown-outcome (a gateway gave up; the send may be out)", async () => {
    fake.answer = () => ({ kind: "error", status: 500, message: "boom" });
    expect(await send(provider)).toEqual({ ok: false, kind: "unavailable", status: 500, reason: "HTTP 500: boom" });
    fake.answer = () => ({ kind: "error", status: 504, message: "upstream timeout" });
    expect(await send(provider)).toMatchObject({ ok: false, kind: "unknown-outcome" });
  });

  it("a hang past the timeout → unknown-outcome after exactly one request", async () => {
    fake.answer = () => ({ kind: "hang" });
    expect(await send(provider, { timeoutMs: 250 })).toEqual({
      ok: false,
      kind: "unknown-outcome",
      reason: "the request was sent but no answer within 250 ms",
    });
    expect(fake.requests).toHaveLength(1);
  });

  it("a connection dropped after the request → unknown-outcome after exactly one request", async () => {
    fake.answer = () => ({ kind: "drop" });
    const result = await send(provider);
    expect(result).toMatchObject({ ok: false, kind: "unknown-outcome" });
    expect(!result.ok && result.reason).toMatch(/^the request was sent but the connection was closed/);
    expect(fake.requests).toHaveLength(1);
  });

  it("connection refused → unavailable", async () => {
    expect(await sendWith(fake, provider, { apiBaseUrl: await closedPortUrl() })).toEqual({
      ok: false,
      kind: "unavailable",
      status: null,
      reason: "not sent: could not connect (ECONNREFUSED)",
    });
  });

  it("sandbox: a synthetic id and the injected now, no request and no connection, context and key not needed", async () => {
    const result = expectOk(
      await sendWith(fake, provider, { mode: "sandbox", apiKey: null, apiBaseUrl: null }, { context: null }),
    );
    expect(result.providerMessageId).toMatch(/^sandbox-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(result).toMatchObject({ idSource: "sandbox", sentAt: NOW, providerContext: {} });
    expect(fake.requests).toHaveLength(0);
    expect(fake.connections).toBe(0);
  });
});

describe("the caller's signal and bad input", () => {
  it("aborted before → unavailable with no request; aborted while waiting → unknown-outcome", async () => {
    const before = new AbortController();
    before.abort();
    expect(await send("GHL", { signal: before.signal })).toEqual({
      ok: false,
      kind: "unavailable",
      status: null,
      reason: "not sent: cancelled by the caller",
    });
    expect(fake.requests).toHaveLength(0);

    fake.answer = () => ({ kind: "hang" });
    const during = new AbortController();
    const pending = send("GHL", { signal: during.signal });
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    during.abort();
    expect(await pending).toEqual({
      ok: false,
      kind: "unknown-outcome",
      reason: "the request was sent but cancelled by the caller",
    });
  });

  it("rejects in any mode: empty text, a channel the provider lacks; live: a missing API key", async () => {
    expect(await send("GHL", { text: "   " })).toMatchObject({ kind: "rejected", reason: "the message is empty" });
    expect(await sendWith(fake, "SMARTLEAD", { mode: "sandbox" }, { channel: "sms" })).toMatchObject({
      kind: "rejected",
      reason: "SMARTLEAD cannot send on the sms channel",
    });
    expect(await sendWith(fake, "UNIPILE", { apiKey: "" })).toMatchObject({
      kind: "rejected",
      reason: "connection conn-unipile has no API key",
    });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("request progress (how 'not sent' is told from 'sent, no answer')", () => {
  it("a refused connect is observed as not written; a hung request as written", async () => {
    const closed = await closedPortUrl();
    const refused = trackRequest(() => fetch(`${closed}/x`, { method: "POST", body: "x" }));
    await expect(refused.result).rejects.toThrow();
    expect(refused.progress).toEqual({ observed: true, written: false });

    fake.answer = () => ({ kind: "hang" });
    const hung = trackRequest(() =>
      fetch(`${fake.baseUrl}/api/v2/emails/reply`, { method: "POST", body: "{}", signal: AbortSignal.timeout(200) }),
    );
    await expect(hung.result).rejects.toThrow();
    expect(hung.progress).toEqual({ observed: true, written: true });
  });
});
