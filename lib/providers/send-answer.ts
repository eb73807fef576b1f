// What a send's HTTP exchange means, as a SendResult (the rule is in docs/sending.md):
// - an answer came: 2xx with an id → ok; 2xx unreadable or without an id → unknown-outcome
//   (the provider took it but we cannot tell which message it became; SmartLead documents no
//   id, so a local one stands in); 3xx → rejected (a wrong base URL: we never follow a
//   redirect with a send); 429 → rate-limited; 408 → unavailable; other 4xx → rejected;
//   504 / 524 → unknown-outcome (a gateway gave up waiting for the provider, which may still
//   send); other 5xx → unavailable.
// - no answer: nothing written yet (connect refused, DNS, TLS, a timeout or the caller's
//   abort while connecting) → unavailable; anything after the request started being written
//   (timeout, reset, closed connection) → unknown-outcome.
import { randomUUID } from "node:crypto";
import { describeNetworkError, neverWritten } from "./network-errors";
import type { RequestProgress } from "./request-progress";
import { retryAfterMs } from "./retry-after";
import type { SendFailure, SendResult } from "./send-adapter";
import { describeHttpFailure, safeReason } from "./send-fields";
import type { SendSpec } from "./send-request";

export const rejected = (status: number | null, reason: string): SendFailure => ({
  ok: false,
  kind: "rejected",
  status,
  reason,
});

export const unavailable = (status: number | null, reason: string): SendFailure => ({
  ok: false,
  kind: "unavailable",
  status,
  reason,
});

export const unknownOutcome = (reason: string): SendFailure => ({ ok: false, kind: "unknown-outcome", reason });

function parseJson(text: string): unknown {
  try {
    return text.trim() === "" ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

function success(spec: SendSpec, status: number, text: string, now: () => Date): SendResult {
  const reading = spec.readSuccess(parseJson(text));
  if ("failed" in reading) return rejected(status, reading.failed);
  const base = { ok: true as const, sentAt: reading.sentAt ?? now(), providerContext: reading.providerContext ?? {} };
  if (reading.providerMessageId) return { ...base, providerMessageId: reading.providerMessageId, idSource: "provider" };
  if (spec.localIdPrefix) {
    return { ...base, providerMessageId: `${spec.localIdPrefix}-${randomUUID()}`, idSource: "local" };
  }
  return unknownOutcome(`HTTP ${status}, but the answer has no message id`);
}

export function fromAnswer(args: {
  spec: SendSpec;
  response: Response;
  text: string;
  secrets: readonly string[];
  now: () => Date;
}): SendResult {
  const { spec, response, text, secrets, now } = args;
  const { status } = response;
  if (status >= 200 && status < 300) return success(spec, status, text, now);
  if (status >= 300 && status < 400) {
    const location = response.headers.get("location") ?? "elsewhere";
    return rejected(status, safeReason(`HTTP ${status}: redirected to ${location}; check the API base URL`, secrets));
  }
  const reason = describeHttpFailure(status, text, secrets);
  if (status === 429) {
    const providerHintMs = spec.rateLimitHintMs?.(response.headers, parseJson(text)) ?? null;
    const wait = retryAfterMs({
      headers: response.headers,
      now: now(),
      providerHintMs,
      fallbackMs: spec.defaultRetryAfterMs,
    });
    return { ok: false, kind: "rate-limited", retryAfterMs: wait, reason };
  }
  if (status === 408) return unavailable(status, reason);
  if (status < 500) return rejected(status, reason);
  if (status === 504 || status === 524)
    return unknownOutcome(`${reason} (a gateway timed out; the send may have gone out)`);
  return unavailable(status, reason);
}

/** Why the exchange stopped: the caller's abort, our timeout, or the network error itself. */
export function whatStopped(args: { error: unknown; caller?: AbortSignal; timeout: AbortSignal; timeoutMs: number }) {
  if (args.caller?.aborted) return "cancelled by the caller";
  if (args.timeout.aborted) return `no answer within ${args.timeoutMs} ms`;
  return describeNetworkError(args.error);
}

export function fromFailureBeforeAnswer(args: {
  error: unknown;
  progress: RequestProgress;
  what: string;
  secrets: readonly string[];
}): SendFailure {
  // When the runtime reports progress, trust it; otherwise only errors that cannot happen
  // after writing (connection refused, DNS, TLS) count as "not sent".
  const written = args.progress.observed ? args.progress.written : !neverWritten(args.error);
  return written
    ? unknownOutcome(safeReason(`the request was sent but ${args.what}`, args.secrets))
    : unavailable(null, safeReason(`not sent: ${args.what}`, args.secrets));
}
