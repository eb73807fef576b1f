// The Instantly webhook adapter: POST /api/webhooks/instantly/<connectionId>.
import type { WebhookAdapter } from "@/lib/providers/webhook-adapter";
import { optionalId, parseJsonObject } from "@/lib/providers/payload-fields";
import { parseInstantly } from "@/lib/providers/instantly/parse";
import { authenticateInstantly } from "@/lib/providers/instantly/verify";

export const instantlyAdapter: WebhookAdapter = {
  provider: "INSTANTLY",
  connectionBy: "path",
  // The Instantly workspace (UUID) the event belongs to.
  accountIdOf(rawBody) {
    const json = parseJsonObject(rawBody);
    return json.ok ? optionalId.parse(json.value.workspace) : null;
  },
  authenticate: authenticateInstantly,
  parse: parseInstantly,
  // Never `x-webhook-secret`: it is the secret.
  keptHeaders: ["content-type", "user-agent"],
};
