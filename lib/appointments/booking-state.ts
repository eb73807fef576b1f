// The pure decision of one booking step (docs/bookings.md, "Reconcile rules"): the lead's stored
// appointment + what a provider says now → the lead's next appointment columns, what changed,
// and the follow-up task it owes. No database, no clock: reconcile-lead.ts and the webhook
// branch both call it on the row they hold locked.
import type { AppointmentProvider, AppointmentStatus, LeadTaskKind } from "@/lib/generated/prisma/enums";
import type { ProviderAppointment } from "@/lib/providers/provider-appointment";

export type StoredBooking = {
  appointmentStatus: AppointmentStatus | null;
  appointmentProvider: AppointmentProvider | null;
  appointmentStartAt: Date | null;
  appointmentBookedAt: Date | null;
  appointmentCanceledAt: Date | null;
  appointmentProviderUpdatedAt: Date | null;
  ghlAppointmentId: string | null;
  calendlyInviteeUri: string | null;
  calendlyScheduledEventUri: string | null;
};

export type BookingChange = "booked" | "canceled" | "rescheduled" | "completed" | "no-show" | "no-change";

export type NextBooking = Omit<StoredBooking, "appointmentStatus" | "appointmentProvider"> & {
  appointmentStatus: AppointmentStatus;
  appointmentProvider: AppointmentProvider;
};

export type BookingDecision =
  | { change: "no-change"; why: string; next: null; task: null; becameBooked: false }
  | {
      change: Exclude<BookingChange, "no-change">;
      why: string;
      next: NextBooking;
      task: { kind: LeadTaskKind; dedupeKey: string; note: string } | null;
      /** unbooked → booked: the side effects (MEETING_BOOKED, pending auto-sends cancelled) fire. */
      becameBooked: boolean;
    };

/** A meeting was booked (it may since have happened or been missed); CANCELED and null are "unbooked". */
export const BOOKED_STATES: readonly AppointmentStatus[] = ["BOOKED", "RESCHEDULED", "COMPLETED", "NO_SHOW"];
const isBooked = (status: AppointmentStatus | null) => status !== null && BOOKED_STATES.includes(status);

const CHANGE_OF: Record<AppointmentStatus, Exclude<BookingChange, "no-change">> = {
  BOOKED: "booked",
  RESCHEDULED: "rescheduled",
  CANCELED: "canceled",
  COMPLETED: "completed",
  NO_SHOW: "no-show",
};

const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
const storedIdOf = (s: StoredBooking) =>
  s.appointmentProvider === "CALENDLY" ? s.calendlyInviteeUri : s.ghlAppointmentId;

/**
 * Is the incoming update newer than what is stored? Calendly's reschedule links decide first
 * (the new invitee always supersedes the old one, whatever their clocks say); otherwise the
 * provider's update time, and an update without one only lands on a lead that has none.
 */
function freshness(stored: StoredBooking, a: ProviderAppointment): { apply: boolean; why: string } {
  const storedId = storedIdOf(stored);
  if (a.provider === "CALENDLY" && storedId && stored.appointmentProvider === "CALENDLY") {
    if (a.replacedBy && a.replacedBy === storedId) return { apply: false, why: "superseded by the stored invitee" };
    if (a.replaces && a.replaces === storedId) return { apply: true, why: "replaces the stored invitee" };
  }
  const storedAt = stored.appointmentProviderUpdatedAt;
  if (!storedAt) return { apply: true, why: "nothing newer stored" };
  if (!a.providerUpdatedAt) return { apply: false, why: "no provider update time; a dated update is stored" };
  if (a.providerUpdatedAt.getTime() <= storedAt.getTime()) {
    return { apply: false, why: "not newer than the stored provider update" };
  }
  return { apply: true, why: "newer provider update" };
}

/** The status to store: GHL's reschedule is only visible against what we stored for the same id. */
function statusOf(stored: StoredBooking, a: ProviderAppointment): AppointmentStatus {
  const sameAppointment = storedIdOf(stored) === a.appointmentId && stored.appointmentProvider === a.provider;
  if (a.status !== "BOOKED" || !sameAppointment || !isBooked(stored.appointmentStatus)) return a.status;
  if (a.provider === "GHL" && !same(stored.appointmentStartAt, a.startAt) && stored.appointmentStartAt && a.startAt) {
    return "RESCHEDULED";
  }
  // The same booking seen again keeps a reschedule a reschedule; Calendly has no "completed",
  // so an active invitee never undoes a completion recorded for it.
  if (stored.appointmentStatus === "RESCHEDULED") return "RESCHEDULED";
  if (a.provider === "CALENDLY" && stored.appointmentStatus === "COMPLETED") return "COMPLETED";
  return a.status;
}

