// One table of booking-outcome cases, run through classifyBookingOutcome() (unit test)
// and through bookingOutcomeSql() on PostgreSQL (integration test): both must agree.
import type { BookingFacts, BookingOutcome } from "@/lib/analytics/booking-outcome";

export const OUTCOME_NOW = new Date("2026-05-01T12:00:00.000Z");
const DAY = 86_400_000;
/** `days` before OUTCOME_NOW, plus `ms`. */
export const ago = (days: number, ms = 0) => new Date(OUTCOME_NOW.getTime() - days * DAY + ms);

export type OutcomeCase = {
  name: string;
  lead: BookingFacts;
  reference: Date;
  /** Expected with attribution 30 days, maturity 7 days. */
  expected: BookingOutcome;
  /** Expected with attribution 1 day, maturity 0 days. */
  expectedTight: BookingOutcome;
};

const lead = (facts: Partial<BookingFacts>): BookingFacts => ({
  status: "ENGAGED",
  appointmentStatus: null,
  appointmentBookedAt: null,
  appointmentCanceledAt: null,
  ...facts,
});

export const OUTCOME_CASES: OutcomeCase[] = [
  { name: "never booked, old", lead: lead({}), reference: ago(20), expected: "notBooked", expectedTight: "notBooked" },
  {
    name: "never booked, 6 days old (pending)",
    lead: lead({}),
    reference: ago(6),
    expected: "pending",
    expectedTight: "notBooked",
  },
  {
    name: "never booked, exactly 7 days old (mature)",
    lead: lead({}),
    reference: ago(7),
    expected: "notBooked",
    expectedTight: "notBooked",
  },
  {
    name: "never booked, 7 days less 1 ms",
    lead: lead({}),
    reference: ago(7, 1),
    expected: "pending",
    expectedTight: "notBooked",
  },
  {
    name: "booked 2 h after the reference",
    lead: lead({ status: "MEETING_BOOKED", appointmentStatus: "BOOKED", appointmentBookedAt: ago(10, 2 * 3_600_000) }),
    reference: ago(10),
    expected: "booked",
    expectedTight: "booked",
  },
  {
    name: "booked exactly at the reference",
    lead: lead({ appointmentStatus: "COMPLETED", appointmentBookedAt: ago(10) }),
    reference: ago(10),
    expected: "booked",
    expectedTight: "booked",
  },
  {
    name: "booked 1 ms before the reference (old)",
    lead: lead({ appointmentStatus: "BOOKED", appointmentBookedAt: ago(10, -1) }),
    reference: ago(10),
    expected: "notBooked",
    expectedTight: "notBooked",
  },
  {
    name: "booked before the reference (young)",
    lead: lead({ appointmentStatus: "BOOKED", appointmentBookedAt: ago(4) }),
    reference: ago(3),
    expected: "pending",
    expectedTight: "notBooked",
  },
  {
    name: "booked 5 days after: inside 30, outside 1",
    lead: lead({ appointmentStatus: "RESCHEDULED", appointmentBookedAt: ago(15) }),
    reference: ago(20),
    expected: "booked",
    expectedTight: "notBooked",
  },
  {
    name: "booked exactly at the end of the attribution window",
    lead: lead({ appointmentStatus: "NO_SHOW", appointmentBookedAt: ago(10) }),
    reference: ago(40),
    expected: "notBooked",
    expectedTight: "notBooked",
  },
  {
    name: "booked 1 ms before the end of the attribution window",
    lead: lead({ appointmentStatus: "BOOKED", appointmentBookedAt: ago(10, -1) }),
    reference: ago(40),
    expected: "booked",
    expectedTight: "notBooked",
  },
  {
    name: "lead status MEETING_BOOKED without appointmentStatus",
    lead: lead({ status: "MEETING_BOOKED", appointmentBookedAt: ago(9) }),
    reference: ago(9, -60_000),
    expected: "booked",
    expectedTight: "booked",
  },
  {
    name: "booked status without bookedAt",
    lead: lead({ status: "MEETING_BOOKED", appointmentStatus: "COMPLETED" }),
    reference: ago(3),
    expected: "bookedNoTimestamp",
    expectedTight: "bookedNoTimestamp",
  },
  {
    name: "MEETING_BOOKED only, no timestamp",
    lead: lead({ status: "MEETING_BOOKED" }),
    reference: ago(30),
    expected: "bookedNoTimestamp",
    expectedTight: "bookedNoTimestamp",
  },
  {
    name: "CANCELED status (old)",
    lead: lead({
      status: "MEETING_BOOKED",
      appointmentStatus: "CANCELED",
      appointmentBookedAt: ago(9),
      appointmentCanceledAt: ago(8),
    }),
    reference: ago(10),
    expected: "notBooked",
    expectedTight: "notBooked",
  },
  {
    name: "CANCELED status without timestamps (young)",
    lead: lead({ appointmentStatus: "CANCELED" }),
    reference: ago(1),
    expected: "pending",
    expectedTight: "notBooked",
  },
  {
    name: "canceledAt after bookedAt with a BOOKED status",
    lead: lead({ appointmentStatus: "BOOKED", appointmentBookedAt: ago(9), appointmentCanceledAt: ago(8) }),
    reference: ago(10),
    expected: "notBooked",
    expectedTight: "notBooked",
  },
  {
    name: "canceledAt equal to bookedAt",
    lead: lead({ appointmentStatus: "BOOKED", appointmentBookedAt: ago(9), appointmentCanceledAt: ago(9) }),
    reference: ago(10),
    expected: "notBooked",
    expectedTight: "notBooked",
  },
  {
    name: "an older cancellation, then rebooked (exactly 1 day after the reference)",
    lead: lead({ appointmentStatus: "RESCHEDULED", appointmentBookedAt: ago(9), appointmentCanceledAt: ago(9, -1) }),
    reference: ago(10),
    expected: "booked",
    expectedTight: "notBooked",
  },
  {
    name: "canceledAt without bookedAt, booked status",
    lead: lead({ status: "MEETING_BOOKED", appointmentStatus: "BOOKED", appointmentCanceledAt: ago(2) }),
    reference: ago(10),
    expected: "notBooked",
    expectedTight: "notBooked",
  },
  {
    name: "bookedAt without a booked status",
    lead: lead({ status: "ENGAGED", appointmentBookedAt: ago(9) }),
    reference: ago(10),
    expected: "notBooked",
    expectedTight: "notBooked",
  },
  {
    name: "reference in the future (clock skew)",
    lead: lead({}),
    reference: ago(-1),
    expected: "pending",
    expectedTight: "pending",
  },
];
