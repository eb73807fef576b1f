// A Unipile `message_received` for a LinkedIn message the lead sent, shaped like
// tests/fixtures/providers/unipile/message_received.linkedin.inbound.json. Unipile does
// not sign: the connection's secret travels in the `Unipile-Auth` header we configured.
import { unipileId } from "./ids";
import type { SimulatedConnection, SimulatedDelivery, SimulatedLead } from "./types";

const OWN_PROVIDER_ID = "ACoAAB1x2y3SIMULATEDownProfile01";

export function unipileMessageReceived(args: {
  accountId: string;
  lead: SimulatedLead;
  text: string;
  now: Date;
}): Record<string, unknown> & { message_id: string } {
  const { lead, now } = args;
  const providerId = lead.providerLeadId ?? `ACoAA${unipileId()}SIM`;
  return {
    account_id: args.accountId,
    account_type: "LINKEDIN",
    account_info: { type: "LINKEDIN", feature: "classic", user_id: OWN_PROVIDER_ID },
    event: "message_received",
    chat_id: unipileId(),
    timestamp: now.toISOString(),
    webhook_name: "leadclock-simulated",
    message_id: unipileId(),
    message: args.text,
    sender: {
      attendee_id: unipileId(),
      attendee_name: lead.name,
      attendee_provider_id: providerId,
      attendee_profile_url: lead.linkedinUrl ?? `https://www.linkedin.com/in/${providerId}/`,
    },
    attendees: [
      {
        attendee_id: unipileId(),
        attendee_name: "Leadclock Demo",
        attendee_provider_id: OWN_PROVIDER_ID,
        attendee_profile_url: `https://www.linkedin.com/in/${OWN_PROVIDER_ID}/`,
      },
    ],
    attachments: [],
    subject: null,
    is_sender: false,
    provider_chat_id: `2-${unipileId()}`,
    provider_message_id: `2-${unipileId()}`,
    is_event: 0,
    chat_pinned: 0,
    quoted: null,
    is_forwarded: null,
    chat_content_type: null,
    message_type: null,
    is_group: false,
    folder: ["INBOX"],
  };
}

export function buildUnipileDelivery(args: {
  connection: SimulatedConnection;
  lead: SimulatedLead;
  text: string;
  now: Date;
}): SimulatedDelivery {
  if (!args.connection.webhookSecret) throw new Error("the Unipile connection has no webhook secret");
  const payload = unipileMessageReceived({ ...args, accountId: args.connection.externalAccountId });
  return {
    provider: "unipile",
    path: `/api/webhooks/unipile/${args.connection.id}`,
    // As Unipile sends it: its axios client, and the auth header from the webhook's `headers`.
    headers: {
      "content-type": "application/json",
      "user-agent": "axios/1.7.7",
      "unipile-auth": args.connection.webhookSecret,
    },
    body: JSON.stringify(payload),
    providerMessageIds: [payload.message_id],
  };
}
