// Fresh ids in each provider's own style, so a simulated delivery looks like a real one
// (and never collides with the demo's or an earlier simulation's).
import { randomBytes, randomInt, randomUUID } from "node:crypto";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `length` random letters and digits: GoHighLevel's 20-character ids. */
export function alphanumericId(length = 20): string {
  let id = "";
  for (let i = 0; i < length; i++) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return id;
}

/** Unipile's 22-character base64url-ish ids. */
export function unipileId(): string {
  return randomBytes(16).toString("base64url").slice(0, 22);
}

/** A UUID v7 (time-ordered, as Instantly's ids are). */
export function uuidV7(now: Date): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now.getTime(), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A v4 UUID. */
export function uuidV4(): string {
  return randomUUID();
}
