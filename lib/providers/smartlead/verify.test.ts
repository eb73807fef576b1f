import { describe, expect, it } from "vitest";
import type { ConnectionForWebhook } from "@/lib/providers/webhook-adapter";
import { readProviderFixture } from "@/tests/helpers/provider-fixtures";
import { smartleadAdapter } from "./index";

// The fixtures carry this secret_key (fake, "TEST-ONLY").
const FIXTURE_SECRET = "7b2e9c14-3f6a-4d81-b0e5-TEST-ONLY-KEY";
const PREVIOUS = "smartlead-previous-secret-0123456789";
const receivedAt = new Date("2026-10-14T16:00:00.000Z");
const reply = readProviderFixture("smartlead", "EMAIL_REPLY.json");

const connection = (webhookSecrets: string[]): ConnectionForWebhook => ({
  id: "2f3b0c44-9d8e-4a5b-8c7d-1e2f3a4b5c6d",
  clientId: "1b7c4a53-2f1e-4c8e-8f0a-6e2d9b3c4a51",
  provider: "SMARTLEAD",
  externalAccountId: "smartlead-client",
  mode: "sandbox",
  webhookSecrets,
});
const authenticate = (body: string, secrets: string[] = [FIXTURE_SECRET]) =>
  smartleadAdapter.authenticate({
    rawBody: Buffer.from(body),
    headers: {},
    connection: connection(secrets),
    receivedAt,
  });
const withSecret = (secret: unknown) => JSON.stringify({ ...JSON.parse(reply), secret_key: secret });

describe("SmartLead secret_key (in the body)", () => {
  it("accepts every good fixture with the connection's secret", () => {
    for (const name of ["EMAIL_REPLY.json", "EMAIL_REPLY.colleague_replied.json", "EMAIL_SENT.json"]) {
      expect(authenticate(readProviderFixture("smartlead", name))).toEqual({ ok: true });
    }
  });

  it("refuses bad/wrong_secret_key", () => {
    expect(authenticate(readProviderFixture("smartlead", "bad/EMAIL_REPLY.wrong_secret_key.json"))).toEqual({
      ok: false,
      reason: "secret_key does not match the connection's webhook secret",
    });
  });

  it("accepts the previous secret during a rotation's grace", () => {
    expect(authenticate(withSecret(PREVIOUS), [FIXTURE_SECRET, PREVIOUS])).toEqual({ ok: true });
    expect(authenticate(withSecret(PREVIOUS), [FIXTURE_SECRET]).ok).toBe(false);
  });

  it.each([
    [
      "secret_key removed",
      JSON.stringify({ ...JSON.parse(reply), secret_key: undefined }),
      "missing secret_key in the body",
    ],
    ["secret_key emptied", withSecret(""), "missing secret_key in the body"],
    ["secret_key changed", withSecret(`${FIXTURE_SECRET}x`), "does not match"],
    ["secret_key as a number", withSecret(42), "secret_key is not a string"],
    ["secret_key as an array", withSecret([FIXTURE_SECRET]), "secret_key is not a string"],
    ["a truncated body", reply.slice(0, 200), "body is not valid JSON, so it carries no secret_key"],
    ["a JSON array", `[${reply}]`, "body is not a JSON object"],
  ])("tampered body (%s) → refused", (_label, body, reason) => {
    const result = authenticate(body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it("the secret only proves the sender: an edited body that keeps it still authenticates (no signature exists)", () => {
    expect(authenticate(reply.replace("Sounds interesting", "Not interested"))).toEqual({ ok: true });
  });

  it("fails closed when the connection has no usable secret", () => {
    expect(authenticate(withSecret(""), [])).toEqual({ ok: false, reason: "connection has no webhook secret" });
    expect(authenticate(reply, [])).toEqual({ ok: false, reason: "connection has no webhook secret" });
  });

  it("reads the account from client_id (null for a user's own campaigns)", () => {
    expect(smartleadAdapter.accountIdOf?.(reply)).toBeNull();
    expect(smartleadAdapter.accountIdOf?.(JSON.stringify({ client_id: 77 }))).toBe("77");
  });
});
