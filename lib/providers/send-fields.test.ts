import { describe, expect, it } from "vitest";
import { neverWritten } from "./network-errors";
import { parseRateLimitReset, parseRetryAfter, retryAfterMs } from "./retry-after";
import { contextId, contextText, describeHttpFailure, replySubject, textToEmailHtml } from "./send-fields";

const NOW = new Date("2026-10-14T16:30:00.000Z");

describe("retry-after", () => {
  it("reads delay-seconds and HTTP dates, and refuses garbage", () => {
    expect(parseRetryAfter("30", NOW)).toBe(30_000);
    expect(parseRetryAfter("1.5", NOW)).toBe(1_500);
    expect(parseRetryAfter("Wed, 14 Oct 2026 16:31:00 GMT", NOW)).toBe(60_000);
    expect(parseRetryAfter("Wed, 14 Oct 2026 16:00:00 GMT", NOW)).toBe(0);
    expect(parseRetryAfter("soon", NOW)).toBeNull();
    expect(parseRetryAfter("99999999", NOW)).toBe(24 * 60 * 60 * 1000);
  });

  it("reads X-RateLimit-Reset as epoch seconds, epoch ms or seconds to wait", () => {
    expect(parseRateLimitReset(String(NOW.getTime() / 1000 + 45), NOW)).toBe(45_000);
    expect(parseRateLimitReset(String(NOW.getTime() + 2_000), NOW)).toBe(2_000);
    expect(parseRateLimitReset("12", NOW)).toBe(12_000);
  });

  it("prefers Retry-After, then the provider's hint, then X-RateLimit-Reset, then the window", () => {
    const headers = new Headers({ "x-ratelimit-reset": "12" });
    expect(retryAfterMs({ headers, now: NOW, providerHintMs: 3_000, fallbackMs: 60_000 })).toBe(3_000);
    expect(retryAfterMs({ headers, now: NOW, providerHintMs: null, fallbackMs: 60_000 })).toBe(12_000);
    expect(retryAfterMs({ headers: new Headers(), now: NOW, providerHintMs: null, fallbackMs: 60_000 })).toBe(60_000);
    headers.set("retry-after", "7");
    expect(retryAfterMs({ headers, now: NOW, providerHintMs: 3_000, fallbackMs: 60_000 })).toBe(7_000);
  });
});

describe("send fields", () => {
  it("reads context ids as stored by the webhook parsers", () => {
    expect(contextId({ campaignId: 12345 }, "campaignId")).toBe("12345");
    expect(contextText({ chatId: "  c1 " }, "chatId")).toBe("c1");
    expect(contextText({ chatId: "" }, "chatId")).toBeNull();
    expect(contextText(null, "chatId")).toBeNull();
    expect(contextText(["x"], "0")).toBeNull();
  });

  it("turns text into escaped paragraphs and line breaks", () => {
    expect(textToEmailHtml("Hi <b>\r\nthere\n\n\nBye & thanks")).toBe(
      "<p>Hi &lt;b&gt;<br>there</p><p>Bye &amp; thanks</p>",
    );
  });

  it("answers with Re: + the inbound's subject unless one is given", () => {
    const inbound = { sentAt: NOW, body: null, subject: "Pricing" };
    expect(replySubject(null, inbound)).toBe("Re: Pricing");
    expect(replySubject(" Own ", inbound)).toBe("Own");
    expect(replySubject(undefined, { ...inbound, subject: "re: Pricing" })).toBe("re: Pricing");
    expect(replySubject(undefined, null)).toBeNull();
  });

  it("describes a failure in the provider's words, one line, capped, without secrets", () => {
    expect(describeHttpFailure(422, JSON.stringify({ message: ["a must be x", "b must be y"] }), [])).toBe(
      "HTTP 422: a must be x; b must be y",
    );
    expect(describeHttpFailure(400, JSON.stringify({ error: { message: "bad" } }), [])).toBe("HTTP 400: bad");
    expect(describeHttpFailure(502, "<html>Bad gateway</html>", [])).toBe("HTTP 502");
    expect(describeHttpFailure(400, "key sk-123 is wrong", ["sk-123"])).toBe("HTTP 400: key [redacted] is wrong");
    expect(describeHttpFailure(400, "x".repeat(1000), []).length).toBe(300);
  });

  it("counts only connect and TLS failures as never written", () => {
    const failed = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: { code } });
    expect(neverWritten(failed("ECONNREFUSED"))).toBe(true);
    expect(neverWritten(failed("CERT_HAS_EXPIRED"))).toBe(true);
    expect(neverWritten(failed("ECONNRESET"))).toBe(false);
    expect(neverWritten(new Error("no code"))).toBe(false);
    const both = { cause: { errors: [{ code: "ECONNREFUSED" }, { code: "ENETUNREACH" }] } };
    expect(neverWritten(both)).toBe(true);
  });
});
