// Calendly invitee → Leadclock AppointmentStatus (documented in docs/bookings.md). A
// reschedule at Calendly is two invitees: the old one canceled with `rescheduled: true`
// and `new_invitee` set, and a new one (on a new scheduled event) with `old_invitee` set
// (developer.calendly.com "see how webhook payloads change when invitees reschedule").
// The booking moves to the new invitee; the old one is superseded, not cancelled.
import type { AppointmentStatus } from "@/lib/generated/prisma/enums";

export type CalendlyStatusInput = {
  /** Invitee status: "active" | "canceled". */
  status: string;
  rescheduled: boolean;
  /** The invitee's no_show object is present (marked as a no-show by the host). */
  noShow: boolean;
  oldInvitee: string | null;
  newInvitee: string | null;
};

export type CalendlyStatus = {
  status: AppointmentStatus;
  rescheduled: boolean;
  /** This invitee carries a rescheduled booking; it replaced `replaces`. */
  replaces: string | null;
  /** This invitee was moved; `replacedBy` now carries the booking. */
  replacedBy: string | null;
};

/** Null when the status word is unknown: the caller reports it instead of guessing. */
export function mapCalendlyInviteeStatus(input: CalendlyStatusInput): CalendlyStatus | null {
  const status = input.status.trim().toLowerCase();
  if (status === "canceled" || status === "cancelled") {
    if (input.rescheduled)
      return { status: "RESCHEDULED", rescheduled: true, replaces: null, replacedBy: input.newInvitee };
    return { status: "CANCELED", rescheduled: false, replaces: null, replacedBy: null };
  }
  if (status !== "active") return null;
  if (input.noShow) return { status: "NO_SHOW", rescheduled: false, replaces: input.oldInvitee, replacedBy: null };
  if (input.oldInvitee)
    return { status: "RESCHEDULED", rescheduled: true, replaces: input.oldInvitee, replacedBy: null };
  return { status: "BOOKED", rescheduled: false, replaces: null, replacedBy: null };
}
