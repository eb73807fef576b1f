// The webhook routes' shared few lines: configuration resolved once per server process from the
// environment (keys, caps, encryption key; docs/conventions.md), the connection cache, the received
// time taken here, and the request handed to the shared pipeline in lib/webhooks/ingest.ts.
import { loadEncryptionKey } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Provider } from "@/lib/generated/prisma/enums";
import { answerResponse } from "@/lib/webhooks/answers";
import { resolveWebhookConfig, type WebhookConfig } from "@/lib/webhooks/config";
import { createConnectionCache } from "@/lib/webhooks/connection-cache";
import { receiveWebhook } from "@/lib/webhooks/ingest";

let config: WebhookConfig | undefined;
// Per server process; the write re-checks every cached connection (lib/webhooks/connection-cache.ts).
const connectionCache = createConnectionCache();

function webhookConfig(): WebhookConfig {
  if (!config) {
    const values = env();
    config = resolveWebhookConfig({
      GHL_WEBHOOK_ED25519_PUBLIC_KEY: values.GHL_WEBHOOK_ED25519_PUBLIC_KEY,
      GHL_WEBHOOK_RSA_PUBLIC_KEY: values.GHL_WEBHOOK_RSA_PUBLIC_KEY,
      encryptionKey: loadEncryptionKey({
        LEADCLOCK_ENCRYPTION_KEY: values.LEADCLOCK_ENCRYPTION_KEY,
        NODE_ENV: values.NODE_ENV,
      }),
    });
  }
  return config;
}

export async function handleWebhook(request: Request, provider: Provider, connectionId?: string): Promise<Response> {
  const now = new Date();
  let resolved: WebhookConfig;
  try {
    resolved = webhookConfig();
  } catch (error) {
    console.error(`[webhooks/${provider.toLowerCase()}] configuration error (answering 500):`, error);
    return answerResponse("error", provider);
  }
  return receiveWebhook({
    request,
    provider,
    connectionId: connectionId ?? null,
    db,
    config: resolved,
    now,
    connectionCache,
  });
}

/** The context Next.js passes to app/api/webhooks/<provider>/[connectionId]/route.ts. */
export type ConnectionRouteContext = { params: Promise<{ connectionId: string }> };
