// SmartLead EMAIL_REPLY (inbound) / EMAIL_SENT (outbound) → a message, or why not.
//
// Decisions (tests/fixtures/providers/smartlead/SOURCES.md; the help-center
// "Response Structure" pages and api.smartlead.ai "reply to lead from master inbox",
// checked with the docs search):
// - Direction comes from `event_type`. On replies `from_email` is OUR sending mailbox and
//   `to_email`/`to_name` the lead (counter-intuitive, documented: "from_email … is the
//   sender mailbox").
// - Dedupe and provider message id: the RFC Message-ID (`reply_message.message_id` /
//   `sent_message.message_id`, legacy `message_id` carries the same value). Without one, a
//   reply falls back to `stats_id` + `event_timestamp`, a sent email to `stats_id` (it
//   identifies the sent-email row); with neither the event is rejected.
// - The lead is the targeted lead (`sl_email_lead_id`, `leadCorrespondence.targetLeadEmail`),
//   also when a colleague answered: the thread and the reply path are the lead's; who
//   actually wrote is kept as `replyReceivedFrom`.
// - EMAIL_REPLY also fires for mail our own team sends into the thread from outside
//   SmartLead (SOURCES.md, third-party code). A reply from our mailbox itself, or from our
//   mailbox's domain when that is not the lead's domain, is therefore outbound.
// - Reply context for POST /campaigns/{campaign_id}/reply-email-thread: campaign_id,
//   email_stats_id (= stats_id), reply_message_id (= the Message-ID).
import { normalizeEmail } from "@/lib/webhooks/normalize-identity";
import { messageText, type CappedText } from "@/lib/webhooks/text";
import { resolveSentAt } from "@/lib/webhooks/timestamps";
import type { ParseResult, ParsedLeadIdentity, ParsedMessage } from "@/lib/providers/webhook-adapter";
import {
  MAX_ID_LENGTH,
  boundedEmail,
  boundedText,
  emailDomain,
  ignoredEvent,
  nonEmpty,
  parseJsonObject,
  rejectedEvent,
  timeWarnings,
} from "@/lib/providers/payload-fields";
import { smartleadPayloadSchema, type SmartleadPayload } from "@/lib/providers/smartlead/schema";

// Timestamps are usually ISO strings; an epoch number is kept as its digits for the fallback key.
const stampText = (value: unknown) =>
  typeof value === "number" && Number.isFinite(value) ? String(value) : nonEmpty(value);

const email = (...candidates: (string | null | undefined)[]) =>
  boundedEmail(candidates.map((candidate) => normalizeEmail(candidate)).find((found) => found !== null) ?? null);

// SmartLead's API takes campaign_id as an integer path parameter.
const numericOrText = (value: string | null) => (value !== null && /^\d{1,15}$/.test(value) ? Number(value) : value);

/** The first candidate that yields text: HTML parts become plain text, all capped. */
function bodyOf(candidates: { value: string | null | undefined; html: boolean }[]): CappedText {
  for (const { value, html } of candidates) {
    if (nonEmpty(value) === null) continue;
    const text = messageText(value, { html });
    if (text.text !== "") return text;
  }
  return { text: "", truncated: false };
}

function repliedByOurSide(replyFrom: string | null, ourMailbox: string | null, leadEmail: string | null): boolean {
  if (replyFrom === null || ourMailbox === null) return false;
  if (replyFrom === ourMailbox) return true;
  const domain = emailDomain(replyFrom);
  return domain === emailDomain(ourMailbox) && domain !== emailDomain(leadEmail);
}

type Identified = { dedupeKey: string; providerMessageId: string; messageId: string | null };

function identify(messageId: string | null, fallback: string | null, kind: "reply" | "sent"): Identified | string {
  if (messageId !== null) {
    if (messageId.length > MAX_ID_LENGTH) return "message id is too long";
    return { dedupeKey: `message:${messageId}`, providerMessageId: messageId, messageId };
  }
  if (fallback === null || fallback.length > MAX_ID_LENGTH) {
    return kind === "reply"
      ? "no message id (reply_message.message_id / message_id) and no stats_id + event_timestamp to fall back on"
      : "no message id (sent_message.message_id / message_id) and no stats_id to fall back on";
  }
  return { dedupeKey: `${kind}:${fallback}`, providerMessageId: `stats:${fallback}`, messageId: null };
}

