// GoHighLevel AppointmentCreate / AppointmentUpdate / AppointmentDelete → ParseResult. The
// event's `appointment` object is read by the same record reader as the API answers
// (appointment-record.ts); a delete maps to CANCELED. The lead is the appointment's
// contactId. Pure: the reschedule (same id, new start) is decided against the stored lead
// by lib/appointments/booking-state.ts, not here.
import type { ParseResult } from "@/lib/providers/webhook-adapter";
import { readGhlAppointmentRecord } from "./appointment-record";

export const GHL_APPOINTMENT_EVENTS = new Set(["AppointmentCreate", "AppointmentUpdate", "AppointmentDelete"]);

export function parseGhlAppointmentEvent(args: {
  payload: Record<string, unknown>;
  eventType: string;
  dedupeKey: string;
}): ParseResult {
  const { payload, eventType, dedupeKey } = args;
  const reject = (reason: string): ParseResult => ({ kind: "rejected", eventType, dedupeKey, reason });
  const raw = payload.appointment;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    return reject(`${eventType}: no appointment object`);
  const read = readGhlAppointmentRecord(raw, { timeZone: null, deleted: eventType === "AppointmentDelete" });
  if (!read.ok) return reject(`invalid ${eventType}: appointment.${read.reason}`);
  const appointment = read.appointment;
  if (!appointment.contactId) return reject(`invalid ${eventType}: appointment.contactId missing`);
  return {
    kind: "appointment",
    eventType,
    dedupeKey,
    occurredAt: appointment.providerUpdatedAt,
    appointment,
    lead: { providerLeadId: appointment.contactId, email: null, phone: null, name: null, linkedinUrl: null },
    reason: appointment.timeSource === "utc-assumed" ? "naive appointment times read as UTC" : null,
  };
}
