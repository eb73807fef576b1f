import { describe, expect, it } from "vitest";
import { matchesWebhookSecret } from "./webhook-secret";

describe("matchesWebhookSecret", () => {
  it("matches any configured secret exactly", () => {
    expect(matchesWebhookSecret("a-secret", ["a-secret"])).toBe(true);
    expect(matchesWebhookSecret("old", ["new", "old"])).toBe(true);
    expect(matchesWebhookSecret("new", ["new", "old"])).toBe(true);
  });

  it("refuses near misses, other types and blanks (fail closed)", () => {
    expect(matchesWebhookSecret("a-secret ", ["a-secret"])).toBe(false);
    expect(matchesWebhookSecret("a-secre", ["a-secret"])).toBe(false);
    expect(matchesWebhookSecret(undefined, ["a-secret"])).toBe(false);
    expect(matchesWebhookSecret(123, ["123"])).toBe(false);
    expect(matchesWebhookSecret("", [""])).toBe(false);
    expect(matchesWebhookSecret(" ", [" "])).toBe(false);
    expect(matchesWebhookSecret("anything", [])).toBe(false);
  });

  it("compares secrets of any length (digests, so lengths do not leak or throw)", () => {
    const long = "x".repeat(10_000);
    expect(matchesWebhookSecret(long, [long])).toBe(true);
    expect(matchesWebhookSecret("short", [long])).toBe(false);
  });
});
