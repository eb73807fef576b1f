// What differs per provider on the send path, behind one interface. An adapter is a thin
// typed client over fetch: it checks that the reply context it needs is there (before any
// request), makes exactly one HTTP request with a timeout, and maps the answer to a
// SendResult. It never retries and never writes anything: recording the intent, the
// rate-limit budget and reconciling an unknown outcome belong to the callers (docs/sending.md:
// provider send APIs have no idempotency keys, so a send is at most once).
// The shared request/answer mapping is lib/providers/send-request.ts; docs/sending.md.
import type { Channel } from "@/lib/channels";
import type { ConnectionMode, Provider } from "@/lib/generated/prisma/enums";

export const SEND_PROVIDERS = ["GHL", "SMARTLEAD", "INSTANTLY", "UNIPILE"] as const satisfies readonly Provider[];
export type SendProvider = (typeof SEND_PROVIDERS)[number];

export function isSendProvider(provider: Provider): provider is SendProvider {
  return (SEND_PROVIDERS as readonly Provider[]).includes(provider);
}

/** A send waits at most this long for the provider's answer unless the caller says otherwise. */
export const DEFAULT_SEND_TIMEOUT_MS = 10_000;

/** The connection to send through, its API key already decrypted (loadConnectionSecrets; server only). */
export type SendConnection = {
  id: string;
  provider: Provider;
  mode: ConnectionMode;
  /** Required for a live send. */
  apiKey: string | null;
  /** The connection's own API host, else the adapter's default. Unipile has no default: it is the account's DSN. */
  apiBaseUrl: string | null;
  externalAccountId: string;
};

export type SendLead = {
  email: string | null;
  phone: string | null;
  name?: string | null;
  /** The provider's id of the contact (GoHighLevel contactId), used when the context has none. */
  providerLeadId?: string | null;
};

/** The inbound being answered, for providers that quote or thread on it. */
export type RepliedMessage = {
  sentAt: Date;
  /** Plain text as stored in Message.body. */
  body: string | null;
  subject: string | null;
};

export type SendArgs = {
  connection: SendConnection;
  lead: SendLead;
  /** The answered inbound's Message.providerContext, as stored (JSON; null when it has none). */
  context: unknown;
  channel: Channel;
  /** Plain text as typed or drafted; email adapters turn it into simple HTML. */
  text: string;
  /** Email only. Defaults to "Re: " + the inbound's subject. */
  subject?: string | null;
  /** SmartLead quotes it (reply_email_time / reply_email_body); the email adapters take its subject. */
  inbound?: RepliedMessage | null;
  /** The caller's signal (a job's deadline): aborting it abandons the request. */
  signal?: AbortSignal;
  /** For the whole exchange: connect, send, answer. Default DEFAULT_SEND_TIMEOUT_MS. */
  timeoutMs?: number;
  /** The clock; sentAt comes from it unless the provider answers with its own send time. */
  now?: () => Date;
};

export type SendSuccess = {
  ok: true;
  providerMessageId: string;
  /**
   * provider: the provider's own id, which its echo webhook carries too. local: the provider
   * answered without an id (SmartLead), so a generated one stands in and the echo cannot be
   * joined by id. sandbox: nothing was sent.
   */
  idSource: "provider" | "local" | "sandbox";
  sentAt: Date;
  /** Ids worth keeping on the outbound Message.providerContext (e.g. GoHighLevel emailMessageId). */
  providerContext: Record<string, string | null>;
};

export type SendFailure =
  /** 429: nothing was sent; try again after retryAfterMs. */
  | { ok: false; kind: "rate-limited"; retryAfterMs: number; reason: string }
  /** A 4xx a retry cannot fix, or the send could not be built (status null, no request made). */
  | { ok: false; kind: "rejected"; status: number | null; reason: string }
  /** Not sent: 5xx, could not connect, or cancelled before the request was written. Safe to retry. */
  | { ok: false; kind: "unavailable"; status: number | null; reason: string }
  /** The request may have reached the provider but no usable answer came back. Never retry blindly. */
  | { ok: false; kind: "unknown-outcome"; reason: string };

export type SendResult = SendSuccess | SendFailure;

/** A documented (or recommended) request budget; enforcing it is the caller's job. */
export type ProviderRateLimit = {
  limits: readonly { requests: number; windowMs: number }[];
  /** What the budget is counted per. */
  scope: string;
  /** Where the numbers come from. */
  source: string;
};

export type SendAdapter = {
  provider: SendProvider;
  channels: readonly Channel[];
  /** Used when the connection has no apiBaseUrl; null = the connection must have one. */
  defaultBaseUrl: string | null;
  rateLimit: ProviderRateLimit;
  /** Never throws: every outcome is a SendResult. */
  send(args: SendArgs): Promise<SendResult>;
};