function message(
  payload: SmartleadPayload,
  receivedAt: Date,
  fields: {
    eventType: string;
    ids: Identified;
    direction: "inbound" | "outbound";
    lead: ParsedLeadIdentity;
    subject: string | null | undefined;
    body: CappedText;
    times: unknown[];
    senderExternalUserId: string | null;
    extraContext?: Record<string, string | null>;
  },
): ParsedMessage {
  const sentAt = resolveSentAt(fields.times, receivedAt, "event_timestamp");
  return {
    kind: "message",
    eventType: fields.eventType,
    dedupeKey: fields.ids.dedupeKey,
    occurredAt: sentAt.source === "provider" ? sentAt.at : null,
    direction: fields.direction,
    channel: "email",
    providerMessageId: fields.ids.providerMessageId,
    lead: fields.lead,
    subject: boundedText(fields.subject, "subject"),
    body: fields.body.text,
    bodyTruncated: fields.body.truncated,
    sentAt: sentAt.at,
    sentAtSource: sentAt.source,
    providerContext: {
      campaignId: numericOrText(payload.campaign_id),
      statsId: payload.stats_id,
      messageId: fields.ids.messageId,
      statsThreadId: payload.stats_thread_id,
      leadMapId: payload.sl_email_lead_map_id,
      emailAccount: email(payload.from_email),
      sequenceNumber: payload.sequence_number,
      ...fields.extraContext,
    },
    senderExternalUserId: fields.senderExternalUserId,
    isAutoReply: false,
    ...timeWarnings(sentAt),
  };
}

function lead(payload: SmartleadPayload, leadEmail: string | null): ParsedLeadIdentity {
  return {
    providerLeadId: payload.sl_email_lead_id,
    email: leadEmail,
    phone: null,
    name: boundedText(payload.to_name, "name"),
    linkedinUrl: null,
  };
}

function parseReply(payload: SmartleadPayload, rawBody: string, receivedAt: Date): ParseResult {
  const eventType = "EMAIL_REPLY";
  const timestamp = stampText(payload.event_timestamp) ?? stampText(payload.time_replied);
  const ids = identify(
    nonEmpty(payload.reply_message?.message_id) ?? nonEmpty(payload.message_id),
    payload.stats_id !== null && timestamp !== null ? `${payload.stats_id}:${timestamp}` : null,
    "reply",
  );
  if (typeof ids === "string") return rejectedEvent(rawBody, eventType, ids);
  const leadEmail = email(payload.leadCorrespondence?.targetLeadEmail, payload.sl_lead_email, payload.to_email);
  if (payload.sl_email_lead_id === null && leadEmail === null) {
    return rejectedEvent(rawBody, eventType, "no lead identity: sl_email_lead_id and the lead's email missing");
  }
  const replyFrom = email(payload.leadCorrespondence?.replyReceivedFrom);
  const ours = repliedByOurSide(replyFrom, email(payload.from_email), leadEmail);
  return message(payload, receivedAt, {
    eventType,
    ids,
    direction: ours ? "outbound" : "inbound",
    lead: lead(payload, leadEmail),
    subject: payload.subject,
    body: bodyOf([
      { value: payload.reply_message?.html ?? payload.reply_body, html: true },
      { value: payload.reply_message?.text ?? payload.preview_text, html: false },
    ]),
    times: [payload.event_timestamp, payload.time_replied, payload.reply_message?.time],
    senderExternalUserId: ours ? replyFrom : null,
    extraContext: { replyReceivedFrom: replyFrom },
  });
}

function parseSent(payload: SmartleadPayload, rawBody: string, receivedAt: Date): ParseResult {
  const eventType = "EMAIL_SENT";
  const ids = identify(
    nonEmpty(payload.sent_message?.message_id) ?? nonEmpty(payload.message_id),
    payload.stats_id,
    "sent",
  );
  if (typeof ids === "string") return rejectedEvent(rawBody, eventType, ids);
  const leadEmail = email(payload.to_email, payload.sl_lead_email);
  if (payload.sl_email_lead_id === null && leadEmail === null) {
    return rejectedEvent(rawBody, eventType, "no lead identity: sl_email_lead_id and to_email missing");
  }
  return message(payload, receivedAt, {
    eventType,
    ids,
    direction: "outbound",
    lead: lead(payload, leadEmail),
    subject: payload.subject ?? payload.custom_subject,
    body: bodyOf([
      { value: payload.sent_message?.html ?? payload.sent_message_body ?? payload.custom_email_message, html: true },
      { value: payload.sent_message?.text, html: false },
    ]),
    times: [payload.event_timestamp, payload.time_sent, payload.sent_message?.time],
    senderExternalUserId: email(payload.from_email),
  });
}

export function parseSmartlead({ rawBody, receivedAt }: { rawBody: string; receivedAt: Date }): ParseResult {
  const json = parseJsonObject(rawBody);
  if (!json.ok) return rejectedEvent(rawBody, null, json.reason);
  const payload = smartleadPayloadSchema.parse(json.value);
  const eventType = nonEmpty(payload.event_type);
  if (eventType === null) {
    return payload.event !== undefined
      ? rejectedEvent(rawBody, null, "nested `event` shape is not supported (expected the flat event_type)")
      : rejectedEvent(rawBody, null, "event_type is missing");
  }
  if (eventType === "EMAIL_REPLY") return parseReply(payload, rawBody, receivedAt);
  if (eventType === "EMAIL_SENT") return parseSent(payload, rawBody, receivedAt);
  return ignoredEvent(rawBody, eventType, `event ${eventType} is not handled`);
}
