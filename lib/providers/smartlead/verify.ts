// SmartLead's classic campaign webhooks carry the webhook's `secret_key` in the JSON body
// (help-center Webhook Guide / Response Structure, checked with the docs search); there is
// no signature over the body for these events. So the body is authentic when its
// `secret_key` equals the connection's secret — a body whose secret_key was changed or
// removed fails, while the rest of the body is exactly as trustworthy as that secret.
// An `X-Smartlead-Signature` header is documented only for another event family
// (account events) and unverified for campaign events: accepted, never required.
import type { AuthResult, ConnectionForWebhook } from "@/lib/providers/webhook-adapter";
import { parseJsonObject } from "@/lib/providers/payload-fields";
import { hasUsableSecret, matchesWebhookSecret } from "@/lib/providers/webhook-secret";

export function authenticateSmartlead({
  rawBody,
  connection,
}: {
  rawBody: Buffer;
  connection: ConnectionForWebhook;
}): AuthResult {
  if (!hasUsableSecret(connection.webhookSecrets)) return { ok: false, reason: "connection has no webhook secret" };
  const json = parseJsonObject(rawBody.toString("utf8"));
  if (!json.ok) return { ok: false, reason: `${json.reason}, so it carries no secret_key` };
  const presented = json.value.secret_key;
  if (presented === undefined || presented === null || presented === "") {
    return { ok: false, reason: "missing secret_key in the body" };
  }
  if (typeof presented !== "string") return { ok: false, reason: "secret_key is not a string" };
  return matchesWebhookSecret(presented, connection.webhookSecrets)
    ? { ok: true }
    : { ok: false, reason: "secret_key does not match the connection's webhook secret" };
}
