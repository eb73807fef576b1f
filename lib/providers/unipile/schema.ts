// Unipile API v1 "New messages" webhook (source `messaging`), as documented at
// https://developer.unipile.com/docs/new-messages-webhook and the message object at
// https://developer.unipile.com/docs/message-payload (checked with the docs search):
// - the docs' example shows `attachments` as one object, a live capture shows an array:
//   both are accepted (the same for `attendees`);
// - `is_sender` is a boolean in webhooks but 0/1 in the REST message object, and other
//   fields arrive as "true"/"false" strings: all are read by `boolish`;
// - Unipile returns plain text ("does not support formatted text yet").
// Fields we only keep fall back to null on a wrong type; the ids a message cannot do
// without are strict, so a payload missing them is rejected with a clear reason.
import { z } from "zod";
import { MAX_ID_LENGTH, boolish, optionalId, optionalText } from "@/lib/providers/payload-fields";

const requiredId = (field: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is missing` : `${field} must be a string`) })
    .trim()
    .min(1, `${field} is empty`)
    .max(MAX_ID_LENGTH, `${field} is too long`);

export const unipileAttendeeSchema = z.object({
  attendee_id: optionalId,
  attendee_name: optionalText,
  attendee_provider_id: optionalId,
  attendee_profile_url: optionalText,
});
export type UnipileAttendee = z.infer<typeof unipileAttendeeSchema>;

const attachmentSchema = z.object({ id: optionalId, type: optionalText, mimetype: optionalText });

// One object (docs example) or a list (live capture); anything else counts as none.
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(item), item.transform((one) => [one])])
    .nullish()
    .catch(null)
    .transform((list) => (list ?? []) as z.output<T>[]);

/** Just enough of any delivery to route it: which event, which account type. */
export const unipileEnvelopeSchema = z.object({
  event: optionalText,
  account_type: optionalText,
  account_info: z.object({ type: optionalText, user_id: optionalId }).nullish().catch(null),
  // Account status webhooks carry no `event`: `account_status` (capture) or `AccountStatus` (docs).
  account_status: z.unknown().optional(),
  AccountStatus: z.unknown().optional(),
  // The v2 API's envelope ({ type: "message.new", payload }) — not modelled, see SOURCES.md.
  type: optionalText,
});

export const unipileMessageSchema = z.object({
  account_id: requiredId("account_id"),
  chat_id: requiredId("chat_id"),
  message_id: requiredId("message_id"),
  timestamp: z.unknown().optional(),
  message: z.string({ error: "message must be text" }).nullish(),
  subject: optionalText,
  sender: unipileAttendeeSchema.nullish().catch(null),
  attendees: oneOrMany(unipileAttendeeSchema),
  attachments: oneOrMany(attachmentSchema),
  is_sender: boolish,
  is_group: boolish,
  account_info: z.object({ user_id: optionalId }).nullish().catch(null),
  provider_message_id: optionalId,
  provider_chat_id: optionalId,
});
export type UnipileMessagePayload = z.infer<typeof unipileMessageSchema>;
