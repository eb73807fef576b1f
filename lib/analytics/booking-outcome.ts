// Lead-level booking outcome (docs/definitions.md), the one definition the analytics tab, its CSV
// export and the SQL (booking-outcome-sql.ts) share. Rules, in order:
//
// 1. Booked status: appointmentStatus is BOOKED, RESCHEDULED, COMPLETED or NO_SHOW (the
//    meeting was booked, whatever happened at it), or Lead.status is MEETING_BOOKED.
// 2. Cancelled: appointmentStatus is CANCELED, or appointmentCanceledAt is set and not
//    earlier than appointmentBookedAt (or there is no appointmentBookedAt). A cancelled
//    appointment is never a booking, whatever the lead's status says. A cancellation
//    older than the current bookedAt is an earlier appointment's and does not count.
// 3. Booked status, not cancelled, no appointmentBookedAt → bookedNoTimestamp (cannot be
//    attributed; shown apart and left out of the rate).
// 4. Booked status, not cancelled, bookedAt in [reference, reference + attribution days)
//    → booked. The reference is the inbound `sentAt` of the anchor the lead is counted by.
// 5. Otherwise (never booked, cancelled, or booked before the reference or after the
//    attribution window): pending while now − reference < maturity days (too young to
//    judge), else notBooked.
//
// Days are fixed 24-hour spans (86,400,000 ms), in TypeScript and in SQL alike.
import type { AppointmentStatus, LeadStatus } from "@/lib/generated/prisma/enums";
import type { BookingCounts } from "./response-timing-types";

export const BOOKING_OUTCOMES = ["booked", "bookedNoTimestamp", "pending", "notBooked"] as const;
export type BookingOutcome = (typeof BOOKING_OUTCOMES)[number];

export const BOOKED_APPOINTMENT_STATUSES: readonly AppointmentStatus[] = [
  "BOOKED",
  "RESCHEDULED",
  "COMPLETED",
  "NO_SHOW",
];
export const DAY_MS = 86_400_000;

export type BookingFacts = {
  status: LeadStatus;
  appointmentStatus: AppointmentStatus | null;
  appointmentBookedAt: Date | null;
  appointmentCanceledAt: Date | null;
};

export type BookingOutcomeInput = {
  lead: BookingFacts;
  /** The inbound sentAt of the anchor the lead is counted by. */
  reference: Date;
  now: Date;
  attributionDays: number;
  maturityDays: number;
};

/** Rules 1 and 2: the lead holds a booking now (booked status, not cancelled), whenever it was made. The CRM's "booked". */
export function isBooked(lead: BookingFacts): boolean {
  const bookedAt = lead.appointmentBookedAt?.getTime() ?? null;
  const canceledAt = lead.appointmentCanceledAt?.getTime() ?? null;
  const bookedStatus =
    (lead.appointmentStatus !== null && BOOKED_APPOINTMENT_STATUSES.includes(lead.appointmentStatus)) ||
    lead.status === "MEETING_BOOKED";
  const cancelled =
    lead.appointmentStatus === "CANCELED" || (canceledAt !== null && (bookedAt === null || canceledAt >= bookedAt));
  return bookedStatus && !cancelled;
}

export function classifyBookingOutcome({
  lead,
  reference,
  now,
  attributionDays,
  maturityDays,
}: BookingOutcomeInput): BookingOutcome {
  const bookedAt = lead.appointmentBookedAt?.getTime() ?? null;
  const ref = reference.getTime();
  if (isBooked(lead)) {
    if (bookedAt === null) return "bookedNoTimestamp";
    if (bookedAt >= ref && bookedAt < ref + attributionDays * DAY_MS) return "booked";
  }
  return now.getTime() - ref < maturityDays * DAY_MS ? "pending" : "notBooked";
}

export type OutcomeTally = Record<BookingOutcome, number>;

/** The contract's counts from a tally: eligible = booked + notBooked; the rate is null without eligible leads. */
export function toBookingCounts(tally: OutcomeTally): BookingCounts {
  const eligible = tally.booked + tally.notBooked;
  return {
    booked: tally.booked,
    notBooked: tally.notBooked,
    pending: tally.pending,
    bookedNoTimestamp: tally.bookedNoTimestamp,
    eligible,
    bookingRate: eligible === 0 ? null : tally.booked / eligible,
  };
}
