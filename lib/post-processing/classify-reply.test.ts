import { describe, expect, it } from "vitest";
import { classifyReplyByRules, wantsAnswer } from "./classify-reply";

describe("classifyReplyByRules", () => {
  it.each([
    ["Hi, got your text about the demo. Is Thursday at 3pm still open?", "MEETING_REQUESTED"],
    ["Can we schedule a call next week?", "MEETING_REQUESTED"],
    ["Send me your calendar link", "MEETING_REQUESTED"],
    ["Tuesday 10am works", "MEETING_REQUESTED"],
    ["Yes", "POSITIVE"],
    ["Sounds good, tell me more", "POSITIVE"],
    ["I’m interested", "POSITIVE"],
    ["Not interested, thanks", "NEGATIVE"],
    ["STOP", "NEGATIVE"],
    ["please remove me from your list", "NEGATIVE"],
    ["Wrong number", "NEGATIVE"],
    ["I'm not interested in a call on Thursday", "NEGATIVE"],
    ["I am out of the office until Oct 20 with limited access to email.", "OUT_OF_OFFICE"],
    ["Who is this?", "NEUTRAL"],
    ["How much does it cost?", "NEUTRAL"],
    ["", "NEUTRAL"],
  ] as const)("%j → %s", (body, sentiment) => {
    expect(classifyReplyByRules({ body }).sentiment).toBe(sentiment);
  });

  it("trusts the provider's auto-reply flag over the words", () => {
    expect(classifyReplyByRules({ body: "Yes, book me in!", isAutoReply: true }).sentiment).toBe("OUT_OF_OFFICE");
  });

  it("reads an auto-reply subject", () => {
    const result = classifyReplyByRules({ body: "Thanks for your email.", subject: "Automatic reply: Quick question" });
    expect(result.sentiment).toBe("OUT_OF_OFFICE");
  });

  it("an auto-reply that mentions a meeting is still out of office", () => {
    expect(classifyReplyByRules({ body: "I'm out of office; to schedule a meeting call my assistant" }).sentiment).toBe(
      "OUT_OF_OFFICE",
    );
  });
});

describe("wantsAnswer", () => {
  it("answers yes, maybe and meeting requests; not no or auto-replies", () => {
    expect(
      ["POSITIVE", "NEUTRAL", "MEETING_REQUESTED", "NEGATIVE", "OUT_OF_OFFICE"].map((s) => wantsAnswer(s as never)),
    ).toEqual([true, true, true, false, false]);
  });
});
