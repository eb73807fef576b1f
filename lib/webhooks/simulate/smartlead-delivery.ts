// A SmartLead EMAIL_REPLY in the flat shape of tests/fixtures/providers/smartlead/
// EMAIL_REPLY.json. SmartLead does not sign: the webhook's `secret_key` is in the body.
// On replies `from_email` is our mailbox and `to_email` the lead (as SmartLead documents).
import { randomInt } from "node:crypto";
import { uuidV4 } from "./ids";
import { escapeHtml } from "./escape-html";
import type { SimulatedConnection, SimulatedDelivery, SimulatedLead } from "./types";

const OUR_MAILBOX = "sam@leadclock-demo.example.com";

/** SmartLead's time format: ISO-8601 with a +00:00 offset. */
function smartleadTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

export function smartleadEmailReply(args: {
  secretKey: string;
  /** SmartLead's client id (the connection's account); a number when it looks like one, as SmartLead sends it. */
  smartleadClientId: string;
  lead: SimulatedLead;
  text: string;
  now: Date;
}): Record<string, unknown> & { message_id: string } {
  const { lead, now, text } = args;
  if (!lead.email) throw new Error("a SmartLead reply needs the lead's email address");
  const leadId = lead.providerLeadId ?? String(randomInt(2_000_000, 9_999_999));
  const leadMapId = randomInt(1_000_000, 9_999_999);
  const statsId = uuidV4();
  const sentAt = new Date(now.getTime() - 86_400_000);
  const messageId = `<${uuidV4()}@mail.simulated.example.org>`;
  const html = `<div dir="ltr">${escapeHtml(text)}</div>`;
  const ourHtml = `<div>Hi ${escapeHtml(lead.name.split(" ")[0] ?? lead.name)},</div><div>Quick question about your calendar...</div>`;
  const ourText = `Hi ${lead.name.split(" ")[0] ?? lead.name},\nQuick question about your calendar...`;
  return {
    webhook_id: 5521,
    webhook_name: "leadclock-simulated",
    campaign_status: "ACTIVE",
    stats_id: statsId,
    stats_thread_id: statsId,
    sl_email_lead_id: leadId,
    sl_email_lead_map_id: leadMapId,
    sl_lead_email: lead.email,
    from_email: OUR_MAILBOX,
    cc_emails: [],
    subject: "Re: Quick question about your calendar",
    sent_message_body: ourHtml,
    sent_message: {
      message_id: `<${uuidV4()}@mail.leadclock-demo.example.com>`,
      html: ourHtml,
      text: ourText,
      time: sentAt.toISOString(),
    },
    to_email: lead.email,
    to_name: lead.name,
    time_replied: smartleadTime(now),
    event_timestamp: smartleadTime(now),
    message_id: messageId,
    reply_body: html,
    reply_message: { message_id: messageId, html, text: `${text}\n`, time: smartleadTime(now) },
    preview_text: `${text}\n`,
    campaign_name: "Leadclock simulated campaign",
    campaign_id: 1482906,
    client_id: /^\d{1,15}$/.test(args.smartleadClientId) ? Number(args.smartleadClientId) : args.smartleadClientId,
    sequence_number: 1,
    secret_key: args.secretKey,
    app_url: `https://app.smartlead.ai/app/master-inbox?leadMap=${leadMapId}`,
    ui_master_inbox_link: `https://app.smartlead.ai/app/master-inbox?leadMap=${leadMapId}`,
    description: `${lead.email} replied to Email 1 for campaign - Leadclock simulated campaign`,
    metadata: { webhook_created_at: sentAt.toISOString() },
    leadCorrespondence: {
      targetLeadEmail: lead.email,
      replyReceivedFrom: lead.email,
      repliedCompanyDomain: "SameCompany",
    },
    webhook_url: "https://leadclock.example.com/api/webhooks/smartlead",
    event_type: "EMAIL_REPLY",
  };
}

export function buildSmartleadDelivery(args: {
  connection: SimulatedConnection;
  lead: SimulatedLead;
  text: string;
  now: Date;
}): SimulatedDelivery {
  if (!args.connection.webhookSecret) throw new Error("the SmartLead connection has no webhook secret");
  const payload = smartleadEmailReply({
    ...args,
    secretKey: args.connection.webhookSecret,
    smartleadClientId: args.connection.externalAccountId,
  });
  const bare = payload.message_id.replace(/^<|>$/g, "");
  return {
    provider: "smartlead",
    path: `/api/webhooks/smartlead/${args.connection.id}`,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
    // Stored with or without the angle brackets, depending on the adapter's normalization.
    providerMessageIds: [payload.message_id, bare],
  };
}
