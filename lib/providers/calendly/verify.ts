// Calendly webhook signatures (developer.calendly.com/api-docs/overview/webhooks/webhook-signatures,
// checked with the docs search): `Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex>`, where
// v1 = HMAC-SHA256(signing key, "<t>." + raw body). The signing key is the connection's webhook
// secret (the one given when the subscription was created). Fails closed, compares in constant
// time against every configured secret (rotation grace), and refuses a `t` more than 3 minutes
// from the received time (replay protection; DESIGN §5).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { AuthResult, ConnectionForWebhook, WebhookHeaders } from "@/lib/providers/webhook-adapter";
import { hasUsableSecret } from "@/lib/providers/webhook-secret";

export const CALENDLY_SIGNATURE_HEADER = "calendly-webhook-signature";
export const CALENDLY_SIGNATURE_TOLERANCE_MS = 3 * 60 * 1000;

/** `t=…,v1=…` → its parts (several v1 entries are allowed), or null when malformed. */
export function parseCalendlySignature(header: string): { t: number; v1: string[] } | null {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const [key, ...rest] = part.trim().split("=");
    const value = rest.join("=").trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) v1.push(value.toLowerCase());
  }
  return t !== null && v1.length > 0 ? { t, v1 } : null;
}

export function signCalendly(rawBody: Buffer | string, secret: string, t: number): string {
  return createHmac("sha256", secret).update(`${t}.`).update(rawBody).digest("hex");
}

export function authenticateCalendly(args: {
  rawBody: Buffer;
  headers: WebhookHeaders;
  connection: ConnectionForWebhook;
  receivedAt: Date;
}): AuthResult {
  const secrets = args.connection.webhookSecrets;
  if (!hasUsableSecret(secrets)) return { ok: false, reason: "connection has no webhook signing key" };
  const header = args.headers[CALENDLY_SIGNATURE_HEADER];
  if (!header) return { ok: false, reason: "missing Calendly-Webhook-Signature header" };
  const signature = parseCalendlySignature(header);
  if (!signature) return { ok: false, reason: "malformed Calendly-Webhook-Signature header" };
  if (Math.abs(args.receivedAt.getTime() - signature.t * 1000) > CALENDLY_SIGNATURE_TOLERANCE_MS) {
    return { ok: false, reason: "Calendly-Webhook-Signature timestamp outside the 3-minute tolerance" };
  }
  let matched = false;
  for (const secret of secrets) {
    if (!secret.trim()) continue;
    const expected = Buffer.from(signCalendly(args.rawBody, secret, signature.t), "hex");
    for (const given of signature.v1) {
      // `||` after the compare: every candidate is compared even once one matched.
      matched = timingSafeEqual(expected, Buffer.from(given, "hex")) || matched;
    }
  }
  return matched ? { ok: true } : { ok: false, reason: "Calendly-Webhook-Signature does not match" };
}
