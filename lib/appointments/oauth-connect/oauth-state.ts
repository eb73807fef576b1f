// The `state` of the authorization-code flow: who started it, for which connection, until
// when. It is HMAC-SHA256 signed (key: deriveStateKey), so the callback needs no server-side
// storage and a forged, altered or stale state is refused. Binding the user id stops a
// "login CSRF": a state (and code) made by someone else is refused for the signed-in user.
// The Calendly PKCE verifier is derived from the state the same way, so it never travels.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import { isOAuthProvider } from "./oauth-providers";

/** 15 minutes: time to consent (Calendly's codes last 10 minutes once issued). */
export const STATE_TTL_MS = 15 * 60 * 1000;

export type OAuthState = {
  connectionId: string;
  clientId: string;
  userId: string;
  provider: AppointmentProvider;
  expiresAt: Date;
  nonce: string;
};

export type StateCheck =
  { ok: true; state: OAuthState } | { ok: false; reason: "malformed" | "signature" | "expired" | "user" | "provider" };

const VERSION = "v1";

const mac = (key: Buffer, body: string) => createHmac("sha256", key).update(`${VERSION}.${body}`).digest();

export function signOAuthState(args: {
  key: Buffer;
  connectionId: string;
  clientId: string;
  userId: string;
  provider: AppointmentProvider;
  now: Date;
  ttlMs?: number;
  nonce?: string;
}): string {
  const payload = {
    c: args.connectionId,
    w: args.clientId,
    u: args.userId,
    p: args.provider,
    e: Math.floor((args.now.getTime() + (args.ttlMs ?? STATE_TTL_MS)) / 1000),
    n: args.nonce ?? randomBytes(16).toString("base64url"),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${VERSION}.${body}.${mac(args.key, body).toString("base64url")}`;
}

/** Checks signature first (nothing of an unsigned state is trusted), then expiry, user and provider. */
export function verifyOAuthState(args: {
  key: Buffer;
  state: string | null | undefined;
  userId: string;
  provider: AppointmentProvider;
  now: Date;
}): StateCheck {
  const parts = (args.state ?? "").split(".");
  if (parts.length !== 3 || parts[0] !== VERSION || !parts[1] || !parts[2] || args.state!.length > 2000) {
    return { ok: false, reason: "malformed" };
  }
  const given = Buffer.from(parts[2], "base64url");
  const expected = mac(args.key, parts[1]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature" };
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const { c, w, u, p, e, n } = payload;
  if (typeof c !== "string" || typeof w !== "string" || typeof u !== "string" || typeof n !== "string") {
    return { ok: false, reason: "malformed" };
  }
  if (typeof p !== "string" || !isOAuthProvider(p) || typeof e !== "number") return { ok: false, reason: "malformed" };
  if (e * 1000 <= args.now.getTime()) return { ok: false, reason: "expired" };
  if (u !== args.userId) return { ok: false, reason: "user" };
  if (p !== args.provider) return { ok: false, reason: "provider" };
  return {
    ok: true,
    state: { connectionId: c, clientId: w, userId: u, provider: p, expiresAt: new Date(e * 1000), nonce: n },
  };
}

/** PKCE (RFC 7636, S256): a verifier only the server can recompute from the state, and its challenge. */
export function pkceFor(key: Buffer, state: string): { verifier: string; challenge: string } {
  const verifier = createHmac("sha256", key).update(`pkce.${state}`).digest("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}