export function decideBooking(stored: StoredBooking, a: ProviderAppointment, leadId: string): BookingDecision {
  const fresh = freshness(stored, a);
  if (!fresh.apply) return { change: "no-change", why: fresh.why, next: null, task: null, becameBooked: false };
  const status = statusOf(stored, a);
  // The superseded half of a Calendly reschedule carries the old slot: keep the stored time.
  const superseded = a.provider === "CALENDLY" && a.replacedBy !== null;
  const startAt = superseded ? stored.appointmentStartAt : a.startAt;
  const live = status !== "CANCELED";
  const next: NextBooking = {
    appointmentStatus: status,
    appointmentProvider: a.provider,
    appointmentStartAt: startAt ?? stored.appointmentStartAt,
    // The first booking time is kept across reschedules (Calendly's new invitee is booked later).
    appointmentBookedAt: isBooked(stored.appointmentStatus)
      ? (stored.appointmentBookedAt ?? a.bookedAt)
      : (a.bookedAt ?? stored.appointmentBookedAt),
    // A live booking clears an older cancellation (the analytics rule reads canceledAt >= bookedAt).
    appointmentCanceledAt: live ? null : (a.canceledAt ?? a.providerUpdatedAt ?? stored.appointmentCanceledAt),
    appointmentProviderUpdatedAt: a.providerUpdatedAt ?? stored.appointmentProviderUpdatedAt,
    ghlAppointmentId: a.provider === "GHL" ? a.appointmentId : stored.ghlAppointmentId,
    calendlyInviteeUri: a.provider === "CALENDLY" ? a.appointmentId : stored.calendlyInviteeUri,
    calendlyScheduledEventUri:
      a.provider === "CALENDLY" && !superseded ? a.scheduledEventUri : stored.calendlyScheduledEventUri,
  };
  const unchanged =
    status === stored.appointmentStatus &&
    a.provider === stored.appointmentProvider &&
    same(next.appointmentStartAt, stored.appointmentStartAt) &&
    storedIdOf(stored) === a.appointmentId;
  const change = unchanged ? "no-change" : CHANGE_OF[status];
  if (change === "no-change") {
    // Same state, newer provider time: still stored (so an older update cannot land later), no effects.
    return { change: "no-change", why: "same state", next: null, task: null, becameBooked: false };
  }
  return {
    change,
    why: fresh.why,
    next,
    task: taskFor(change, a, leadId),
    becameBooked: !isBooked(stored.appointmentStatus) && isBooked(status),
  };
}

/** The freshness to record when the state is unchanged (decideBooking's "same state"). */
export function newerProviderTime(stored: StoredBooking, a: ProviderAppointment): Date | null {
  const at = a.providerUpdatedAt;
  if (!at) return null;
  return !stored.appointmentProviderUpdatedAt || at > stored.appointmentProviderUpdatedAt ? at : null;
}

/** One task per lead and cancellation / reschedule: the key names the event, not the run that saw it. */
function taskFor(
  change: BookingChange,
  a: ProviderAppointment,
  leadId: string,
): NonNullable<BookingDecision["task"]> | null {
  if (change === "canceled") {
    return {
      kind: "APPOINTMENT_CANCELED",
      dedupeKey: `${leadId}:cancel:${a.provider}:${a.appointmentId}`,
      note: "The appointment was cancelled: follow up to rebook.",
    };
  }
  if (change === "rescheduled") {
    // Calendly: both halves of a reschedule name the new invitee. GHL: same id, the new start.
    const key =
      a.provider === "CALENDLY"
        ? (a.replacedBy ?? a.appointmentId)
        : `${a.appointmentId}:${a.startAt?.getTime() ?? "?"}`;
    return {
      kind: "APPOINTMENT_RESCHEDULED",
      dedupeKey: `${leadId}:reschedule:${a.provider}:${key}`,
      note: "The appointment was moved: confirm the new time with the lead.",
    };
  }
  return null;
}
