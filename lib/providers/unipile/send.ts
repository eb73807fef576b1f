// Unipile (API v1, LinkedIn): POST {dsn}/api/v1/chats/{chat_id}/messages ("Send a message in
// a chat"). The base URL is the account's DSN (https://apiX.unipile.com:PORT), different per
// Unipile account, so there is no default: a live connection must have apiBaseUrl set.
//
// Checked with the docs search against developer.unipile.com (docs/send-messages, reference/
// chatscontroller_sendmessageinchat, docs/provider-limits-and-restrictions, v2.0 rate-limits):
// - Header X-API-KEY; body multipart/form-data: text (required), account_id (optional:
//   "prevents sending messages in chats not belonging to the account": the webhook's
//   account_id, else the connection's account). quote_id, attachments, ... are not used.
// - 201: { "object": "MessageSent", "message_id": "<Unipile message id>" }: the id the
//   message_received echo (is_sender) carries as message_id.
// - Errors: { title, detail, type ("errors/..."), status }.
// - Limits: Unipile enforces per-account limits configured in its dashboard (429,
//   type api/too_many_requests); LinkedIn's own limits surface as 429 *or 500*. Unipile
//   recommends spacing LinkedIn actions at random ~1 minute apart during working hours: that
//   is the budget given here.
import { randomUUID } from "node:crypto";
import { contextText } from "@/lib/providers/send-fields";
import { defineSendAdapter, type PreparedRequest, type SendInput } from "@/lib/providers/send-request";

/**
 * multipart/form-data of plain text fields, built by hand: fetch's FormData rewrites every
 * line break in a value to CRLF (the HTML form encoding rules), and the lead should get the
 * text exactly as written.
 */
function multipart(fields: Record<string, string>): { contentType: string; body: Uint8Array<ArrayBuffer> } {
  const values = Object.values(fields).join("\n");
  let boundary = `leadclock-${randomUUID()}`;
  while (values.includes(boundary)) boundary = `leadclock-${randomUUID()}`;
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: new TextEncoder().encode(`${parts.join("")}--${boundary}--\r\n`),
  };
}

function buildRequest(input: SendInput): PreparedRequest | { reject: string } {
  const chatId = contextText(input.context, "chatId");
  if (!chatId) return { reject: "no Unipile chat_id in the reply context" };
  const form = multipart({
    text: input.text,
    account_id: contextText(input.context, "accountId") ?? input.connection.externalAccountId,
  });
  return {
    path: `/api/v1/chats/${encodeURIComponent(chatId)}/messages`,
    headers: { "X-API-KEY": input.apiKey, Accept: "application/json", "Content-Type": form.contentType },
    body: form.body,
  };
}

export const unipileSendAdapter = defineSendAdapter({
  provider: "UNIPILE",
  channels: ["linkedin"],
  defaultBaseUrl: null,
  baseUrlSuffix: /\/api\/v1$/,
  rateLimit: {
    limits: [{ requests: 1, windowMs: 60_000 }],
    scope: "per LinkedIn account (a recommendation: space sends at random, about a minute apart)",
    source: "https://developer.unipile.com/docs/provider-limits-and-restrictions",
  },
  defaultRetryAfterMs: 60_000,
  buildRequest,
  readSuccess(body) {
    const id = (body as { message_id?: unknown } | null)?.message_id;
    return { providerMessageId: typeof id === "string" && id.trim() !== "" ? id.trim() : null };
  },
});
