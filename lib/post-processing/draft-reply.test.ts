import { describe, expect, it } from "vitest";
import { draftReplyByTemplate, firstNameOf } from "./draft-reply";

describe("firstNameOf", () => {
  it.each([
    ["Jordan Rivera", "Jordan"],
    ["  maria  ", "Maria"],
    ["", "there"],
    [null, "there"],
    ["jordan@example.org", "there"],
    ["+15555550142", "there"],
  ])("%j → %s", (name, first) => {
    expect(firstNameOf(name)).toBe(first);
  });
});

describe("draftReplyByTemplate", () => {
  const base = { inboundMessageId: "6f1c2a1e-8f0b-4d43-9a55-0c4a8f7f1b2d", leadName: "Jordan Rivera" } as const;

  it("is deterministic for the same inbound", () => {
    const first = draftReplyByTemplate({ ...base, sentiment: "POSITIVE", channel: "sms" });
    for (let i = 0; i < 3; i++)
      expect(draftReplyByTemplate({ ...base, sentiment: "POSITIVE", channel: "sms" })).toBe(first);
    expect(first.startsWith("Hi Jordan, ")).toBe(true);
  });

  it("varies across inbounds and differs by sentiment", () => {
    const drafts = new Set(
      Array.from({ length: 30 }, (_, i) =>
        draftReplyByTemplate({ ...base, inboundMessageId: `m-${i}`, sentiment: "MEETING_REQUESTED", channel: "sms" }),
      ),
    );
    expect(drafts.size).toBe(3);
    const neutral = draftReplyByTemplate({ ...base, sentiment: "NEUTRAL", channel: "sms" });
    expect(drafts.has(neutral)).toBe(false);
  });

  it("writes email with a greeting line and a sign-off", () => {
    const email = draftReplyByTemplate({ ...base, sentiment: "MEETING_REQUESTED", channel: "email" });
    expect(email).toMatch(/^Hi Jordan,\n\n[A-Z].+\n\nBest regards$/s);
  });
});
