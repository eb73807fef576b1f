import { describe, expect, it } from "vitest";
import type { ConnectionForWebhook } from "@/lib/providers/webhook-adapter";
import { readProviderFixture } from "@/tests/helpers/provider-fixtures";
import { instantlyAdapter } from "./index";

const CURRENT = "instantly-current-secret-0123456789";
const PREVIOUS = "instantly-previous-secret-9876543210";
const rawBody = Buffer.from(readProviderFixture("instantly", "reply_received.json"));
const receivedAt = new Date("2026-10-14T17:00:00.000Z");

const connection = (webhookSecrets: string[]): ConnectionForWebhook => ({
  id: "5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d",
  clientId: "1b7c4a53-2f1e-4c8e-8f0a-6e2d9b3c4a51",
  provider: "INSTANTLY",
  externalAccountId: "019a0c3e-7b21-7d4f-9a8e-3c5b1f2d6e90",
  mode: "live",
  webhookSecrets,
});
const authenticate = (headers: Record<string, string>, secrets: string[] = [CURRENT]) =>
  instantlyAdapter.authenticate({ rawBody, headers, connection: connection(secrets), receivedAt });

describe("X-Webhook-Secret", () => {
  it("accepts the connection's secret", () => {
    expect(authenticate({ "x-webhook-secret": CURRENT })).toEqual({ ok: true });
  });

  it("accepts the previous secret during a rotation's grace", () => {
    expect(authenticate({ "x-webhook-secret": PREVIOUS }, [CURRENT, PREVIOUS])).toEqual({ ok: true });
    expect(authenticate({ "x-webhook-secret": PREVIOUS }, [CURRENT]).ok).toBe(false);
  });

  it.each([
    [
      "a wrong secret",
      { "x-webhook-secret": "nope" },
      "X-Webhook-Secret does not match the connection's webhook secret",
    ],
    ["a case-changed secret", { "x-webhook-secret": CURRENT.toUpperCase() }, "does not match"],
    ["no header", {}, "missing X-Webhook-Secret header"],
    ["an empty header", { "x-webhook-secret": "" }, "missing X-Webhook-Secret header"],
    ["the secret as a bearer token", { authorization: `Bearer ${CURRENT}` }, "missing X-Webhook-Secret header"],
  ])("refuses %s", (_label, headers, reason) => {
    const result = authenticate(headers);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it("fails closed when the connection has no usable secret", () => {
    expect(authenticate({ "x-webhook-secret": CURRENT }, [])).toEqual({
      ok: false,
      reason: "connection has no webhook secret",
    });
  });

  it("never keeps the secret header; names the workspace the event is for", () => {
    expect(instantlyAdapter.keptHeaders).not.toContain("x-webhook-secret");
    expect(instantlyAdapter.accountIdOf?.(rawBody.toString("utf8"))).toBe("019a0c3e-7b21-7d4f-9a8e-3c5b1f2d6e90");
  });
});
