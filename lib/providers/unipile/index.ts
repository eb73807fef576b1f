// The Unipile (LinkedIn) webhook adapter: POST /api/webhooks/unipile/<connectionId>.
import type { WebhookAdapter } from "@/lib/providers/webhook-adapter";
import { nonEmpty, parseJsonObject } from "@/lib/providers/payload-fields";
import { parseUnipile } from "@/lib/providers/unipile/parse";
import { authenticateUnipile } from "@/lib/providers/unipile/verify";

export const unipileAdapter: WebhookAdapter = {
  provider: "UNIPILE",
  connectionBy: "path",
  // The Unipile account the message belongs to. A webhook created without `account_ids`
  // fires for every account of the Unipile tenant, so the pipeline can compare this with
  // the connection's externalAccountId.
  accountIdOf(rawBody) {
    const json = parseJsonObject(rawBody);
    return json.ok ? nonEmpty(json.value.account_id) : null;
  },
  authenticate: authenticateUnipile,
  parse: parseUnipile,
  // Never `unipile-auth`: it is the secret.
  keptHeaders: ["content-type", "user-agent"],
};
