// Where each provider's ids live in our tables, and which post-process job its inbound
// messages get. One map per concern, typed by Provider so a new provider fails the typecheck.
import type { Channel } from "@/lib/channels";
import type { BackgroundJobType, Provider } from "@/lib/generated/prisma/enums";

/** Lead column holding the provider's contact id (unique per workspace). */
export const LEAD_ID_COLUMN = {
  GHL: "ghlContactId",
  SMARTLEAD: "smartleadLeadId",
  INSTANTLY: "instantlyLeadId",
  UNIPILE: "unipileAttendeeId",
  CALENDLY: null,
} as const satisfies Record<Provider, string | null>;

/** Message column holding the provider's message id (unique). */
export const MESSAGE_ID_COLUMN = {
  GHL: "ghlMessageId",
  SMARTLEAD: "smartleadMessageId",
  INSTANTLY: "instantlyEmailId",
  UNIPILE: "unipileMessageId",
  CALENDLY: null,
} as const satisfies Record<Provider, string | null>;

export type LeadIdColumn = NonNullable<(typeof LEAD_ID_COLUMN)[Provider]>;
export type MessageIdColumn = NonNullable<(typeof MESSAGE_ID_COLUMN)[Provider]>;

/** The post-process job of an inbound message, by provider and channel (null: none). */
export function postProcessJobType(provider: Provider, channel: Channel): BackgroundJobType | null {
  switch (provider) {
    case "GHL":
      return channel === "email" ? "EMAIL_INBOUND_POST_PROCESS" : "SMS_INBOUND_POST_PROCESS";
    case "UNIPILE":
      return "LINKEDIN_INBOUND_POST_PROCESS";
    case "SMARTLEAD":
      return "SMARTLEAD_INBOUND_POST_PROCESS";
    case "INSTANTLY":
      return "INSTANTLY_INBOUND_POST_PROCESS";
    case "CALENDLY":
      return null;
  }
}

/** Message.webhookDedupeKey is unique across providers, so it carries the provider. */
export function messageDedupeKey(provider: Provider, dedupeKey: string): string {
  return `${provider.toLowerCase()}:${dedupeKey}`;
}
