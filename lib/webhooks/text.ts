// Message text as every adapter stores it: HTML mail turned into readable plain text,
// then capped in UTF-8 bytes so one huge authentic email (a 2 MB inline screenshot) is
// still stored — its words, marked truncated — instead of being lost or bloating the table.
import { convert } from "html-to-text";

/** Message.body cap: 64 KiB of UTF-8. Longer text is cut on a character boundary and flagged. */
export const MESSAGE_TEXT_CAP_BYTES = 64 * 1024;

// html-to-text works on the whole input; a body larger than this is cut before parsing
// (the text we keep is at most 64 KiB anyway, and inline data: images are most of such mail).
const HTML_INPUT_CAP_CHARS = 4 * 1024 * 1024;

export type CappedText = { text: string; truncated: boolean };

/** Does this body look like HTML (a tag), rather than plain text with a stray "<"? */
export function looksLikeHtml(value: string): boolean {
  return /<(?:[a-z][a-z0-9]*)(?:\s[^>]*)?\/?>/i.test(value) || /<\/[a-z][a-z0-9]*>/i.test(value);
}

/** HTML → plain text: no wrapping, images skipped (data: URIs), link targets dropped. */
export function htmlToPlainText(html: string): string {
  const input = html.length > HTML_INPUT_CAP_CHARS ? html.slice(0, HTML_INPUT_CAP_CHARS) : html;
  return convert(input, {
    wordwrap: false,
    limits: { maxInputLength: HTML_INPUT_CAP_CHARS },
    selectors: [
      { selector: "img", format: "skip" },
      { selector: "style", format: "skip" },
      { selector: "script", format: "skip" },
      { selector: "a", options: { ignoreHref: true } },
    ],
  }).trim();
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function capText(text: string, maxBytes: number = MESSAGE_TEXT_CAP_BYTES): CappedText {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return { text, truncated: false };
  const bytes = Buffer.from(text, "utf8");
  let end = maxBytes;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so the cut lands on a character start.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString("utf8"), truncated: true };
}

/**
 * The stored text of a message body: HTML (when `html` says so, or it looks like HTML)
 * becomes plain text; the result is capped. `truncated` is true when text was cut or the
 * HTML source itself was over the cap.
 */
export function messageText(
  body: string | null | undefined,
  options: { html?: boolean; maxBytes?: number } = {},
): CappedText {
  const raw = body ?? "";
  const maxBytes = options.maxBytes ?? MESSAGE_TEXT_CAP_BYTES;
  const html = options.html ?? looksLikeHtml(raw);
  const text = html ? htmlToPlainText(raw) : raw.trim();
  const capped = capText(text, maxBytes);
  // An HTML source over the cap (inline images, a long quoted thread) is only partly kept even
  // when its text fits: flagged, so readers know the provider holds more than we stored.
  const oversizedSource = html && Buffer.byteLength(raw, "utf8") > maxBytes;
  return { text: capped.text, truncated: capped.truncated || oversizedSource };
}
