// GoHighLevel webhook authentication (docs/webhooks.md): an Ed25519 signature in `x-ghl-signature`
// over the raw body (preferred), or the legacy RSA-SHA256 (PKCS#1 v1.5) one in
// `x-wh-signature`; both base64. When the Ed25519 header is present it alone decides, so a
// delivery cannot be downgraded to the legacy scheme. The raw bytes are verified, never a
// re-serialization (SOURCES.md: the SDK's JSON.stringify only works because GHL sends compact
// JSON). Then, when the signed body carries `timestamp`, it must be within the tolerance of
// the received time (replay protection; a repeated webhookId is caught by the dedupe key).
import { verify as verifySignature, type KeyObject } from "node:crypto";
import type { AuthResult, WebhookAdapterConfig, WebhookHeaders } from "@/lib/providers/webhook-adapter";
import { isWithinTolerance, parseProviderTimestamp } from "@/lib/webhooks/timestamps";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ED25519_SIGNATURE_BYTES = 64;

function decodeSignature(value: string): Buffer | null {
  const trimmed = value.trim();
  if (trimmed === "" || !BASE64.test(trimmed)) return null;
  return Buffer.from(trimmed, "base64");
}

function verifyWith(algorithm: "sha256" | null, key: KeyObject, body: Buffer, signature: Buffer): boolean {
  try {
    return verifySignature(algorithm, body, key, signature);
  } catch {
    // A key/signature shape mismatch throws; for us that is simply "not authentic".
    return false;
  }
}

function checkSignature(rawBody: Buffer, headers: WebhookHeaders, keys: WebhookAdapterConfig["ghl"]): AuthResult {
  const ed25519 = headers["x-ghl-signature"];
  if (ed25519 !== undefined) {
    const signature = decodeSignature(ed25519);
    if (!signature || signature.length !== ED25519_SIGNATURE_BYTES)
      return { ok: false, reason: "malformed x-ghl-signature" };
    return verifyWith(null, keys.ed25519PublicKey, rawBody, signature)
      ? { ok: true }
      : { ok: false, reason: "x-ghl-signature does not verify" };
  }
  const rsa = headers["x-wh-signature"];
  if (rsa !== undefined) {
    const signature = decodeSignature(rsa);
    const modulusBits = keys.rsaPublicKey.asymmetricKeyDetails?.modulusLength ?? 0;
    if (!signature || signature.length !== modulusBits / 8) return { ok: false, reason: "malformed x-wh-signature" };
    return verifyWith("sha256", keys.rsaPublicKey, rawBody, signature)
      ? { ok: true }
      : { ok: false, reason: "x-wh-signature does not verify" };
  }
  return { ok: false, reason: "no x-ghl-signature or x-wh-signature header" };
}

/** The signed body's `timestamp`, when it has one: undefined = absent, null = present but unreadable. */
function signedTimestamp(rawBody: Buffer): Date | null | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return undefined; // authentic but not JSON: the parser stores it as rejected
  }
  if (payload === null || typeof payload !== "object") return undefined;
  const value = (payload as Record<string, unknown>).timestamp;
  if (value === undefined || value === null || value === "") return undefined;
  return parseProviderTimestamp(value);
}

export function verifyGhlDelivery(args: {
  rawBody: Buffer;
  headers: WebhookHeaders;
  receivedAt: Date;
  config: WebhookAdapterConfig;
}): AuthResult {
  const signature = checkSignature(args.rawBody, args.headers, args.config.ghl);
  if (!signature.ok) return signature;
  const timestamp = signedTimestamp(args.rawBody);
  if (timestamp === null) return { ok: false, reason: "timestamp is present but unreadable" };
  if (timestamp && !isWithinTolerance(timestamp, args.receivedAt, args.config.timestampToleranceMs)) {
    return { ok: false, reason: "timestamp outside the allowed window (stale or future)" };
  }
  return { ok: true };
}
