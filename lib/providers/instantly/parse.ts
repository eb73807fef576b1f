// Instantly reply_received / auto_reply_received (inbound) and email_sent (outbound) →
// a message, or why not.
//
// Decisions (tests/fixtures/providers/instantly/SOURCES.md; Instantly's webhook-events
// guide and "Reply to an email" API, checked with the docs search):
// - Direction comes from `event_type`; the channel is always email; `email_account` is our
//   mailbox (the sender of email_sent, the reply path's `eaccount`).
// - No event id exists. Dedupe by `event_type` + `email_id` ("the ID of the email
//   (reply_to_uuid). You can use it to reply"), else by a hash of
//   event_type|lead_email|campaign_id|timestamp|step. With neither an email_id nor a
//   lead_email there is nothing stable to dedupe on: rejected.
// - The provider message id is `email_id`, so an email we sent through POST /emails/reply
//   (whose response `id` is that uuid) is joined by its webhook echo.
// - The lead is `lead_email` (the merged lead field `email` as a fallback); the webhook
//   carries no Instantly lead id. Names and phone come from the merged lead fields.
// - Custom label events and every other event type are ignored.
import { normalizeEmail } from "@/lib/webhooks/normalize-identity";
import { messageText, type CappedText } from "@/lib/webhooks/text";
import { resolveSentAt } from "@/lib/webhooks/timestamps";
import type { ParseResult } from "@/lib/providers/webhook-adapter";
import {
  boundedEmail,
  boundedText,
  describeIssues,
  ignoredEvent,
  nonEmpty,
  parseJsonObject,
  rejectedEvent,
  sha256Hex,
  timeWarnings,
} from "@/lib/providers/payload-fields";
import { instantlyPayloadSchema, type InstantlyPayload } from "@/lib/providers/instantly/schema";

const HANDLED = {
  reply_received: { direction: "inbound", isAutoReply: false },
  auto_reply_received: { direction: "inbound", isAutoReply: true },
  email_sent: { direction: "outbound", isAutoReply: false },
} as const;
type HandledEvent = keyof typeof HANDLED;

const isHandled = (eventType: string): eventType is HandledEvent => Object.hasOwn(HANDLED, eventType);

function bodyOf(text: string | null | undefined, html: string | null | undefined, snippet?: string | null): CappedText {
  for (const [value, isHtml] of [
    [text, false],
    [html, true],
    [snippet, false],
  ] as const) {
    if (nonEmpty(value) === null) continue;
    const capped = messageText(value, { html: isHtml });
    if (capped.text !== "") return capped;
  }
  return { text: "", truncated: false };
}

function nameOf(payload: InstantlyPayload): string | null {
  const parts = [payload.firstName ?? payload.first_name, payload.lastName ?? payload.last_name];
  return boundedText(parts.filter((part) => nonEmpty(part) !== null).join(" "), "name");
}

// SOURCES.md's fallback for deliveries without an email_id.
function fallbackHash(eventType: string, payload: InstantlyPayload, rawLeadEmail: string): string {
  const stamp = typeof payload.timestamp === "string" || typeof payload.timestamp === "number" ? payload.timestamp : "";
  const parts = [eventType, rawLeadEmail, payload.campaign_id ?? "", String(stamp), String(payload.step ?? "")];
  return sha256Hex(parts.join("|"));
}

export function parseInstantly({ rawBody, receivedAt }: { rawBody: string; receivedAt: Date }): ParseResult {
  const json = parseJsonObject(rawBody);
  if (!json.ok) return rejectedEvent(rawBody, null, json.reason);
  const eventType = nonEmpty(json.value.event_type);
  if (eventType === null) return rejectedEvent(rawBody, null, "event_type is missing");
  if (!isHandled(eventType)) return ignoredEvent(rawBody, eventType, `event ${eventType} is not handled`);

  const parsed = instantlyPayloadSchema.safeParse(json.value);
  if (!parsed.success) return rejectedEvent(rawBody, eventType, describeIssues(parsed.error));
  const payload = parsed.data;
  const leadEmail = boundedEmail(normalizeEmail(payload.lead_email));
  if (payload.email_id === null && leadEmail === null) {
    return rejectedEvent(rawBody, eventType, "no email_id and no lead_email: nothing to dedupe on");
  }
  const email = leadEmail ?? boundedEmail(normalizeEmail(payload.email));
  if (email === null) return rejectedEvent(rawBody, eventType, "no lead email (lead_email / email)");

  const { direction, isAutoReply } = HANDLED[eventType];
  const key = payload.email_id ?? `sha256:${fallbackHash(eventType, payload, payload.lead_email ?? "")}`;
  const body =
    direction === "outbound"
      ? bodyOf(payload.email_text, payload.email_html)
      : bodyOf(payload.reply_text, payload.reply_html, payload.reply_text_snippet);
  const emailAccount = boundedEmail(normalizeEmail(payload.email_account));
  const sentAt = resolveSentAt([payload.timestamp], receivedAt, "timestamp");
  return {
    kind: "message",
    eventType,
    dedupeKey: `${eventType}:${key}`,
    occurredAt: sentAt.source === "provider" ? sentAt.at : null,
    direction,
    channel: "email",
    providerMessageId: key,
    lead: {
      providerLeadId: null,
      email,
      phone: boundedText(payload.phone, "name"),
      name: nameOf(payload),
      linkedinUrl: null,
    },
    subject: boundedText(direction === "outbound" ? payload.email_subject : payload.reply_subject, "subject"),
    body: body.text,
    bodyTruncated: body.truncated,
    sentAt: sentAt.at,
    sentAtSource: sentAt.source,
    providerContext: {
      emailId: payload.email_id,
      emailAccount,
      campaignId: payload.campaign_id,
      workspace: payload.workspace,
      step: payload.step,
      variant: payload.variant,
      uniboxUrl: nonEmpty(payload.unibox_url),
    },
    senderExternalUserId: direction === "outbound" ? emailAccount : null,
    isAutoReply,
    ...timeWarnings(sentAt),
  };
}
