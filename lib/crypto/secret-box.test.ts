import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeKey, decryptSecret, encryptSecret, loadEncryptionKey, SecretBoxError } from "./secret-box";

const key = randomBytes(32);

describe("secret box", () => {
  it("round-trips and never stores the plain text", () => {
    const stored = encryptSecret("whsec_abc123", key);
    expect(stored).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(stored).not.toContain("whsec_abc123");
    expect(decryptSecret(stored, key)).toBe("whsec_abc123");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("refuses a wrong key, a tampered value and a malformed one", () => {
    const stored = encryptSecret("secret", key);
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow(SecretBoxError);
    const parts = stored.split(":");
    parts[3] = Buffer.from("other").toString("base64url");
    expect(() => decryptSecret(parts.join(":"), key)).toThrow(SecretBoxError);
    expect(() => decryptSecret("plain", key)).toThrow(/not a Leadclock secret/);
  });

  it("requires a 32-byte key, and one in production", () => {
    expect(() => decodeKey(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
    expect(() => loadEncryptionKey({ NODE_ENV: "production" })).toThrow(/required in production/);
    const encoded = randomBytes(32).toString("base64");
    expect(loadEncryptionKey({ LEADCLOCK_ENCRYPTION_KEY: encoded, NODE_ENV: "production" })).toEqual(
      Buffer.from(encoded, "base64"),
    );
  });
});
