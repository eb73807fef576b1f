// The Calendly webhook adapter: POST /api/webhooks/calendly/<connectionId>, signed with the
// subscription's signing key (the connection's webhook secret); bookings only (docs/bookings.md).
import type { WebhookAdapter } from "@/lib/providers/webhook-adapter";
import { parseCalendly } from "./parse";
import { authenticateCalendly } from "./verify";

export const calendlyAdapter: WebhookAdapter = {
  provider: "CALENDLY",
  connectionBy: "path",
  authenticate: authenticateCalendly,
  parse: ({ rawBody }) => parseCalendly({ rawBody }),
  // The signature header is kept: it is a MAC, not the key.
  keptHeaders: ["content-type", "user-agent", "calendly-webhook-signature"],
};
