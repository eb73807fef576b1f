// Shared-secret authentication for the providers that do not sign their webhooks
// (Unipile and Instantly: a header we configure; SmartLead: `secret_key` in the body).
// docs/webhooks.md: fail closed, constant time. Both sides are hashed with sha-256 first, so
// timingSafeEqual always compares 32 bytes: neither the secret's content nor its length
// leaks through timing. Every configured secret is compared (no early exit), so timing
// does not tell the current secret from the previous one during a rotation's grace.
import { createHash, timingSafeEqual } from "node:crypto";
import type { AuthResult, WebhookHeaders } from "@/lib/providers/webhook-adapter";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** True when `presented` equals one of the non-blank `secrets`. Blank or missing never matches. */
export function matchesWebhookSecret(presented: unknown, secrets: readonly string[]): boolean {
  if (typeof presented !== "string" || presented === "") return false;
  const given = digest(presented);
  let matched = false;
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret.trim() === "") continue;
    // `||` after the compare: every secret is compared even once one matched.
    matched = timingSafeEqual(given, digest(secret)) || matched;
  }
  return matched;
}

/** A connection with no usable secret authenticates nothing (fail closed). */
export function hasUsableSecret(secrets: readonly string[]): boolean {
  return secrets.some((secret) => typeof secret === "string" && secret.trim() !== "");
}

/**
 * Authenticates a delivery by a static header. `headerName` is lower-case (headers
 * arrive lower-cased); `label` is how the reason names it.
 */
export function authenticateByHeader(
  headers: WebhookHeaders,
  headerName: string,
  label: string,
  secrets: readonly string[],
): AuthResult {
  if (!hasUsableSecret(secrets)) return { ok: false, reason: "connection has no webhook secret" };
  const presented = headers[headerName];
  if (presented === undefined || presented === "") return { ok: false, reason: `missing ${label} header` };
  return matchesWebhookSecret(presented, secrets)
    ? { ok: true }
    : { ok: false, reason: `${label} does not match the connection's webhook secret` };
}
