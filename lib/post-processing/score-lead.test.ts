import { describe, expect, it } from "vitest";
import { scoreLeadByRules } from "./score-lead";

const now = new Date("2026-10-14T16:00:00.000Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe("scoreLeadByRules", () => {
  it("adds recency, replies, sentiment and booking", () => {
    expect(
      scoreLeadByRules({
        lastInboundAt: hoursAgo(2),
        inboundCount: 2,
        sentiment: "MEETING_REQUESTED",
        status: "ENGAGED",
        now,
      }),
    ).toEqual({ score: 75, recency: 30, replies: 10, sentiment: 35, booked: 0 });
    expect(
      scoreLeadByRules({
        lastInboundAt: hoursAgo(1),
        inboundCount: 9,
        sentiment: "MEETING_REQUESTED",
        status: "MEETING_BOOKED",
        now,
      }).score,
    ).toBe(100);
  });

  it("decays with the age of the last reply", () => {
    const at = (h: number) =>
      scoreLeadByRules({ lastInboundAt: hoursAgo(h), inboundCount: 1, sentiment: "NEUTRAL", status: "ENGAGED", now })
        .recency;
    expect([at(12), at(48), at(24 * 6), at(24 * 20), at(24 * 40)]).toEqual([30, 24, 18, 8, 0]);
  });

  it("keeps a lead who said no low", () => {
    expect(
      scoreLeadByRules({
        lastInboundAt: hoursAgo(1),
        inboundCount: 5,
        sentiment: "NEGATIVE",
        status: "NOT_INTERESTED",
        now,
      }).score,
    ).toBe(10);
  });

  it("scores a lead that never replied", () => {
    expect(scoreLeadByRules({ lastInboundAt: null, inboundCount: 0, sentiment: null, status: "NEW", now }).score).toBe(
      5,
    );
  });
});
