// GoHighLevel appointment status → Leadclock AppointmentStatus (documented in docs/bookings.md).
// The words are calendars.json's appointmentStatus enum (new, confirmed, cancelled, showed,
// noshow, invalid, + active, completed in one response schema) and the contacts API's
// `status: "booked"`. GHL keeps the id when an appointment is moved, so a reschedule is only
// visible against what we stored before: a live status with a different start time.
import type { AppointmentStatus } from "@/lib/generated/prisma/enums";

export const GHL_STATUS_TABLE = {
  new: "BOOKED",
  confirmed: "BOOKED",
  booked: "BOOKED",
  active: "BOOKED",
  cancelled: "CANCELED",
  // Not in GHL's enum; the US spelling costs nothing to accept.
  canceled: "CANCELED",
  invalid: "CANCELED",
  showed: "COMPLETED",
  completed: "COMPLETED",
  noshow: "NO_SHOW",
} as const satisfies Record<string, AppointmentStatus>;

export type GhlStatusInput = {
  /** appointmentStatus (or the contacts API's `status` when appointmentStatus is absent). */
  rawStatus: string;
  /** An AppointmentDelete webhook, or the appointment is gone from the API. */
  deleted?: boolean;
  startAt: Date | null;
  /** The start time stored for the same id before this update, if any. */
  previousStartAt?: Date | null;
};

/** Null when the status word is unknown: the caller reports it instead of guessing. */
export function mapGhlAppointmentStatus(
  input: GhlStatusInput,
): { status: AppointmentStatus; rescheduled: boolean } | null {
  if (input.deleted) return { status: "CANCELED", rescheduled: false };
  const key = input.rawStatus.trim().toLowerCase() as keyof typeof GHL_STATUS_TABLE;
  const status: AppointmentStatus | undefined = Object.hasOwn(GHL_STATUS_TABLE, key)
    ? GHL_STATUS_TABLE[key]
    : undefined;
  if (!status) return null;
  const moved =
    status === "BOOKED" &&
    input.previousStartAt != null &&
    input.startAt !== null &&
    input.previousStartAt.getTime() !== input.startAt.getTime();
  return moved ? { status: "RESCHEDULED", rescheduled: true } : { status, rescheduled: false };
}
