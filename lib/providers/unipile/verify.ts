// Unipile (API v1) does not sign webhooks: the docs (developer.unipile.com/docs/webhooks-2,
// checked with the docs search) let you add custom `headers` when creating the webhook,
// and we add `Unipile-Auth: <connection's webhook secret>`. The header is the secret.
import type { AuthResult, ConnectionForWebhook, WebhookHeaders } from "@/lib/providers/webhook-adapter";
import { authenticateByHeader } from "@/lib/providers/webhook-secret";

export const UNIPILE_AUTH_HEADER = "unipile-auth";

export function authenticateUnipile({
  headers,
  connection,
}: {
  headers: WebhookHeaders;
  connection: ConnectionForWebhook;
}): AuthResult {
  return authenticateByHeader(headers, UNIPILE_AUTH_HEADER, "Unipile-Auth", connection.webhookSecrets);
}
