// What differs per provider on the webhook path, behind one interface. The shared
// pipeline (lib/webhooks/ingest.ts) reads the raw body once, finds the connection,
// asks the adapter to authenticate and parse, and stores the result in one transaction.
// Adapters are pure: no database, no clock of their own (`receivedAt` is passed in).
import type { KeyObject } from "node:crypto";
import type { Channel } from "@/lib/channels";
import type { ConnectionMode, Provider } from "@/lib/generated/prisma/enums";
import type { ProviderAppointment } from "./provider-appointment";

/** Lower-cased header names → values, as received. */
export type WebhookHeaders = Readonly<Record<string, string>>;

/** The connection a delivery is for, with its secrets decrypted (never leaves the server). */
export type ConnectionForWebhook = {
  id: string;
  clientId: string;
  provider: Provider;
  externalAccountId: string;
  mode: ConnectionMode;
  /** Current webhook secret and, during a rotation's grace period, the previous one. */
  webhookSecrets: readonly string[];
};

export type AuthResult = { ok: true } | { ok: false; reason: string };

/**
 * Configuration an adapter may need, resolved once in the route layer from the environment
 * (docs/conventions.md) and passed down; adapters never read process.env.
 */
export type WebhookAdapterConfig = {
  /** GoHighLevel's signing keys (GHL_WEBHOOK_ED25519_PUBLIC_KEY / GHL_WEBHOOK_RSA_PUBLIC_KEY or the published ones). */
  ghl: { ed25519PublicKey: KeyObject; rsaPublicKey: KeyObject };
  /** Signed timestamps further than this from the received time are refused (replay protection). */
  timestampToleranceMs: number;
};

/** Where the provider's own time of a message came from. */
export type TimeSource = "provider" | "received-fallback";

export type ParsedLeadIdentity = {
  /** The provider's id for the contact (GHL contactId, SmartLead lead id, Instantly lead id, Unipile attendee id). */
  providerLeadId: string | null;
  email: string | null;
  /** As the provider sent it; the pipeline normalizes to E.164. */
  phone: string | null;
  name: string | null;
  linkedinUrl: string | null;
};

export type ParsedMessage = {
  kind: "message";
  eventType: string;
  /** Unique per provider for this delivery (see docs/webhooks.md and SOURCES.md per provider). */
  dedupeKey: string;
  /** The provider's event time (for WebhookEvent.occurredAt), when it sent one. */
  occurredAt: Date | null;
  /** Decided by the event type, never by a `direction` field alone. */
  direction: "inbound" | "outbound";
  channel: Channel;
  /** The provider's message id (stored in Message.ghlMessageId / smartleadMessageId / instantlyEmailId / unipileMessageId). */
  providerMessageId: string;
  lead: ParsedLeadIdentity;
  subject: string | null;
  /** Plain text (HTML already turned into text), already capped. */
  body: string;
  bodyTruncated: boolean;
  sentAt: Date;
  sentAtSource: TimeSource;
  /** Stored as Message.providerContext: what the reply path needs (docs/webhooks.md / issue: reply context). */
  providerContext: Record<string, string | number | null>;
  /** For outbound: the provider's id of the human who sent it (mapped to a member, if any). */
  senderExternalUserId: string | null;
  /** An out-of-office / auto-reply the provider flagged (Instantly auto_reply_received). */
  isAutoReply: boolean;
  /**
   * Non-fatal problems worth keeping (e.g. "dateAdded unparseable; used the received time"),
   * stored as WebhookEvent.reason on a processed event. Optional: resolveSentAt's `reason` fits here.
   */
  warnings?: readonly string[];
};

/** An authentic event we do not act on (another event type, an account_status ping). */
export type IgnoredEvent = { kind: "ignored"; eventType: string | null; dedupeKey: string; reason: string };

/** Authentic but unusable (missing ids, wrong types): stored as `rejected`, answered 200. */
export type RejectedEvent = { kind: "rejected"; eventType: string | null; dedupeKey: string; reason: string };

/**
 * A booking change (GoHighLevel Appointment*, Calendly invitee.*): applied to the lead's
 * `appointment*` columns by lib/appointments/apply-appointment-event.ts (docs/bookings.md).
 */
export type ParsedAppointment = {
  kind: "appointment";
  eventType: string;
  dedupeKey: string;
  occurredAt: Date | null;
  appointment: ProviderAppointment;
  /** Who the appointment is for: GHL contactId (providerLeadId), Calendly invitee email / reminder phone. */
  lead: ParsedLeadIdentity;
  /** A non-fatal note (e.g. a naive time read as UTC), kept as WebhookEvent.reason; null when none. */
  reason: string | null;
};

export type ParseResult = ParsedMessage | ParsedAppointment | IgnoredEvent | RejectedEvent;

/** Message and appointment events act on a lead, so they need a connection (a workspace). */
export function actsOnLead(result: ParseResult): result is ParsedMessage | ParsedAppointment {
  return result.kind === "message" || result.kind === "appointment";
}

export type WebhookAdapter = {
  provider: Provider;
  /**
   * How a delivery finds its connection: GHL by the payload's locationId on one app-wide
   * URL; the others by the connection id in the URL path.
   */
  connectionBy: "path" | "payload-account";
  /** For connectionBy = "payload-account": the external account id in the body, or null. */
  accountIdOf?(rawBody: string): string | null;
  /** Constant-time, fails closed. Runs before anything is parsed or stored. */
  authenticate(args: {
    rawBody: Buffer;
    headers: WebhookHeaders;
    connection: ConnectionForWebhook;
    receivedAt: Date;
    /** Always passed by the pipeline; optional so adapters that need none can be called without it. */
    config?: WebhookAdapterConfig;
  }): AuthResult;
  /**
   * For connectionBy = "payload-account" with app-wide signing keys (GoHighLevel): authenticates
   * the delivery before its connection is looked up, so an unsigned body never reaches the
   * database. When present the pipeline calls this instead of `authenticate`.
   */
  authenticateApp?(args: {
    rawBody: Buffer;
    headers: WebhookHeaders;
    receivedAt: Date;
    config: WebhookAdapterConfig;
  }): AuthResult;
  /** zod-validated, tolerant of the documented variants; never throws for bad input. */
  parse(args: { rawBody: string; headers: WebhookHeaders; receivedAt: Date }): ParseResult;
  /** The headers worth keeping in WebhookEvent.headers (never a secret). */
  keptHeaders: readonly string[];
  /**
   * The raw body as the event log may keep it, for providers that put a secret in the body
   * (SmartLead's secret_key). The stored sha-256 is still of the body as received.
   */
  redactRawBody?(rawBody: string): string;
};
