import { describe, expect, it } from "vitest";
import { OUTCOME_CASES, OUTCOME_NOW } from "@/tests/helpers/booking-outcome-cases";
import { classifyBookingOutcome, toBookingCounts } from "./booking-outcome";

describe("classifyBookingOutcome", () => {
  it.each(OUTCOME_CASES)("$name", ({ lead, reference, expected, expectedTight }) => {
    expect(classifyBookingOutcome({ lead, reference, now: OUTCOME_NOW, attributionDays: 30, maturityDays: 7 })).toBe(
      expected,
    );
    expect(classifyBookingOutcome({ lead, reference, now: OUTCOME_NOW, attributionDays: 1, maturityDays: 0 })).toBe(
      expectedTight,
    );
  });
});

describe("toBookingCounts", () => {
  it("leaves pending and bookedNoTimestamp out of the rate", () => {
    expect(toBookingCounts({ booked: 3, notBooked: 9, pending: 4, bookedNoTimestamp: 2 })).toEqual({
      booked: 3,
      notBooked: 9,
      pending: 4,
      bookedNoTimestamp: 2,
      eligible: 12,
      bookingRate: 0.25,
    });
    expect(toBookingCounts({ booked: 0, notBooked: 0, pending: 1, bookedNoTimestamp: 1 }).bookingRate).toBeNull();
  });
});
