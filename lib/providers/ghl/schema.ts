// The GoHighLevel message webhooks we act on (InboundMessage / OutboundMessage), as zod
// schemas tolerant of the documented variants (SOURCES.md): `messageId` may be missing (email
// events carry emailMessageId + threadId), email `to` is an array in the examples but a string
// in the schema, `webhookId`/`timestamp` are optional, unknown fields pass through. Some docs
// wrap the event as { type, timestamp, webhookId, data: {...} }; unwrapEnvelope flattens that.
import { z } from "zod";

const id = z.string().trim().min(1);
// Blank is absent: an automation's OutboundMessage may carry userId "" and must not be rejected for it.
const optionalId = z
  .string()
  .trim()
  .nullish()
  .transform((value) => value || null);
const optionalText = z.string().nullish();

export const ghlMessageEventSchema = z
  .object({
    type: z.enum(["InboundMessage", "OutboundMessage"]),
    locationId: id,
    messageType: z.union([z.string(), z.number()]).nullish(),
    messageTypeString: z.string().nullish(),
    messageId: optionalId,
    emailMessageId: optionalId,
    threadId: optionalId,
    contactId: optionalId,
    conversationId: optionalId,
    conversationProviderId: optionalId,
    userId: optionalId,
    body: optionalText,
    subject: optionalText,
    contentType: optionalText,
    from: optionalText,
    to: z.union([z.string(), z.array(z.string())]).nullish(),
    direction: optionalText,
    dateAdded: z.unknown(),
    timestamp: z.unknown(),
    webhookId: optionalId,
  })
  .loose();

export type GhlMessageEvent = z.infer<typeof ghlMessageEventSchema>;

/** Flattens the generic `{ type, timestamp, webhookId, data }` envelope onto the event's own fields. */
export function unwrapEnvelope(payload: Record<string, unknown>): Record<string, unknown> {
  const data = payload.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) return payload;
  const { data: _data, ...envelope } = payload;
  return { ...(data as Record<string, unknown>), ...envelope };
}

/** A field as a non-empty string, for keys read before (or without) schema validation. */
export function stringField(payload: Record<string, unknown>, key: string): string | null {
  const value = payload[key];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}
