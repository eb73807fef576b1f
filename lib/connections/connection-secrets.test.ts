import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptSecret, SecretBoxError } from "@/lib/crypto/secret-box";
import { generateWebhookSecret, loadConnectionSecrets, usesWebhookSecret } from "./connection-secrets";

const key = randomBytes(32);
const now = new Date("2026-03-02T12:00:00Z");

describe("connection secrets", () => {
  it("generates long, distinct, URL- and header-safe secrets", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it("knows which providers use a shared webhook secret", () => {
    expect(
      (["GHL", "UNIPILE", "SMARTLEAD", "INSTANTLY", "CALENDLY"] as const).filter((p) => usesWebhookSecret(p)),
    ).toEqual(["UNIPILE", "SMARTLEAD", "INSTANTLY", "CALENDLY"]);
  });

  it("returns the current secret, then the previous one only while its grace period lasts", () => {
    const row = {
      webhookSecretEnc: encryptSecret("new", key),
      previousWebhookSecretEnc: encryptSecret("old", key),
      previousSecretValidUntil: new Date(now.getTime() + 1000),
      apiKeyEnc: encryptSecret("api-key", key),
    };
    expect(loadConnectionSecrets(row, key, now)).toEqual({ webhookSecrets: ["new", "old"], apiKey: "api-key" });
    expect(loadConnectionSecrets(row, key, new Date(now.getTime() + 1000))).toEqual({
      webhookSecrets: ["new"],
      apiKey: "api-key",
    });
    const bare = {
      webhookSecretEnc: null,
      previousWebhookSecretEnc: null,
      previousSecretValidUntil: null,
      apiKeyEnc: null,
    };
    expect(loadConnectionSecrets(bare, key, now)).toEqual({ webhookSecrets: [], apiKey: null });
  });

  it("fails closed on a wrong key", () => {
    const row = {
      webhookSecretEnc: encryptSecret("new", key),
      previousWebhookSecretEnc: null,
      previousSecretValidUntil: null,
      apiKeyEnc: null,
    };
    expect(() => loadConnectionSecrets(row, randomBytes(32), now)).toThrow(SecretBoxError);
  });
});
