// The GoHighLevel webhook adapter: one app-wide URL, signed with GoHighLevel's own keys, the
// connection found by the payload's locationId (docs/webhooks.md).
import type { WebhookAdapter } from "@/lib/providers/webhook-adapter";
import { parseGhlEvent } from "./parse";
import { stringField, unwrapEnvelope } from "./schema";
import { verifyGhlDelivery } from "./verify";

function locationIdOf(rawBody: string): string | null {
  try {
    const payload: unknown = JSON.parse(rawBody);
    if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return null;
    return stringField(unwrapEnvelope(payload as Record<string, unknown>), "locationId");
  } catch {
    return null;
  }
}

export const ghlAdapter: WebhookAdapter = {
  provider: "GHL",
  connectionBy: "payload-account",
  accountIdOf: locationIdOf,
  authenticateApp: verifyGhlDelivery,
  // The connection plays no part in GHL's signature; without config the check fails closed.
  authenticate: ({ rawBody, headers, receivedAt, config }) =>
    config ? verifyGhlDelivery({ rawBody, headers, receivedAt, config }) : { ok: false, reason: "no signing keys" },
  parse: ({ rawBody, receivedAt }) => parseGhlEvent({ rawBody, receivedAt }),
  keptHeaders: ["content-type", "user-agent", "x-ghl-signature", "x-wh-signature"],
};
