import { describe, expect, it } from "vitest";
import type { LeadSentiment, LeadStatus } from "@/lib/generated/prisma/enums";
import { nextLeadStatus } from "./lead-transition";

const cases: [LeadStatus, LeadSentiment, LeadStatus][] = [
  ["NEW", "POSITIVE", "ENGAGED"],
  ["CONTACTED", "NEUTRAL", "ENGAGED"],
  ["CONTACTED", "MEETING_REQUESTED", "ENGAGED"],
  ["ENGAGED", "NEGATIVE", "NOT_INTERESTED"],
  ["NEW", "NEGATIVE", "NOT_INTERESTED"],
  ["NOT_INTERESTED", "POSITIVE", "ENGAGED"],
  ["NOT_INTERESTED", "NEUTRAL", "NOT_INTERESTED"],
  ["CONTACTED", "OUT_OF_OFFICE", "CONTACTED"],
  ["MEETING_BOOKED", "NEGATIVE", "MEETING_BOOKED"],
  ["MEETING_BOOKED", "POSITIVE", "MEETING_BOOKED"],
  ["UNQUALIFIED", "POSITIVE", "UNQUALIFIED"],
];

describe("nextLeadStatus", () => {
  it.each(cases)("%s + %s → %s", (current, sentiment, next) => {
    expect(nextLeadStatus(current, sentiment)).toBe(next);
  });
});
