// Unipile `message_received` (LinkedIn) → a message, or why not.
//
// Decisions (see tests/fixtures/providers/unipile/SOURCES.md and the Unipile docs,
// checked with the docs search):
// - Unipile fires `message_received` for messages the account sends as well as receives
//   ("real-time notification on new messages, received or sent"): `is_sender` true is our
//   own message → outbound. Without `is_sender`, the sender is compared with
//   `account_info.user_id` (the connected account's LinkedIn id).
// - The lead is the sender of an inbound message, and the attendee who is not us on an
//   outbound one (in both fixtures `attendees` lists the participants other than the sender).
// - The lead's provider id is `attendee_provider_id` (LinkedIn's member id: stable, and the id
//   Unipile's send API takes), not `attendee_id` (Unipile's id of the chat attendee).
// - Dedupe by `message_id` (the message object's `id`: "can be used to prevent duplicate
//   entries"); retries (up to 5) resend it with a new `timestamp`.
// - Only LinkedIn is a channel here; other account types, group chats, other events and
//   account status pings (no `event` field) are ignored.
import { messageText } from "@/lib/webhooks/text";
import { resolveSentAt } from "@/lib/webhooks/timestamps";
import type { ParseResult, ParsedLeadIdentity } from "@/lib/providers/webhook-adapter";
import {
  boundedText,
  describeIssues,
  ignoredEvent,
  nonEmpty,
  parseJsonObject,
  rejectedEvent,
  timeWarnings,
} from "@/lib/providers/payload-fields";
import {
  unipileEnvelopeSchema,
  unipileMessageSchema,
  type UnipileAttendee,
  type UnipileMessagePayload,
} from "@/lib/providers/unipile/schema";

const MESSAGE_EVENT = "message_received";

function identityOf(attendee: UnipileAttendee): ParsedLeadIdentity {
  return {
    providerLeadId: attendee.attendee_provider_id,
    email: null,
    phone: null,
    name: boundedText(attendee.attendee_name, "name"),
    linkedinUrl: nonEmpty(attendee.attendee_profile_url),
  };
}

/** Our own message? `is_sender` when sent, else the sender compared with the account's own id. */
function isOwnMessage(payload: UnipileMessagePayload): boolean | null {
  if (payload.is_sender !== null) return payload.is_sender;
  const ownId = payload.account_info?.user_id ?? null;
  const senderId = payload.sender?.attendee_provider_id ?? null;
  return ownId !== null && senderId !== null ? ownId === senderId : null;
}

function leadAttendee(payload: UnipileMessagePayload, outbound: boolean): UnipileAttendee | null {
  if (!outbound) return payload.sender ?? null;
  const ownIds = new Set([payload.account_info?.user_id, payload.sender?.attendee_provider_id].filter(Boolean));
  return payload.attendees.find((a) => a.attendee_provider_id !== null && !ownIds.has(a.attendee_provider_id)) ?? null;
}

// An attachment-only message has empty text; say what came so the thread shows something.
function attachmentsText(payload: UnipileMessagePayload): string {
  return payload.attachments
    .map((attachment) => `[attachment: ${attachment.mimetype ?? attachment.type ?? "file"}]`)
    .join("\n");
}

export function parseUnipile({ rawBody, receivedAt }: { rawBody: string; receivedAt: Date }): ParseResult {
  const json = parseJsonObject(rawBody);
  if (!json.ok) return rejectedEvent(rawBody, null, json.reason);

  const envelope = unipileEnvelopeSchema.parse(json.value);
  const event = nonEmpty(envelope.event);
  if (event === null) {
    if (envelope.account_status !== undefined || envelope.AccountStatus !== undefined) {
      return ignoredEvent(rawBody, "account_status", "account status update (no event field)");
    }
    if (envelope.type !== null && envelope.type !== undefined) {
      return rejectedEvent(rawBody, envelope.type, `Unipile v2 envelope (type ${envelope.type}) is not supported`);
    }
    return rejectedEvent(rawBody, null, "no event field");
  }
  if (event !== MESSAGE_EVENT) return ignoredEvent(rawBody, event, `event ${event} is not handled`);

  const accountType = nonEmpty(envelope.account_type) ?? nonEmpty(envelope.account_info?.type);
  if (accountType === null) return rejectedEvent(rawBody, event, "account_type is missing");
  if (accountType.toUpperCase() !== "LINKEDIN") {
    return ignoredEvent(rawBody, event, `account type ${accountType} is not handled (LinkedIn only)`);
  }

  const parsed = unipileMessageSchema.safeParse(json.value);
  if (!parsed.success) return rejectedEvent(rawBody, event, describeIssues(parsed.error));
  const payload = parsed.data;
  if (payload.is_group === true) return ignoredEvent(rawBody, event, "group chat (not a one-to-one lead thread)");

  const own = isOwnMessage(payload);
  if (own === null) {
    return rejectedEvent(rawBody, event, "cannot tell direction: no is_sender and no sender/account user id");
  }
  const attendee = leadAttendee(payload, own);
  const lead = attendee ? identityOf(attendee) : null;
  // LinkedIn leads have no email or phone here: the provider id is the only key a lead is found by.
  if (lead === null || lead.providerLeadId === null) {
    const whose = own ? "the other attendee" : "the sender";
    return rejectedEvent(rawBody, event, `no lead identity: ${whose} has no attendee_provider_id`);
  }

  const text = messageText(payload.message ?? "");
  const body = text.text === "" ? attachmentsText(payload) : text.text;
  const sentAt = resolveSentAt([payload.timestamp], receivedAt, "timestamp");
  return {
    kind: "message",
    eventType: event,
    dedupeKey: `message:${payload.message_id}`,
    occurredAt: sentAt.source === "provider" ? sentAt.at : null,
    direction: own ? "outbound" : "inbound",
    channel: "linkedin",
    providerMessageId: payload.message_id,
    lead,
    subject: boundedText(payload.subject, "subject"),
    body,
    bodyTruncated: text.truncated,
    sentAt: sentAt.at,
    sentAtSource: sentAt.source,
    providerContext: {
      chatId: payload.chat_id,
      accountId: payload.account_id,
      providerMessageId: payload.provider_message_id,
      providerChatId: payload.provider_chat_id,
    },
    senderExternalUserId: own ? (payload.sender?.attendee_provider_id ?? null) : null,
    isAutoReply: false,
    ...timeWarnings(sentAt),
  };
}
