// Building blocks the send adapters share: reading ids from a stored reply context (JSON of
// unknown shape, written by the webhook parsers), the email body and subject of a reply, and
// a provider's error text cut down to something safe and short enough to show a setter.
import type { RepliedMessage } from "./send-adapter";

const MAX_REASON_LENGTH = 300;

function field(context: unknown, key: string): unknown {
  if (context === null || typeof context !== "object" || Array.isArray(context)) return undefined;
  return (context as Record<string, unknown>)[key];
}

/** A non-empty string field of the context, trimmed; else null. */
export function contextText(context: unknown, key: string): string | null {
  const value = field(context, key);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** An id stored as a string or a number (SmartLead's campaign_id), as text; else null. */
export function contextId(context: unknown, key: string): string | null {
  const value = field(context, key);
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return contextText(context, key);
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Plain text as simple HTML: escaped, blank lines → paragraphs, single newlines → <br>. */
export function textToEmailHtml(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${paragraph.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

/** The subject to send: the caller's, else "Re: " + the inbound's (kept as is when it already starts with Re:). */
export function replySubject(subject: string | null | undefined, inbound: RepliedMessage | null | undefined) {
  const own = subject?.trim();
  if (own) return own;
  const original = inbound?.subject?.trim();
  if (!original) return null;
  return /^re:/i.test(original) ? original : `Re: ${original}`;
}

function oneLine(text: string, secrets: readonly string[]): string {
  let line = text.replace(/\s+/g, " ").trim();
  for (const secret of secrets) if (secret) line = line.split(secret).join("[redacted]");
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 1)}…` : line;
}

function messageOf(body: unknown): string | null {
  if (typeof body === "string") return body;
  if (Array.isArray(body)) {
    const parts = body.map(messageOf).filter((part): part is string => part !== null);
    return parts.length > 0 ? parts.join("; ") : null;
  }
  if (body === null || typeof body !== "object") return null;
  const record = body as Record<string, unknown>;
  // Unipile: { title, detail, type }; GHL / Instantly: { message, error }; SmartLead: { error } or { error: { message } }.
  for (const key of ["detail", "message", "error", "msg", "title"]) {
    const found = messageOf(record[key]);
    if (found !== null && found.trim() !== "") return found;
  }
  return null;
}

/**
 * The provider's own words for a failure ("HTTP 400: contactId must be a string"), never
 * longer than a line, with any secret (the API key, which SmartLead carries in the URL)
 * blanked out.
 */
export function describeHttpFailure(status: number, bodyText: string, secrets: readonly string[]): string {
  let detail: string | null = null;
  try {
    detail = messageOf(JSON.parse(bodyText));
  } catch {
    detail = bodyText.trim() === "" || /^\s*</.test(bodyText) ? null : bodyText;
  }
  return oneLine(detail ? `HTTP ${status}: ${detail}` : `HTTP ${status}`, secrets);
}

/** A failure text of our own (a network error), cut and redacted the same way. */
export function safeReason(text: string, secrets: readonly string[]): string {
  return oneLine(text, secrets);
}
