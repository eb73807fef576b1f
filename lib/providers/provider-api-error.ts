// Every way a booking-provider API call can fail, as one typed error. Callers switch on
// `kind` (the cron counts and marks the connection, the CLI waits `retryAfterMs` on
// "rate-limited"); nothing else is ever thrown by the clients. Messages name the request
// path but never the query (it carries lead emails) nor the token.
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import type { RateLimitInfo } from "./rate-limit";

export type ProviderApiErrorKind =
  /** Our own arguments or configuration were wrong; nothing was sent. */
  | "invalid-input"
  /** 401: token missing, expired or revoked (after one retry with a fresh token, when a provider function is plugged in). */
  | "unauthorized"
  /** 403: the token lacks a scope or admin rights (Calendly `organization=` needs an admin). */
  | "forbidden"
  | "not-found"
  /** 429: wait `retryAfterMs` before the next request to this account. */
  | "rate-limited"
  /** Any other 4xx. */
  | "client"
  | "server"
  /** No complete answer within the client's timeout. */
  | "timeout"
  /** The connection failed (DNS, refused, reset, redirect). */
  | "network"
  /** The caller's AbortSignal fired. */
  | "aborted"
  /** A 2xx whose body is not JSON, is over the size cap, or is not the documented shape. */
  | "malformed";

const RETRYABLE: ReadonlySet<ProviderApiErrorKind> = new Set(["rate-limited", "server", "timeout", "network"]);

export class ProviderApiError extends Error {
  override name = "ProviderApiError";
  readonly provider: AppointmentProvider;
  readonly kind: ProviderApiErrorKind;
  /** The HTTP status, when an answer arrived. */
  readonly status: number | null;
  /** The request path (no query string). */
  readonly path: string | null;
  /** "rate-limited" only: how long to wait before calling this account again. */
  readonly retryAfterMs: number | null;
  /** The rate-limit headers of the failed answer, when it had them. */
  readonly rateLimit: RateLimitInfo | null;
  /** The provider's own error message (`message`/`title`/`error` of the body), truncated. */
  readonly providerMessage: string | null;

  constructor(args: {
    provider: AppointmentProvider;
    kind: ProviderApiErrorKind;
    message: string;
    status?: number | null;
    path?: string | null;
    retryAfterMs?: number | null;
    rateLimit?: RateLimitInfo | null;
    providerMessage?: string | null;
    cause?: unknown;
  }) {
    super(args.message, args.cause === undefined ? undefined : { cause: args.cause });
    this.provider = args.provider;
    this.kind = args.kind;
    this.status = args.status ?? null;
    this.path = args.path ?? null;
    this.retryAfterMs = args.retryAfterMs ?? null;
    this.rateLimit = args.rateLimit ?? null;
    this.providerMessage = args.providerMessage ?? null;
  }

  /** A later attempt may succeed (after `retryAfterMs` for "rate-limited"). */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

export function isProviderApiError(error: unknown): error is ProviderApiError {
  return error instanceof ProviderApiError;
}
