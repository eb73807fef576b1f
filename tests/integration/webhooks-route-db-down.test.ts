// The webhook routes when the database cannot be reached: GoHighLevel retries only 429, the
// others retry 5xx (docs/webhooks.md). Its own file: lib/db.ts keeps one client per process on
// globalThis, pointed here at a port nothing listens on.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateGhlTestKeys, ghlBody, ghlRequest, signGhl } from "../helpers/ghl-webhook-fixtures";

const keys = generateGhlTestKeys();
const saved = { ...process.env };

beforeAll(() => {
  Object.assign(process.env, {
    DATABASE_URL: "postgresql://leadclock:hunter2@127.0.0.1:1/leadclock",
    BETTER_AUTH_SECRET: "test-secret-that-is-long-enough-0123456789",
    GHL_WEBHOOK_ED25519_PUBLIC_KEY: keys.ed25519Pem,
    GHL_WEBHOOK_RSA_PUBLIC_KEY: keys.rsaPem,
    LEADCLOCK_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  });
  vi.spyOn(console, "error").mockImplementation(() => undefined);
});

afterAll(async () => {
  const { db } = await import("@/lib/db");
  await db.$disconnect();
  process.env = saved;
  vi.restoreAllMocks();
});

describe("database down", () => {
  it("GoHighLevel: 429 with Retry-After, and no connection details in the body", async () => {
    const { POST } = await import("@/app/api/webhooks/ghl/route");
    const body = ghlBody("InboundMessage.sms.json", { timestamp: new Date().toISOString() });
    const response = await POST(ghlRequest(body, signGhl(body, keys)));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("60");
    const text = await response.text();
    expect(text).toBe('{"received":false,"error":"temporarily unavailable, retry later"}');
  });

  it("a path provider: 503", async () => {
    const { POST } = await import("@/app/api/webhooks/unipile/[connectionId]/route");
    const request = new Request("http://localhost/api/webhooks/unipile/x", {
      method: "POST",
      headers: { "unipile-auth": "s" },
      body: "{}",
    });
    const response = await POST(request, {
      params: Promise.resolve({ connectionId: "00000000-0000-4000-8000-000000000000" }),
    });
    expect(response.status).toBe(503);
  });
});
