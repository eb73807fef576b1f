// ProviderAppointment ⇄ JSON (PendingAppointmentEvent.appointment): dates as ISO strings,
// read back strictly so a hand-edited row fails loudly instead of writing nonsense.
import { z } from "zod";
import type { ProviderAppointment } from "@/lib/providers/provider-appointment";

const date = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .nullable();

/** The strict schema of a stored ProviderAppointment (also the backfill's GoHighLevel side file). */
export const providerAppointmentJson = z.object({
  provider: z.enum(["GHL", "CALENDLY"]),
  appointmentId: z.string().min(1),
  scheduledEventUri: z.string().nullable(),
  seriesId: z.string().nullable(),
  contactId: z.string().nullable(),
  inviteeEmail: z.string().nullable(),
  status: z.enum(["BOOKED", "RESCHEDULED", "CANCELED", "COMPLETED", "NO_SHOW"]),
  rawStatus: z.string(),
  startAt: date,
  endAt: date,
  bookedAt: date,
  canceledAt: date,
  providerUpdatedAt: date,
  rescheduled: z.boolean(),
  replaces: z.string().nullable(),
  replacedBy: z.string().nullable(),
  timeSource: z.enum(["offset", "location-zone", "utc-assumed"]),
});

export function appointmentToJson(appointment: ProviderAppointment): Record<string, unknown> {
  return JSON.parse(JSON.stringify(appointment)) as Record<string, unknown>;
}

export function appointmentFromJson(value: unknown): ProviderAppointment {
  return providerAppointmentJson.parse(value);
}
