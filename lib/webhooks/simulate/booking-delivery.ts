// What a simulated booking event comes out as: one delivery, or two for a Calendly
// reschedule (the old invitee cancelled, the new one created), posted in order.
export type SimulatedBookingDelivery = {
  /** The provider's event name, e.g. AppointmentCreate or invitee.canceled. */
  eventType: string;
  /** Path on the app: /api/webhooks/ghl or /api/webhooks/calendly/<connectionId>. */
  path: string;
  /** Lower-case header names, authentication included. */
  headers: Record<string, string>;
  /** The exact bytes to send (compact JSON). */
  body: string;
};

export type SimulatedBooking = {
  deliveries: SimulatedBookingDelivery[];
  /** The appointment the events are about afterwards (GHL id, Calendly invitee URI; the new one after a reschedule). */
  appointmentId: string;
};

/** A provider time for a simulated event: whole seconds, and always after what is stored, so it applies ("newer wins"). */
export function simulatedEventTime(now: Date, storedUpdatedAt: Date | null): Date {
  const after = storedUpdatedAt ? Math.max(now.getTime(), storedUpdatedAt.getTime() + 1) : now.getTime();
  return new Date(Math.ceil(after / 1000) * 1000);
}
