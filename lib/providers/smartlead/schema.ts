// SmartLead classic campaign webhooks, flat `event_type` shape (EMAIL_REPLY, EMAIL_SENT), as
// in the help-center "Response Structure" pages (help.smartlead.ai Threaded-Replies and
// Email-Sent, checked with the docs search): each deprecated field has a newer twin
// (`message_id` → `reply_message.message_id`, `reply_body` → `reply_message.html`,
// `preview_text` → `reply_message.text`, `time_replied`/`time_sent` → `event_timestamp`),
// and both generations are read. The docs list every field as "" while examples send
// numbers (`campaign_id`, `sl_email_lead_map_id`), so ids accept strings and numbers.
// Everything is optional here; each parser says which fields a message cannot do without.
import { z } from "zod";
import { numberish, optionalId, optionalText } from "@/lib/providers/payload-fields";

const emailPart = z
  .object({ message_id: optionalText, html: optionalText, text: optionalText, time: z.unknown().optional() })
  .nullish()
  .catch(null);

export const smartleadPayloadSchema = z.object({
  event_type: optionalText,
  // The nested shape of some api.smartlead.ai pages ("event": "EMAIL_REPLIED"), not modelled.
  event: z.unknown().optional(),
  secret_key: z.unknown().optional(),
  stats_id: optionalId,
  stats_thread_id: optionalId,
  sl_email_lead_id: optionalId,
  sl_email_lead_map_id: optionalId,
  sl_lead_email: optionalText,
  campaign_id: optionalId,
  client_id: optionalId,
  sequence_number: numberish,
  from_email: optionalText,
  to_email: optionalText,
  to_name: optionalText,
  subject: optionalText,
  custom_subject: optionalText,
  event_timestamp: z.unknown().optional(),
  time_replied: z.unknown().optional(),
  time_sent: z.unknown().optional(),
  message_id: optionalText,
  reply_body: optionalText,
  preview_text: optionalText,
  sent_message_body: optionalText,
  custom_email_message: optionalText,
  reply_message: emailPart,
  sent_message: emailPart,
  leadCorrespondence: z
    .object({ targetLeadEmail: optionalText, replyReceivedFrom: optionalText, repliedCompanyDomain: optionalText })
    .nullish()
    .catch(null),
});
export type SmartleadPayload = z.infer<typeof smartleadPayloadSchema>;
