import { describe, expect, it } from "vitest";
import { deriveStateKey } from "./oauth-config";
import { pkceFor, signOAuthState, STATE_TTL_MS, verifyOAuthState } from "./oauth-state";

const key = deriveStateKey("test-secret-that-is-long-enough-0123456789");
const now = new Date("2026-12-02T03:00:00Z");
const base = {
  connectionId: "0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a39",
  clientId: "5b1e0c2a-1111-4c1b-9e8f-2a7d6c5b4a39",
  userId: "user-1",
  provider: "GHL" as const,
};
const sign = (extra: Partial<Parameters<typeof signOAuthState>[0]> = {}) =>
  signOAuthState({ key, now, ...base, ...extra });
const verify = (state: string | null, extra: Partial<Parameters<typeof verifyOAuthState>[0]> = {}) =>
  verifyOAuthState({ key, state, userId: base.userId, provider: "GHL", now, ...extra });

describe("OAuth state", () => {
  it("round-trips who, what and until when", () => {
    const check = verify(sign());
    expect(check).toEqual({
      ok: true,
      state: { ...base, expiresAt: new Date(now.getTime() + STATE_TTL_MS), nonce: expect.any(String) },
    });
    expect(sign()).not.toBe(sign()); // a fresh nonce each time
  });

  it("refuses a tampered payload, a forged signature and another key", () => {
    const [v, body, sig] = sign().split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString()) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...payload, c: "00000000-0000-4000-8000-000000000000" })).toString(
      "base64url",
    );
    expect(verify(`${v}.${altered}.${sig}`)).toEqual({ ok: false, reason: "signature" });
    expect(verify(`${v}.${body}.${Buffer.alloc(32).toString("base64url")}`)).toEqual({
      ok: false,
      reason: "signature",
    });
    expect(verify(sign({ key: deriveStateKey("another-secret-that-is-long-enough-012345") }))).toEqual({
      ok: false,
      reason: "signature",
    });
  });

  it("refuses malformed, expired, another user's and another provider's state", () => {
    for (const bad of [null, "", "v1.x", "v2.a.b", "v1..sig", "x".repeat(3000)]) {
      expect(verify(bad)).toEqual({ ok: false, reason: "malformed" });
    }
    const state = sign();
    expect(verify(state, { now: new Date(now.getTime() + STATE_TTL_MS) })).toEqual({ ok: false, reason: "expired" });
    expect(verify(state, { now: new Date(now.getTime() + STATE_TTL_MS - 1000) }).ok).toBe(true);
    expect(verify(state, { userId: "user-2" })).toEqual({ ok: false, reason: "user" });
    expect(verify(state, { provider: "CALENDLY" })).toEqual({ ok: false, reason: "provider" });
  });

  it("derives a per-state PKCE pair (S256) only the key holder can recompute", () => {
    const state = sign();
    const a = pkceFor(key, state);
    expect(a).toEqual(pkceFor(key, state));
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.challenge).not.toBe(a.verifier);
    expect(pkceFor(key, sign()).verifier).not.toBe(a.verifier);
    expect(pkceFor(deriveStateKey("another-secret-that-is-long-enough-012345"), state).verifier).not.toBe(a.verifier);
  });
});
