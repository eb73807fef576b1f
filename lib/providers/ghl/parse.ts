// GoHighLevel payload → ParseResult. InboundMessage / OutboundMessage on SMS or Email become
// messages; Appointment* become appointments (appointment-event.ts); every other event type
// (Contact*, ...) is `ignored`; an authentic
// message event we cannot use (no message id, no way to find the lead, wrong types) is
// `rejected` with its reason. Never throws for bad input.
import type { Channel } from "@/lib/channels";
import type { ParseResult, ParsedLeadIdentity } from "@/lib/providers/webhook-adapter";
import { parseEmailAddress } from "@/lib/webhooks/normalize-identity";
import { sha256Hex } from "@/lib/webhooks/raw-body";
import { messageText } from "@/lib/webhooks/text";
import { parseProviderTimestamp, resolveSentAt } from "@/lib/webhooks/timestamps";
import { GHL_APPOINTMENT_EVENTS, parseGhlAppointmentEvent } from "./appointment-event";
import { ghlMessageEventSchema, stringField, unwrapEnvelope, type GhlMessageEvent } from "./schema";

const MESSAGE_EVENTS = new Set(["InboundMessage", "OutboundMessage"]);

/**
 * The delivery's identity: GoHighLevel's `webhookId` when present (a retry repeats it, and the
 * docs say a repeated webhookId is a replay to refuse), else messageId, else emailMessageId
 * (SOURCES.md), else the body's hash. The message itself is deduplicated separately by its
 * provider message id (Message.ghlMessageId), so the same message under a new webhookId joins
 * the existing row instead of adding one.
 */
function dedupeKeyOf(payload: Record<string, unknown>, rawBody: string, eventType: string | null): string {
  // Only a message event may fall back to the message id: another event type about the same
  // message (ProviderOutboundMessage, a status update) would otherwise take its key and make
  // the message event a "duplicate".
  const messageIds = eventType && MESSAGE_EVENTS.has(eventType);
  return (
    stringField(payload, "webhookId") ??
    (messageIds ? (stringField(payload, "messageId") ?? stringField(payload, "emailMessageId")) : null) ??
    `sha256:${sha256Hex(rawBody)}`
  );
}

function channelOf(event: GhlMessageEvent): Channel | null {
  // "SMS"/"Email" in the webhook docs; the conversations API spells the same field "TYPE_SMS"/"TYPE_EMAIL".
  const type = String(event.messageType ?? "")
    .toLowerCase()
    .replace(/^type_/, "");
  const typeString = (event.messageTypeString ?? "").toUpperCase();
  if (type === "sms" || typeString === "TYPE_SMS") return "sms";
  if (type === "email" || typeString === "TYPE_EMAIL") return "email";
  return null;
}

function firstAddress(value: GhlMessageEvent["to"]): string | null {
  if (Array.isArray(value)) return value.find((entry) => entry.trim() !== "") ?? null;
  return value ?? null;
}

/** The lead is the other party: the sender of an inbound, the recipient of an outbound. */
function leadOf(event: GhlMessageEvent, channel: Channel, inbound: boolean): ParsedLeadIdentity {
  const counterpart = inbound ? (event.from ?? null) : firstAddress(event.to);
  const address = channel === "email" ? parseEmailAddress(counterpart) : { name: null, email: null };
  return {
    providerLeadId: event.contactId ?? null,
    email: address.email,
    phone: channel === "sms" ? counterpart : null,
    name: address.name,
    linkedinUrl: null,
  };
}

export function parseGhlEvent(args: { rawBody: string; receivedAt: Date }): ParseResult {
  let decoded: unknown;
  try {
    decoded = JSON.parse(args.rawBody);
  } catch {
    const dedupeKey = `sha256:${sha256Hex(args.rawBody)}`;
    return { kind: "rejected", eventType: null, dedupeKey, reason: "body is not JSON" };
  }
  if (decoded === null || typeof decoded !== "object" || Array.isArray(decoded)) {
    const dedupeKey = `sha256:${sha256Hex(args.rawBody)}`;
    return { kind: "rejected", eventType: null, dedupeKey, reason: "body is not a JSON object" };
  }
  const payload = unwrapEnvelope(decoded as Record<string, unknown>);
  const eventType = stringField(payload, "type");
  const dedupeKey = dedupeKeyOf(payload, args.rawBody, eventType);
  if (eventType && GHL_APPOINTMENT_EVENTS.has(eventType))
    return parseGhlAppointmentEvent({ payload, eventType, dedupeKey });
  if (!eventType || !MESSAGE_EVENTS.has(eventType)) {
    const reason = eventType ? `event type ${eventType} is not handled` : "no event type";
    return { kind: "ignored", eventType, dedupeKey, reason };
  }

  const parsed = ghlMessageEventSchema.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
    return { kind: "rejected", eventType, dedupeKey, reason: `invalid ${eventType}: ${issues.join("; ")}` };
  }
  const event = parsed.data;
  const channel = channelOf(event);
  if (!channel) {
    const shown = event.messageType ?? event.messageTypeString ?? "none";
    return { kind: "ignored", eventType, dedupeKey, reason: `message type ${shown} is not SMS or Email` };
  }
  const providerMessageId = event.messageId ?? event.emailMessageId ?? null;
  if (!providerMessageId) {
    return { kind: "rejected", eventType, dedupeKey, reason: "no messageId or emailMessageId" };
  }
  // Trust the event type, not `direction` (the OutboundMessage doc example says "inbound").
  const inbound = eventType === "InboundMessage";
  const lead = leadOf(event, channel, inbound);
  if (!lead.providerLeadId && !lead.email && !lead.phone) {
    return { kind: "rejected", eventType, dedupeKey, reason: "no contactId, email or phone to find the lead by" };
  }

  const text = messageText(event.body, channel === "sms" ? { html: false } : {});
  const sent = resolveSentAt([event.dateAdded], args.receivedAt, "dateAdded");
  const providerContext: Record<string, string | null> = {
    contactId: event.contactId ?? null,
    conversationId: event.conversationId ?? null,
  };
  if (channel === "email") {
    providerContext.threadId = event.threadId ?? null;
    providerContext.emailMessageId = event.emailMessageId ?? null;
  }
  return {
    kind: "message",
    eventType,
    dedupeKey,
    occurredAt: parseProviderTimestamp(event.timestamp) ?? parseProviderTimestamp(event.dateAdded),
    direction: inbound ? "inbound" : "outbound",
    channel,
    providerMessageId,
    lead,
    subject: channel === "email" ? (event.subject?.trim() ?? null) || null : null,
    body: text.text,
    bodyTruncated: text.truncated,
    sentAt: sent.at,
    sentAtSource: sent.source,
    providerContext,
    senderExternalUserId: inbound ? null : (event.userId ?? null),
    isAutoReply: false,
    warnings: sent.reason ? [sent.reason] : [],
  };
}
