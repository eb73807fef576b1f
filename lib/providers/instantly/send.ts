// Instantly (API v2): POST {base}/api/v2/emails/reply ("Reply to an email"), default base
// https://api.instantly.ai.
//
// Checked with the docs search against developer.instantly.ai (api-reference/email/
// reply-to-an-email, getting-started/rate-limit) and public clients of the same endpoint:
// - Authorization: Bearer <API key>; JSON body.
// - Required: eaccount (our sending mailbox: the webhook's email_account), reply_to_uuid (the
//   id of the email replied to: the webhook's email_id), subject, body { text?, html? }.
//   Both text and html are sent. cc/bcc_address_email_list are not used.
// - 200: the Email object: id (uuid; the id the email_sent echo carries as email_id),
//   message_id (RFC Message-ID), timestamp_email / timestamp_created, ...
// - Limits: per workspace, shared by API v1 and v2 and all of its keys: 100 / s and
//   6,000 / minute; over either → 429.
import { contextText, replySubject, textToEmailHtml } from "@/lib/providers/send-fields";
import { defineSendAdapter, type PreparedRequest, type SendInput } from "@/lib/providers/send-request";

function buildRequest(input: SendInput): PreparedRequest | { reject: string } {
  const eaccount = contextText(input.context, "emailAccount");
  const replyToUuid = contextText(input.context, "emailId");
  if (!replyToUuid) return { reject: "no Instantly email_id (reply_to_uuid) in the reply context" };
  if (!eaccount) return { reject: "no Instantly email_account (eaccount) in the reply context" };
  const subject = replySubject(input.subject, input.inbound);
  if (!subject) return { reject: "Instantly needs a subject: none given and the inbound has none" };
  return {
    path: "/api/v2/emails/reply",
    headers: {
      Authorization: `Bearer ${input.apiKey}`,
      Accept: "application/json",
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      eaccount,
      reply_to_uuid: replyToUuid,
      subject,
      body: { text: input.text, html: textToEmailHtml(input.text) },
    }),
  };
}

const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);

function time(value: unknown): Date | null {
  const at = typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? null : new Date(at);
}

export const instantlySendAdapter = defineSendAdapter({
  provider: "INSTANTLY",
  channels: ["email"],
  defaultBaseUrl: "https://api.instantly.ai",
  baseUrlSuffix: /\/api\/v2$/,
  rateLimit: {
    limits: [
      { requests: 100, windowMs: 1_000 },
      { requests: 6_000, windowMs: 60_000 },
    ],
    scope: "per workspace, all API keys and API v1 + v2 together",
    source: "https://developer.instantly.ai/getting-started/rate-limit",
  },
  defaultRetryAfterMs: 60_000,
  buildRequest,
  readSuccess(body) {
    const record = body !== null && typeof body === "object" ? (body as Record<string, unknown>) : {};
    return {
      providerMessageId: text(record.id),
      sentAt: time(record.timestamp_email) ?? time(record.timestamp_created),
      providerContext: { rfcMessageId: text(record.message_id) },
    };
  },
});
