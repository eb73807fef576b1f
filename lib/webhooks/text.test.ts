import { describe, expect, it } from "vitest";
import { capText, htmlToPlainText, looksLikeHtml, MESSAGE_TEXT_CAP_BYTES, messageText } from "./text";

describe("capText", () => {
  it("leaves text within the cap alone", () => {
    expect(capText("hello", 5)).toEqual({ text: "hello", truncated: false });
  });

  it("cuts by UTF-8 bytes on a character boundary", () => {
    expect(capText("héllo", 2)).toEqual({ text: "h", truncated: true }); // é is 2 bytes
    expect(capText("héllo", 3)).toEqual({ text: "hé", truncated: true });
    expect(capText("a😀b", 4)).toEqual({ text: "a", truncated: true }); // 😀 is 4 bytes
    expect(capText("a😀b", 5)).toEqual({ text: "a😀", truncated: true });
  });

  it("defaults to 64 KiB", () => {
    const long = "x".repeat(MESSAGE_TEXT_CAP_BYTES + 10);
    const capped = capText(long);
    expect(capped.truncated).toBe(true);
    expect(Buffer.byteLength(capped.text)).toBe(64 * 1024);
  });
});

describe("HTML to text", () => {
  it("detects HTML by its tags", () => {
    expect(looksLikeHtml("<div>Hi</div>")).toBe(true);
    expect(looksLikeHtml("line one<br/>line two")).toBe(true);
    expect(looksLikeHtml("5 < 6 and 7 > 3")).toBe(false);
    expect(looksLikeHtml("plain text")).toBe(false);
  });

  it("keeps the words, drops images (data: URIs) and link targets", () => {
    const html =
      '<div style="font-size:11pt">Hi Jordan,</div><div>Tuesday <a href="https://x.example">2pm</a> works.</div>' +
      '<img src="data:image/png;base64,AAAA"/><blockquote>On Tue, someone wrote: ...</blockquote>';
    expect(htmlToPlainText(html)).toBe("Hi Jordan,\nTuesday 2pm works.\n\n> On Tue, someone wrote: ...");
  });
});

describe("messageText", () => {
  it("stores plain text trimmed, HTML as text", () => {
    expect(messageText("  hello  ", { html: false })).toEqual({ text: "hello", truncated: false });
    expect(messageText("<p>Hello <b>there</b></p>")).toEqual({ text: "Hello there", truncated: false });
    expect(messageText(null)).toEqual({ text: "", truncated: false });
  });

  it("marks an oversized HTML source as truncated even when its text is short", () => {
    const html = `<div>See the screenshot.</div><img src="data:image/png;base64,${"A".repeat(2_000_000)}"/>`;
    expect(messageText(html)).toEqual({ text: "See the screenshot.", truncated: true });
  });

  it("caps long text and says so", () => {
    const result = messageText("word ".repeat(20_000), { html: false, maxBytes: 1000 });
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.text)).toBeLessThanOrEqual(1000);
  });
});
