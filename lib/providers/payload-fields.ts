// Building blocks the Unipile, SmartLead and Instantly parsers share: reading the raw body
// as a JSON object, zod field types tolerant of the variants the providers really send
// (numbers for ids, 0/1 and "true" for booleans), and the ignored/rejected results.
// Fields we merely keep (`optional*`) fall back to null on a wrong type instead of
// rejecting a lead's reply; the fields a message cannot do without are checked strictly
// by each parser, with a reason that says what was wrong.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ResolvedTime } from "@/lib/webhooks/timestamps";
import type { IgnoredEvent, RejectedEvent } from "@/lib/providers/webhook-adapter";

/**
 * Ids end up in unique btree indexes (Message.*MessageId, WebhookEvent dedupe key), whose
 * entries cannot exceed ~2.7 kB: a longer "id" would fail the insert, so it is refused here.
 */
export const MAX_ID_LENGTH = 500;
// RFC 5321: an address is at most 254 characters; longer is not an address.
const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 300;
const MAX_SUBJECT_LENGTH = 1000;

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

export type JsonObjectResult = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

/** The raw body as a JSON object, whatever Content-Type claimed (Unipile sends JSON as form-urlencoded). */
export function parseJsonObject(rawBody: string): JsonObjectResult {
  let value: unknown;
  try {
    value = JSON.parse(rawBody.charCodeAt(0) === 0xfeff ? rawBody.slice(1) : rawBody);
  } catch {
    return { ok: false, reason: "body is not valid JSON" };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, reason: "body is not a JSON object" };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** Trimmed non-empty text, else null. */
export function nonEmpty(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** Text we keep but do not need: a wrong type becomes null. */
export const optionalText = z.string().nullish().catch(null);

/** An id sent as a string or a number (SmartLead's campaign_id, lead map id); too long or blank → null. */
export const optionalId = z
  .union([z.string(), z.number().finite()])
  .nullish()
  .catch(null)
  .transform((value) => {
    if (value === null || value === undefined) return null;
    const text = String(value).trim();
    return text === "" || text.length > MAX_ID_LENGTH ? null : text;
  });

/** A boolean as providers send it: true/false, 0/1, "true"/"false", "0"/"1"; anything else → null. */
export const boolish = z
  .unknown()
  .optional()
  .transform((value): boolean | null => {
    if (value === true || value === 1 || value === "true" || value === "1") return true;
    if (value === false || value === 0 || value === "false" || value === "0") return false;
    return null;
  });

/** A small whole number sent as a number or a numeric string (Instantly's step "1"); else null. */
export const numberish = z
  .unknown()
  .optional()
  .transform((value): number | null => {
    const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    return typeof number === "number" && Number.isSafeInteger(number) ? number : null;
  });

/** A name or subject, trimmed and bounded (they are displayed, never matched). */
export function boundedText(value: string | null | undefined, kind: "name" | "subject"): string | null {
  const text = nonEmpty(value);
  if (text === null) return null;
  return text.slice(0, kind === "name" ? MAX_NAME_LENGTH : MAX_SUBJECT_LENGTH);
}

/** Drops addresses longer than an address can be, before they reach the email index. */
export function boundedEmail(email: string | null): string | null {
  return email !== null && email.length <= MAX_EMAIL_LENGTH ? email : null;
}

/** The domain part of an address (lower-case), or null. */
export function emailDomain(email: string | null): string | null {
  if (email === null) return null;
  const at = email.lastIndexOf("@");
  return at < 0 ? null : email.slice(at + 1).toLowerCase();
}

/** First issues of a failed zod parse, as "path: message; …", for a rejected event's reason. */
export function describeIssues(error: z.ZodError, max = 3): string {
  return error.issues
    .slice(0, max)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

// Dedupe keys need no provider prefix: WebhookEvent is unique per (provider, dedupeKey) and
// the pipeline prefixes Message.webhookDedupeKey with the provider itself.
// Ignored and rejected events carry no id of their own worth trusting; a hash of the raw
// body makes an identical retry a duplicate while distinct deliveries stay distinct.
export function ignoredEvent(rawBody: string, eventType: string | null, reason: string): IgnoredEvent {
  return { kind: "ignored", eventType, dedupeKey: `ignored:${sha256Hex(rawBody)}`, reason };
}

export function rejectedEvent(rawBody: string, eventType: string | null, reason: string): RejectedEvent {
  return { kind: "rejected", eventType, dedupeKey: `rejected:${sha256Hex(rawBody)}`, reason };
}

/** resolveSentAt's reason, as a parsed message's warnings (stored on the processed event). */
export function timeWarnings(time: ResolvedTime): { warnings?: string[] } {
  return time.reason ? { warnings: [time.reason] } : {};
}
