// The booking events `npm run webhooks:simulate -- --event …` can send, and what each needs:
// a start time (a new slot) and/or an earlier appointment to act on.
export const GHL_APPOINTMENT_EVENTS = ["appointment-create", "appointment-update", "appointment-delete"] as const;
export const CALENDLY_EVENTS = [
  "invitee-created",
  "invitee-canceled",
  "invitee-rescheduled",
  "no-show-created",
  "no-show-deleted",
] as const;
export const APPOINTMENT_EVENTS = [...GHL_APPOINTMENT_EVENTS, ...CALENDLY_EVENTS] as const;

export type GhlAppointmentEvent = (typeof GHL_APPOINTMENT_EVENTS)[number];
export type CalendlyEvent = (typeof CALENDLY_EVENTS)[number];
export type AppointmentEvent = (typeof APPOINTMENT_EVENTS)[number];
export type AppointmentProviderSlug = "ghl" | "calendly";

export function isGhlAppointmentEvent(event: string): event is GhlAppointmentEvent {
  return (GHL_APPOINTMENT_EVENTS as readonly string[]).includes(event);
}

export function isCalendlyEvent(event: string): event is CalendlyEvent {
  return (CALENDLY_EVENTS as readonly string[]).includes(event);
}

/** Events that book a slot, so `--start` applies (a create, or a move to a new time). */
export function takesStart(event: AppointmentEvent): boolean {
  return ["appointment-create", "appointment-update", "invitee-created", "invitee-rescheduled"].includes(event);
}

/** Events about an appointment made earlier, so `--appointment-id` applies (default: the lead's current one). */
export function actsOnExisting(event: AppointmentEvent): boolean {
  return event !== "appointment-create" && event !== "invitee-created";
}
