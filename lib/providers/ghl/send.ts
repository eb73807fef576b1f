// GoHighLevel: POST {base}/conversations/messages ("Send a new message").
//
// Checked against GitHub GoHighLevel/highlevel-api-docs @ 0af86a4, apps/conversations.json
// (operation send-a-new-message, SendMessageBodyDto / SendMessageResponseDto) and the
// marketplace.gohighlevel.com pages (docs search):
// - Headers: Authorization: Bearer <token>, Version: 2021-04-15 (the only allowed value).
// - SMS: { type: "SMS", contactId, message }. Email: { type: "Email", contactId, html,
//   subject, replyMessageId, threadId }. replyMessageId is "ID of message being replied to";
//   email replies are linked by *email* message id (GetEmailMessageResponseDto.replyToMessageId:
//   "email message Id of the reply to email"), so it is the inbound's emailMessageId. threadId
//   is "the message ID that contains multiple email messages in the thread": the inbound's
//   threadId (the webhook sends it; it equals emailMessageId on a thread's first email).
// - The current schema also lists subType and status as required; they are output fields
//   (status: delivered/failed/...), absent from the published examples and earlier revisions
//   (type + contactId only), so they are not sent.
// - 200: { conversationId, messageId, emailMessageId (Email only), msg }. messageId is the id
//   the OutboundMessage echo carries; emailMessageId is kept for the email echo, which may
//   carry only that.
// - Limits (marketplace docs "Rate Limits"): 100 requests / 10 s burst and 200,000 / day per
//   app per location (a Private Integration: per integration per location). Every answer
//   carries X-RateLimit-Max / -Remaining / -Interval-Milliseconds; a 429 has no documented
//   Retry-After, so the interval is the wait.
import { contextText, replySubject, textToEmailHtml } from "@/lib/providers/send-fields";
import { defineSendAdapter, type PreparedRequest, type SendInput } from "@/lib/providers/send-request";

export const GHL_SEND_API_VERSION = "2021-04-15";
// The same host as GHL_DEFAULT_BASE_URL (post-processing); kept here so providers depend on nothing above them.
const GHL_API_BASE_URL = "https://services.leadconnectorhq.com";
const BURST_WINDOW_MS = 10_000;

function buildRequest(input: SendInput): PreparedRequest | { reject: string } {
  const contactId = contextText(input.context, "contactId") ?? input.lead.providerLeadId?.trim() ?? null;
  if (!contactId) return { reject: "no GoHighLevel contactId in the reply context or on the lead" };
  let body: Record<string, string>;
  if (input.channel === "sms") {
    body = { type: "SMS", contactId, message: input.text };
  } else {
    body = { type: "Email", contactId, html: textToEmailHtml(input.text) };
    const subject = replySubject(input.subject, input.inbound);
    if (subject) body.subject = subject;
    const emailMessageId = contextText(input.context, "emailMessageId");
    const threadId = contextText(input.context, "threadId") ?? emailMessageId;
    if (emailMessageId) body.replyMessageId = emailMessageId;
    if (threadId) body.threadId = threadId;
  }
  return {
    path: "/conversations/messages",
    headers: {
      Authorization: `Bearer ${input.apiKey}`,
      Version: GHL_SEND_API_VERSION,
      Accept: "application/json",
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  };
}

const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);

export const ghlSendAdapter = defineSendAdapter({
  provider: "GHL",
  channels: ["sms", "email"],
  defaultBaseUrl: GHL_API_BASE_URL,
  rateLimit: {
    limits: [
      { requests: 100, windowMs: BURST_WINDOW_MS },
      { requests: 200_000, windowMs: 24 * 60 * 60 * 1000 },
    ],
    scope: "per location (sub-account)",
    source: "https://marketplace.gohighlevel.com/docs/other/rate-limits",
  },
  defaultRetryAfterMs: BURST_WINDOW_MS,
  buildRequest,
  readSuccess(body) {
    const record = body !== null && typeof body === "object" ? (body as Record<string, unknown>) : {};
    return {
      // As the webhook parser keys Message.ghlMessageId: messageId, else emailMessageId.
      providerMessageId: text(record.messageId) ?? text(record.emailMessageId),
      providerContext: {
        conversationId: text(record.conversationId),
        ...(text(record.emailMessageId) ? { emailMessageId: text(record.emailMessageId) } : {}),
      },
    };
  },
  rateLimitHintMs(headers) {
    // Out of burst budget: the budget refills within one interval.
    if (headers.get("x-ratelimit-remaining")?.trim() !== "0") return null;
    const interval = Number(headers.get("x-ratelimit-interval-milliseconds"));
    return Number.isFinite(interval) && interval > 0 ? interval : null;
  },
});
