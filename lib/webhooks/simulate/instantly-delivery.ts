// An Instantly `reply_received` shaped like tests/fixtures/providers/instantly/
// reply_received.json (base fields, then the lead's merged fields). Instantly does not
// sign: the secret we set in the webhook's `headers` arrives as X-Webhook-Secret.
import { uuidV7 } from "./ids";
import { escapeHtml } from "./escape-html";
import type { SimulatedConnection, SimulatedDelivery, SimulatedLead } from "./types";

const OUR_MAILBOX = "sam@leadclock-demo.example.com";

export function instantlyReplyReceived(args: {
  workspaceId: string;
  lead: SimulatedLead;
  text: string;
  now: Date;
}): Record<string, unknown> & { email_id: string } {
  const { lead, now, text } = args;
  if (!lead.email) throw new Error("an Instantly reply needs the lead's email address");
  const [firstName, ...rest] = lead.name.split(" ");
  return {
    timestamp: now.toISOString(),
    event_type: "reply_received",
    workspace: args.workspaceId,
    campaign_id: uuidV7(new Date(now.getTime() - 7 * 86_400_000)),
    campaign_name: "Leadclock simulated campaign",
    lead_email: lead.email,
    email_account: OUR_MAILBOX,
    unibox_url: `https://app.instantly.ai/app/unibox?thread_search=${encodeURIComponent(lead.email)}`,
    step: 1,
    variant: 1,
    is_first: true,
    email_id: uuidV7(now),
    reply_text_snippet: text.slice(0, 100),
    reply_subject: "Re: Quick question about your calendar",
    reply_text: `${text}\n\nOn an earlier day Sam <${OUR_MAILBOX}> wrote:\n> Quick question about your calendar...`,
    reply_html: `<div dir="ltr">${escapeHtml(text)}</div><br><div class="gmail_quote"><blockquote>Quick question about your calendar...</blockquote></div>`,
    email: lead.email,
    firstName: firstName ?? lead.name,
    lastName: rest.join(" "),
    ...(lead.phone ? { phone: lead.phone } : {}),
  };
}

export function buildInstantlyDelivery(args: {
  connection: SimulatedConnection;
  lead: SimulatedLead;
  text: string;
  now: Date;
}): SimulatedDelivery {
  if (!args.connection.webhookSecret) throw new Error("the Instantly connection has no webhook secret");
  const payload = instantlyReplyReceived({ ...args, workspaceId: args.connection.externalAccountId });
  return {
    provider: "instantly",
    path: `/api/webhooks/instantly/${args.connection.id}`,
    headers: { "content-type": "application/json", "x-webhook-secret": args.connection.webhookSecret },
    body: JSON.stringify(payload),
    providerMessageIds: [payload.email_id],
  };
}
