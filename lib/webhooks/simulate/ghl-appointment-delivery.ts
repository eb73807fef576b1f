// A GoHighLevel AppointmentCreate / AppointmentUpdate / AppointmentDelete shaped like the
// fixtures (tests/fixtures/providers/gohighlevel/Appointment*.json: times in ISO with the
// location's offset, no webhookId), signed like every GoHighLevel webhook (Ed25519 over the
// raw body, x-ghl-signature; ghl-delivery.ts). GoHighLevel keeps the id when an appointment
// moves, so an update is the same id with a new start.
import { formatPatternInTimeZone } from "@/lib/format";
import type { GhlAppointmentEvent } from "./appointment-events";
import type { SimulatedBooking } from "./booking-delivery";
import { signGhlBody } from "./ghl-delivery";
import { alphanumericId } from "./ids";

const EVENT_TYPE = {
  "appointment-create": "AppointmentCreate",
  "appointment-update": "AppointmentUpdate",
  "appointment-delete": "AppointmentDelete",
} as const satisfies Record<GhlAppointmentEvent, string>;

const SLOT_MS = 30 * 60_000;

export function buildGhlAppointmentDelivery(args: {
  event: GhlAppointmentEvent;
  locationId: string;
  contactId: string;
  leadName: string;
  /** null for a create (a fresh id). */
  appointmentId: string | null;
  /** The slot's start (an update's new start; a delete's current one). */
  startAt: Date;
  /** When the appointment was booked (dateAdded); a create's is `updatedAt`. */
  bookedAt: Date | null;
  /** dateUpdated: the event's time (simulatedEventTime). */
  updatedAt: Date;
  /** The location's zone, for the offsets GoHighLevel writes. */
  timeZone: string;
  privateKeyPem: string;
}): SimulatedBooking {
  const at = (date: Date) => formatPatternInTimeZone(date, args.timeZone, "yyyy-MM-dd'T'HH:mm:ssxxx");
  const id = args.appointmentId ?? alphanumericId();
  const assignedUserId = alphanumericId();
  const payload = {
    type: EVENT_TYPE[args.event],
    locationId: args.locationId,
    appointment: {
      id,
      address: "https://meet.example.com/sim-ulat-ed1",
      title: `Intro call - ${args.leadName}`,
      calendarId: alphanumericId(),
      contactId: args.contactId,
      groupId: alphanumericId(),
      appointmentStatus: "confirmed",
      assignedUserId,
      users: [assignedUserId],
      notes: "Booked by npm run webhooks:simulate",
      source: "booking_widget",
      startTime: at(args.startAt),
      endTime: at(new Date(args.startAt.getTime() + SLOT_MS)),
      dateAdded: at(args.event === "appointment-create" ? args.updatedAt : (args.bookedAt ?? args.updatedAt)),
      dateUpdated: at(args.updatedAt),
    },
  };
  const body = JSON.stringify(payload);
  return {
    appointmentId: id,
    deliveries: [
      {
        eventType: payload.type,
        path: "/api/webhooks/ghl",
        headers: { "content-type": "application/json", "x-ghl-signature": signGhlBody(body, args.privateKeyPem) },
        body,
      },
    ],
  };
}
