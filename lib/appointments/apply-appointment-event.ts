// The webhook pipeline's appointment branch (lib/webhooks/store-event.ts applyParseResult),
// inside the delivery's transaction: find the lead (match-lead.ts) and apply the booking
// (apply-booking.ts), or keep the event for a lead that does not exist yet.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Provider, WebhookEventStatus } from "@/lib/generated/prisma/enums";
import type { ParsedAppointment } from "@/lib/providers/webhook-adapter";
import { applyBooking } from "./apply-booking";
import { matchLead, normalizeAppointmentIdentity } from "./match-lead";
import { storePendingAppointment } from "./pending-appointments";

type Tx = Prisma.TransactionClient;

export async function applyAppointmentEvent(
  tx: Tx,
  args: {
    connection: { id: string; clientId: string; provider: Provider; defaultCountry: string };
    appointmentEvent: ParsedAppointment;
    eventDedupeKey: string;
    now: Date;
  },
): Promise<{ status: WebhookEventStatus; reason: string | null; messageId: null }> {
  const { connection, appointmentEvent: event, now } = args;
  const { appointment } = event;
  const identity = normalizeAppointmentIdentity(
    {
      provider: appointment.provider,
      appointmentId: appointment.appointmentId,
      contactId: event.lead.providerLeadId,
      email: event.lead.email ?? appointment.inviteeEmail,
      phone: event.lead.phone,
    },
    connection.defaultCountry,
  );
  const note = (text: string) => (event.reason ? `${text}; ${event.reason}` : text);
  const leadId = await matchLead(tx, connection.clientId, identity);
  if (!leadId) {
    const [row] = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "WebhookEvent" WHERE "provider" = ${connection.provider}::"Provider" AND "dedupeKey" = ${args.eventDedupeKey}`;
    await storePendingAppointment(tx, {
      clientId: connection.clientId,
      connectionId: connection.id,
      webhookEventId: row?.id ?? null,
      identity,
      appointment,
    });
    return { status: "processed", reason: note("no lead yet: kept pending until the lead appears"), messageId: null };
  }
  const applied = await applyBooking(tx, { leadId, appointment, now });
  const task = applied.taskCreated ? ", follow-up task created" : "";
  return {
    status: "processed",
    reason: note(`appointment ${applied.change} (${applied.why}${task})`),
    messageId: null,
  };
}
