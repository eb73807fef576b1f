// The providers' rate-limit headers and the waits they imply (GoHighLevel: burst interval and
// daily quota, no reset time; Calendly: X-RateLimit-Reset is seconds until the reset).
import { describe, expect, it } from "vitest";
import {
  calendlyRateLimitFromHeaders,
  ghlRateLimitFromHeaders,
  GHL_DAILY_EXHAUSTED_WAIT_MS,
  rateLimitedWaitMs,
  rateLimitWaitMs,
  retryAfterHeaderMs,
} from "./rate-limit";

const now = new Date("2026-10-15T12:00:00Z");

describe("rate-limit headers", () => {
  it("reads GoHighLevel's five headers, and nothing from an answer without them", () => {
    const info = ghlRateLimitFromHeaders(
      new Headers({
        "X-RateLimit-Max": "100",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Interval-Milliseconds": "10000",
        "X-RateLimit-Limit-Daily": "200000",
        "X-RateLimit-Daily-Remaining": "150000",
      }),
      now,
    );
    expect(info).toEqual({
      provider: "GHL",
      limit: 100,
      remaining: 0,
      windowMs: 10_000,
      resetInMs: null,
      dailyLimit: 200_000,
      dailyRemaining: 150_000,
      observedAt: now,
    });
    expect(rateLimitWaitMs(info)).toBe(10_000);
    expect(rateLimitWaitMs({ ...info!, remaining: 5 })).toBe(0);
    expect(rateLimitWaitMs({ ...info!, remaining: 5, dailyRemaining: 0 })).toBe(GHL_DAILY_EXHAUSTED_WAIT_MS);
    expect(ghlRateLimitFromHeaders(new Headers({ "X-RateLimit-Max": "lots" }), now)).toBeNull();
  });

  it("reads Calendly's reset as seconds from now", () => {
    const info = calendlyRateLimitFromHeaders(
      new Headers({ "X-RateLimit-Limit": "500", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "42" }),
      now,
    );
    expect(info).toMatchObject({ provider: "CALENDLY", limit: 500, remaining: 0, resetInMs: 42_000, windowMs: 60_000 });
    expect(rateLimitWaitMs(info)).toBe(42_000);
    expect(rateLimitWaitMs(null)).toBe(0);
  });

  it("a 429 waits Retry-After first (seconds or a date), then what the headers imply", () => {
    expect(retryAfterHeaderMs(new Headers({ "Retry-After": "7" }), now)).toBe(7000);
    expect(retryAfterHeaderMs(new Headers({ "Retry-After": "Thu, 15 Oct 2026 12:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterHeaderMs(new Headers({ "Retry-After": "soon" }), now)).toBeNull();
    const calendly = new Headers({ "X-RateLimit-Reset": "12" });
    expect(rateLimitedWaitMs(calendly, calendlyRateLimitFromHeaders(calendly, now), "CALENDLY", now)).toBe(12_000);
    expect(rateLimitedWaitMs(new Headers(), null, "CALENDLY", now)).toBe(60_000);
    expect(rateLimitedWaitMs(new Headers(), null, "GHL", now)).toBe(10_000);
  });
});
