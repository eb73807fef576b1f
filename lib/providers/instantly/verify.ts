// Instantly documents no webhook signature. A webhook is created with a `headers` map that
// Instantly sends on every delivery (developer.instantly.ai create-webhook, checked with the
// docs search); we set `X-Webhook-Secret: <connection's webhook secret>` there.
import type { AuthResult, ConnectionForWebhook, WebhookHeaders } from "@/lib/providers/webhook-adapter";
import { authenticateByHeader } from "@/lib/providers/webhook-secret";

export const INSTANTLY_SECRET_HEADER = "x-webhook-secret";

export function authenticateInstantly({
  headers,
  connection,
}: {
  headers: WebhookHeaders;
  connection: ConnectionForWebhook;
}): AuthResult {
  return authenticateByHeader(headers, INSTANTLY_SECRET_HEADER, "X-Webhook-Secret", connection.webhookSecrets);
}
