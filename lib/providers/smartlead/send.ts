// SmartLead: POST {base}/api/v1/campaigns/{campaign_id}/reply-email-thread?api_key=<key>
// ("Reply to lead from master inbox"), default base https://server.smartlead.ai.
//
// Checked with the docs search against api.smartlead.ai (api-reference/campaigns/reply-email-thread,
// api-reference/inbox/reply, guides/rate-limits) and the older help-center "Full API
// Documentation" (as copied in public repos):
// - The API key goes in the query string (SmartLead has no header auth); it is redacted from
//   every reason we return.
// - Body: email_stats_id (required; the inbound's stats_id), email_body (required; HTML),
//   reply_message_id (the Message-ID replied to), reply_email_time and reply_email_body (the
//   replied-to email's time and body). The current reference marks only the first two
//   required; the older page marks all five, so all five are sent whenever we know them.
//   cc, bcc, to_email (defaults to the lead), add_signature, scheduled_time are not used.
// - campaign_id is an integer path parameter.
// - 200: { "success": true, "message": "Reply sent successfully" } (older: { "ok": true,
//   "data": "success" }): no message id, so a local id stands in (idSource "local").
// - Limits (guides/rate-limits): per API key, across all endpoints: 60 / minute and 10 / s
//   burst on Standard (Pro 120 / minute); 429 with Retry-After (seconds),
//   X-RateLimit-Reset (epoch seconds) and { error: { retry_after } } in the body.
import { contextId, contextText, textToEmailHtml } from "@/lib/providers/send-fields";
import { defineSendAdapter, type PreparedRequest, type SendInput } from "@/lib/providers/send-request";

function buildRequest(input: SendInput): PreparedRequest | { reject: string } {
  const campaignId = contextId(input.context, "campaignId");
  const statsId = contextId(input.context, "statsId");
  if (!campaignId) return { reject: "no SmartLead campaign_id in the reply context" };
  if (!/^\d{1,15}$/.test(campaignId)) return { reject: `SmartLead campaign_id ${campaignId} is not a number` };
  if (!statsId) return { reject: "no SmartLead stats_id (email_stats_id) in the reply context" };
  const body: Record<string, string> = { email_stats_id: statsId, email_body: textToEmailHtml(input.text) };
  const messageId = contextText(input.context, "messageId");
  if (messageId) body.reply_message_id = messageId;
  if (input.inbound) {
    body.reply_email_time = input.inbound.sentAt.toISOString();
    if (input.inbound.body) body.reply_email_body = textToEmailHtml(input.inbound.body);
  }
  return {
    path: `/api/v1/campaigns/${campaignId}/reply-email-thread`,
    query: { api_key: input.apiKey },
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
}

export const smartleadSendAdapter = defineSendAdapter({
  provider: "SMARTLEAD",
  channels: ["email"],
  defaultBaseUrl: "https://server.smartlead.ai",
  baseUrlSuffix: /\/api\/v1$/,
  rateLimit: {
    limits: [
      { requests: 10, windowMs: 1_000 },
      { requests: 60, windowMs: 60_000 },
    ],
    scope: "per API key, all endpoints together (Standard plan; Pro: 120 / minute)",
    source: "https://api.smartlead.ai/guides/rate-limits",
  },
  defaultRetryAfterMs: 60_000,
  localIdPrefix: "smartlead-local",
  buildRequest,
  readSuccess(body) {
    const record = body !== null && typeof body === "object" ? (body as Record<string, unknown>) : {};
    if (record.success === false || record.ok === false) {
      const said = typeof record.message === "string" ? record.message : "the answer says the reply was not sent";
      return { failed: `SmartLead: ${said.slice(0, 200)}` };
    }
    return { providerMessageId: null };
  },
  rateLimitHintMs(_headers, body) {
    const error = (body as { error?: { retry_after?: unknown } } | null)?.error;
    const raw = error?.retry_after;
    const seconds = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
    return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
  },
});
