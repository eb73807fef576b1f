// The providers' rate-limit headers, read into one shape so a caller can pace itself.
// GoHighLevel (marketplace.gohighlevel.com/docs/other/rate-limits): X-RateLimit-Max /
// -Remaining / -Interval-Milliseconds for the burst window (100 per 10 s), X-RateLimit-
// Limit-Daily / -Daily-Remaining (200 000 a day), per location; no reset time is sent.
// Calendly (developer.calendly.com/api-docs/overview/rate-limits): X-RateLimit-Limit /
// -Remaining, and X-RateLimit-Reset = SECONDS UNTIL the window resets (not an epoch),
// 500 a minute per user on paid plans, 50 on the free one.
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";

export type RateLimitInfo = {
  provider: AppointmentProvider;
  /** Requests allowed in the short window (GHL X-RateLimit-Max, Calendly X-RateLimit-Limit). */
  limit: number | null;
  remaining: number | null;
  /** Length of the short window (GHL X-RateLimit-Interval-Milliseconds; Calendly: one minute). */
  windowMs: number | null;
  /** Calendly X-RateLimit-Reset in ms; GoHighLevel does not say. */
  resetInMs: number | null;
  /** GoHighLevel only. */
  dailyLimit: number | null;
  dailyRemaining: number | null;
  observedAt: Date;
};

/** GHL sends no reset time for the daily quota; an hour is a pause, not a promise. */
export const GHL_DAILY_EXHAUSTED_WAIT_MS = 60 * 60 * 1000;
const GHL_DEFAULT_WINDOW_MS = 10_000;
const CALENDLY_WINDOW_MS = 60_000;

function headerNumber(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  if (value === null || value.trim() === "") return null;
  const number = Number(value.trim());
  return Number.isFinite(number) && number >= 0 ? number : null;
}

/** Retry-After as delta seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterHeaderMs(headers: Headers, now: Date): number | null {
  const value = headers.get("retry-after")?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

export function ghlRateLimitFromHeaders(headers: Headers, now: Date): RateLimitInfo | null {
  const info: RateLimitInfo = {
    provider: "GHL",
    limit: headerNumber(headers, "x-ratelimit-max"),
    remaining: headerNumber(headers, "x-ratelimit-remaining"),
    windowMs: headerNumber(headers, "x-ratelimit-interval-milliseconds"),
    resetInMs: null,
    dailyLimit: headerNumber(headers, "x-ratelimit-limit-daily"),
    dailyRemaining: headerNumber(headers, "x-ratelimit-daily-remaining"),
    observedAt: now,
  };
  const any = [info.limit, info.remaining, info.windowMs, info.dailyLimit, info.dailyRemaining].some((v) => v !== null);
  return any ? info : null;
}

export function calendlyRateLimitFromHeaders(headers: Headers, now: Date): RateLimitInfo | null {
  const reset = headerNumber(headers, "x-ratelimit-reset");
  const info: RateLimitInfo = {
    provider: "CALENDLY",
    limit: headerNumber(headers, "x-ratelimit-limit"),
    remaining: headerNumber(headers, "x-ratelimit-remaining"),
    windowMs: CALENDLY_WINDOW_MS,
    resetInMs: reset === null ? null : reset * 1000,
    dailyLimit: null,
    dailyRemaining: null,
    observedAt: now,
  };
  return info.limit !== null || info.remaining !== null || reset !== null ? info : null;
}

/**
 * How long to wait before the next request to the same account, from the last headers:
 * 0 while the windows have room; otherwise until the short window resets (Calendly's
 * reset, GHL's interval) or, for an exhausted GHL daily quota, GHL_DAILY_EXHAUSTED_WAIT_MS.
 */
export function rateLimitWaitMs(info: RateLimitInfo | null): number {
  if (!info) return 0;
  if (info.dailyRemaining === 0) return GHL_DAILY_EXHAUSTED_WAIT_MS;
  if (info.remaining === null || info.remaining > 0) return 0;
  const fallback = info.provider === "GHL" ? GHL_DEFAULT_WINDOW_MS : CALENDLY_WINDOW_MS;
  return info.resetInMs ?? info.windowMs ?? fallback;
}

/** The wait a 429 asks for: Retry-After when sent, else what the rate-limit headers imply. */
export function rateLimitedWaitMs(
  headers: Headers,
  info: RateLimitInfo | null,
  provider: AppointmentProvider,
  now: Date,
) {
  const retryAfter = retryAfterHeaderMs(headers, now);
  if (retryAfter !== null) return retryAfter;
  const fromHeaders = rateLimitWaitMs(info ? { ...info, remaining: 0 } : null);
  if (fromHeaders > 0) return fromHeaders;
  return provider === "GHL" ? GHL_DEFAULT_WINDOW_MS : CALENDLY_WINDOW_MS;
}
