// How long a 429 says to wait, from the standard Retry-After header (seconds or an HTTP
// date, RFC 9110 §10.2.3), else the provider's own hint, else its rate-limit window.
// Clamped to [0, 24 h] so a garbled header can neither hammer the provider nor park a send
// for a year.
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const clamp = (ms: number) => Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));

/** A Retry-After value in ms from `now`, or null when it is neither delay-seconds nor an HTTP date. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return clamp(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : clamp(at - now.getTime());
}

/**
 * X-RateLimit-Reset as providers send it: an epoch in seconds (SmartLead documents this) or
 * milliseconds, or a number of seconds still to wait.
 */
export function parseRateLimitReset(value: string | null, now: Date): number | null {
  const text = value?.trim();
  if (!text || !/^\d+(\.\d+)?$/.test(text)) return null;
  const number = Number(text);
  if (number > 1e12) return clamp(number - now.getTime());
  if (number > 1e9) return clamp(number * 1000 - now.getTime());
  return clamp(number * 1000);
}

export function retryAfterMs(args: {
  headers: Headers;
  now: Date;
  /** The provider's own hint in ms (a body field, its own headers), when it gave one. */
  providerHintMs: number | null;
  /** Used when nothing says how long: the provider's rate-limit window. */
  fallbackMs: number;
}): number {
  return (
    parseRetryAfter(args.headers.get("retry-after"), args.now) ??
    (args.providerHintMs === null ? null : clamp(args.providerHintMs)) ??
    parseRateLimitReset(args.headers.get("x-ratelimit-reset"), args.now) ??
    clamp(args.fallbackMs)
  );
}
