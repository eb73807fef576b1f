// What of a raw body the event log keeps: up to RAW_BODY_CAP_BYTES of it (UTF-8), its full
// length and the sha-256 of all of it, so a capped row still proves what arrived. A capped
// (or NUL-bearing) body cannot be replayed: the replay CLI says so per event.
import { createHash } from "node:crypto";
import { capText } from "./text";

/** WebhookEvent.rawBody cap: 512 KiB. Bodies up to the 4 MiB hard cap are accepted; only this much is kept. */
export const RAW_BODY_CAP_BYTES = 512 * 1024;

export type StoredRawBody = {
  rawBody: string;
  rawBodyBytes: number;
  rawBodySha256: string;
  rawBodyTruncated: boolean;
};

export function sha256Hex(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function storedRawBody(
  body: Buffer,
  capBytes: number = RAW_BODY_CAP_BYTES,
  redact: (rawBody: string) => string = (rawBody) => rawBody,
): StoredRawBody {
  const text = redact(body.toString("utf8"));
  // PostgreSQL text cannot hold NUL; JSON never needs a raw one (it escapes as \u0000).
  const withoutNul = text.includes("\u0000") ? text.replace(/\u0000/g, "") : text;
  const capped = capText(withoutNul, capBytes);
  return {
    rawBody: capped.text,
    rawBodyBytes: body.byteLength,
    rawBodySha256: sha256Hex(body),
    rawBodyTruncated: capped.truncated || withoutNul !== text,
  };
}
