// The SmartLead webhook adapter: POST /api/webhooks/smartlead/<connectionId>.
import type { WebhookAdapter } from "@/lib/providers/webhook-adapter";
import { optionalId, parseJsonObject } from "@/lib/providers/payload-fields";
import { parseSmartlead } from "@/lib/providers/smartlead/parse";
import { redactSmartleadRawBody } from "@/lib/providers/smartlead/redact";
import { authenticateSmartlead } from "@/lib/providers/smartlead/verify";

export const smartleadAdapter: WebhookAdapter = {
  provider: "SMARTLEAD",
  connectionBy: "path",
  // SmartLead's client the event belongs to (null for a user's own campaigns).
  accountIdOf(rawBody) {
    const json = parseJsonObject(rawBody);
    return json.ok ? optionalId.parse(json.value.client_id) : null;
  },
  authenticate: authenticateSmartlead,
  parse: parseSmartlead,
  // The secret travels in the body, not in a header; these headers are safe to keep.
  keptHeaders: ["content-type", "user-agent", "x-request-id", "x-webhook-level", "x-smartlead-signature"],
  // The secret travels in the body: never keep it in the event log.
  redactRawBody: redactSmartleadRawBody,
};
