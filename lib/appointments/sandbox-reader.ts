// The booking "provider" of a sandbox connection without an API base URL (the demo's): no
// network. It answers, in the fixtures' API shapes (GoHighLevel's GetEventSchema with ISO
// times, Calendly's Invitee + embedded Event), what the lead's stored booking says, and the
// answer goes through the same record readers and reconcile rules as a live one. So the demo's
// cron and "Check now" run the real pipeline and confirm the seeded bookings (no change).
import type { Db } from "@/lib/prisma-client";
import { readCalendlyInviteeRecord } from "@/lib/providers/calendly/invitee-record";
import { readGhlAppointmentRecord } from "@/lib/providers/ghl/appointment-record";
import { partitionRecords } from "@/lib/providers/provider-appointment";
import type { BookingConnectionRow, BookingReader } from "./booking-connections";

const GHL_WORD = {
  BOOKED: "confirmed",
  RESCHEDULED: "confirmed",
  CANCELED: "cancelled",
  COMPLETED: "showed",
  NO_SHOW: "noshow",
};
const CALENDLY_WORD = {
  BOOKED: "active",
  RESCHEDULED: "active",
  CANCELED: "canceled",
  COMPLETED: "active",
  NO_SHOW: "active",
};

export function sandboxBookingReader(db: Db, row: BookingConnectionRow): BookingReader {
  return {
    connectionId: row.id,
    provider: row.provider,
    lastRateLimit: () => null,
    async appointmentsOf(lead) {
      if (row.provider === "GHL" ? !lead.ghlContactId : !lead.email) return null;
      const stored = await db.lead.findUniqueOrThrow({ where: { id: lead.id } });
      const status = stored.appointmentStatus;
      if (!status || stored.appointmentProvider !== row.provider || !stored.appointmentStartAt) {
        return { appointments: [], invalid: [] };
      }
      const start = stored.appointmentStartAt.toISOString();
      const end = new Date(stored.appointmentStartAt.getTime() + 30 * 60_000).toISOString();
      const updated = (
        stored.appointmentProviderUpdatedAt ??
        stored.appointmentCanceledAt ??
        stored.appointmentBookedAt ??
        stored.appointmentStartAt
      ).toISOString();
      if (row.provider === "GHL") {
        const record = {
          id: stored.ghlAppointmentId ?? `sandbox-${stored.id}`,
          contactId: lead.ghlContactId,
          locationId: row.externalAccountId,
          appointmentStatus: GHL_WORD[status],
          startTime: start,
          endTime: end,
          dateAdded: (stored.appointmentBookedAt ?? stored.appointmentStartAt).toISOString(),
          dateUpdated: updated,
        };
        return partitionRecords([readGhlAppointmentRecord(record, { timeZone: null })]);
      }
      const event =
        stored.calendlyScheduledEventUri ?? `https://api.calendly.com/scheduled_events/sandbox-${stored.id}`;
      const invitee = {
        uri: stored.calendlyInviteeUri ?? `${event}/invitees/sandbox`,
        email: lead.email,
        status: CALENDLY_WORD[status],
        event,
        created_at: (stored.appointmentBookedAt ?? stored.appointmentStartAt).toISOString(),
        updated_at: updated,
        rescheduled: false,
        no_show: status === "NO_SHOW" ? { uri: `${event}/no_show`, created_at: updated } : null,
        cancellation: status === "CANCELED" ? { created_at: updated } : null,
        scheduled_event: {
          uri: event,
          status: status === "CANCELED" ? "canceled" : "active",
          start_time: start,
          end_time: end,
        },
      };
      return partitionRecords([readCalendlyInviteeRecord(invitee)]);
    },
  };
}
