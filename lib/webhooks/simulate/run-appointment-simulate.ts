// `npm run webhooks:simulate -- --event …` for booking events: finds the connection and the
// lead, builds and signs the GoHighLevel or Calendly event(s), posts them in order, then
// reads back what the app stored (the WebhookEvent and its reason) and where the lead's
// booking stands. Returns the exit code: 0 stored, 1 anything else (each with a message).
import { formatInTimeZone } from "@/lib/format";
import type { Db } from "@/lib/prisma-client";
import { calendlyAdapter } from "@/lib/providers/calendly";
import { ghlAdapter } from "@/lib/providers/ghl/adapter";
import { isCalendlyEvent, isGhlAppointmentEvent } from "./appointment-events";
import { simulatedEventTime, type SimulatedBooking } from "./booking-delivery";
import { buildCalendlyDeliveries } from "./calendly-delivery";
import { findAppointmentTarget, APPOINTMENT_LEAD_SELECT, type AppointmentLead } from "./find-appointment-target";
import { targetProblemMessage } from "./find-connection";
import { buildGhlAppointmentDelivery } from "./ghl-appointment-delivery";
import { postSimulatedDelivery } from "./post-delivery";
import type { SimulateAppointmentArgs } from "./simulate-args";

export type AppointmentSimulateDeps = {
  db: Db;
  now: () => Date;
  encryptionKey: Buffer;
  /** GoHighLevel only: the key whose public half the app verifies with. */
  ghlPrivateKeyPem: string | null;
  log: (line: string) => void;
  error: (line: string) => void;
};

const PROVIDER_LABEL = { GHL: "GoHighLevel", CALENDLY: "Calendly" } as const;

function describeBooking(lead: AppointmentLead, timeZone: string): string {
  if (!lead.appointmentStatus) return "no appointment";
  const parts: string[] = [lead.appointmentStatus];
  if (lead.appointmentProvider) parts.push(`via ${PROVIDER_LABEL[lead.appointmentProvider]}`);
  if (lead.appointmentStartAt) parts.push(`starts ${formatInTimeZone(lead.appointmentStartAt, timeZone)}`);
  return parts.join(", ");
}

export async function runAppointmentSimulate(args: SimulateAppointmentArgs, deps: AppointmentSimulateDeps) {
  const { db, log, error } = deps;
  const now = deps.now();
  let target;
  try {
    target = await findAppointmentTarget({
      db,
      provider: args.provider,
      event: args.event,
      clientId: args.clientId,
      lead: args.lead ?? null,
      start: args.start,
      appointmentId: args.appointmentId,
      encryptionKey: deps.encryptionKey,
      now,
    });
  } catch (problem) {
    const message = targetProblemMessage(problem);
    if (message === null) throw problem;
    error(message);
    return 1;
  }
  const { connection, lead, existing } = target;
  const at = simulatedEventTime(now, target.storedUpdatedAt);
  let booking: SimulatedBooking;
  if (isGhlAppointmentEvent(args.event)) {
    if (!deps.ghlPrivateKeyPem) throw new Error("a GoHighLevel event needs the private signing key");
    booking = buildGhlAppointmentDelivery({
      event: args.event,
      locationId: connection.externalAccountId,
      contactId: lead.ghlContactId!,
      leadName: lead.name,
      appointmentId: existing?.id ?? null,
      startAt: target.startAt ?? existing!.startAt,
      bookedAt: existing?.bookedAt ?? null,
      updatedAt: at,
      timeZone: connection.timeZone,
      privateKeyPem: deps.ghlPrivateKeyPem,
    });
  } else if (isCalendlyEvent(args.event)) {
    booking = buildCalendlyDeliveries({
      event: args.event,
      connectionId: connection.id,
      signingKey: connection.webhookSecret!,
      invitee: { name: lead.name, email: lead.email! },
      existing: existing ? { inviteeUri: existing.id, startAt: existing.startAt, bookedAt: existing.bookedAt } : null,
      startAt: target.startAt,
      at,
      now,
      timeZone: connection.timeZone,
    });
  } else {
    throw new Error(`--event ${args.event} is not a ${args.provider} booking event`);
  }

  log(`Workspace: ${connection.workspaceName} (${connection.clientId})`);
  log(`Connection: ${connection.id} (${connection.mode}), lead: ${lead.name} (${lead.id})`);
  const adapter = args.provider === "ghl" ? ghlAdapter : calendlyAdapter;
  for (const delivery of booking.deliveries) {
    const posted = await postSimulatedDelivery({
      url: args.url,
      delivery,
      provider: args.provider,
      label: delivery.eventType,
      log,
      error,
    });
    if (!posted) return 1;
    // The event row the app wrote, by the same dedupe key its adapter derives.
    const { dedupeKey } = adapter.parse({ rawBody: delivery.body, headers: delivery.headers, receivedAt: now });
    const event = await db.webhookEvent.findUnique({
      where: { provider_dedupeKey: { provider: adapter.provider, dedupeKey } },
      select: { id: true, status: true, reason: true },
    });
    if (!event) {
      error("The app answered 200 but stored no event for this delivery (see WebhookEvent).");
      return 1;
    }
    log(`Stored: event ${event.id} (${event.status})${event.reason ? `: ${event.reason}` : ""}`);
    if (event.status !== "processed") {
      error(`The app ${event.status} the ${delivery.eventType}; the lead's booking is unchanged.`);
      return 1;
    }
  }

  const after = await db.lead.findUniqueOrThrow({ where: { id: lead.id }, select: APPOINTMENT_LEAD_SELECT });
  const tasks = await db.leadTask.findMany({
    where: { leadId: lead.id, doneAt: null },
    orderBy: { createdAt: "asc" },
    select: { kind: true },
  });
  log(`\nAppointment: ${booking.appointmentId}`);
  log(
    `Lead ${after.name}: ${describeBooking(after, connection.timeZone)} (was: ${describeBooking(lead, connection.timeZone)})`,
  );
  if (tasks.length > 0) log(`Open follow-up tasks: ${tasks.map((t) => t.kind).join(", ")}`);
  log(`Open the CRM: ${args.url}/w/${connection.clientId}/crm?lead=${lead.id}`);
  return 0;
}
