// Instantly API v2 webhook payload (developer.instantly.ai/guides/webhook-events, checked
// with the docs search): base fields `timestamp, event_type, workspace, campaign_id,
// campaign_name`; optional `lead_email, email_account, unibox_url, step, variant, is_first,
// email_id, email_subject/text/html, reply_text_snippet, reply_subject/text/html`; "additional
// lead data fields from your database may appear as extra keys" (a real capture shows
// `email`, `firstName`, `lastName`, `phone`, custom variables). There is no lead id and no
// event id. Fields we only keep fall back to null on a wrong type (the wrong-types fixture:
// numeric campaign_id, "1" for step); `email_id` — the dedupe key and the reply path's
// `reply_to_uuid` — is strict.
import { z } from "zod";
import { MAX_ID_LENGTH, numberish, optionalId, optionalText } from "@/lib/providers/payload-fields";

export const instantlyPayloadSchema = z.object({
  event_type: optionalText,
  timestamp: z.unknown().optional(),
  workspace: optionalId,
  campaign_id: optionalId,
  email_id: z
    .string({ error: "email_id must be a string" })
    .trim()
    .max(MAX_ID_LENGTH, "email_id is too long")
    .nullish()
    .transform((value) => (value === "" || value === undefined ? null : value)),
  lead_email: optionalText,
  email_account: optionalText,
  unibox_url: optionalText,
  step: numberish,
  variant: numberish,
  email_subject: optionalText,
  email_text: optionalText,
  email_html: optionalText,
  reply_subject: optionalText,
  reply_text: optionalText,
  reply_html: optionalText,
  reply_text_snippet: optionalText,
  // Merged lead data (shape of the live capture; snake_case seen in third-party handlers).
  email: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  first_name: optionalText,
  last_name: optionalText,
  phone: optionalText,
});
export type InstantlyPayload = z.infer<typeof instantlyPayloadSchema>;
