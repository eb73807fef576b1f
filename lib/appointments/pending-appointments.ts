// Appointment webhooks for a lead Leadclock does not know yet (docs/bookings.md, "Early
// bookings"): kept in PendingAppointmentEvent with the identity they name, and applied when a
// lead with that appointment id, GHL contactId, email or phone exists. The reconcile cron
// sweeps them first in every run (and the CLI before each workspace), so a booking made
// before the lead's first message reaches the lead within a minute of the lead appearing.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import type { ProviderAppointment } from "@/lib/providers/provider-appointment";
import { appointmentFromJson, appointmentToJson } from "./appointment-json";
import { applyBooking, type ApplyBookingResult } from "./apply-booking";
import { matchLead, type AppointmentIdentity } from "./match-lead";

type Tx = Prisma.TransactionClient;

export async function storePendingAppointment(
  tx: Tx,
  args: {
    clientId: string;
    connectionId: string;
    webhookEventId: string | null;
    identity: AppointmentIdentity;
    appointment: ProviderAppointment;
  },
): Promise<void> {
  await tx.pendingAppointmentEvent.create({
    data: {
      clientId: args.clientId,
      connectionId: args.connectionId,
      provider: args.appointment.provider,
      webhookEventId: args.webhookEventId,
      contactId: args.identity.contactId,
      email: args.identity.email,
      phone: args.identity.phone,
      appointment: appointmentToJson(args.appointment) as Prisma.InputJsonValue,
    },
  });
}

export type PendingSweep = { applied: number; results: ApplyBookingResult[] };

/**
 * Applies the waiting events whose lead now exists (oldest first; each in its own
 * transaction, the row locked with SKIP LOCKED so two sweeps never apply one event twice).
 */
export async function applyPendingAppointments(args: {
  db: Db;
  clientId: string;
  now: Date;
  limit?: number;
  dryRun?: boolean;
}): Promise<PendingSweep> {
  const { db, clientId, now } = args;
  const candidates = await db.$queryRaw<{ id: string }[]>`
    SELECT p."id" FROM "PendingAppointmentEvent" p
     WHERE p."clientId" = ${clientId}::uuid AND p."appliedAt" IS NULL
       AND EXISTS (SELECT 1 FROM "Lead" l WHERE l."clientId" = p."clientId"
                    AND (l."ghlContactId" = p."contactId" OR l."email" = p."email"
                         OR lower(btrim(l."email")) = p."email" OR l."phone" = p."phone"))
     ORDER BY p."createdAt", p."id" LIMIT ${args.limit ?? 200}`;
  const sweep: PendingSweep = { applied: 0, results: [] };
  for (const { id } of candidates) {
    const result = await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<
        { id: string; contactId: string | null; email: string | null; phone: string | null; appointment: unknown }[]
      >`SELECT "id", "contactId", "email", "phone", "appointment" FROM "PendingAppointmentEvent"
         WHERE "id" = ${id}::uuid AND "appliedAt" IS NULL FOR UPDATE SKIP LOCKED`;
      if (!row) return null;
      const appointment = appointmentFromJson(row.appointment);
      const identity = { provider: appointment.provider, appointmentId: null, ...row };
      const leadId = await matchLead(tx, clientId, identity);
      if (!leadId) return null;
      const applied = await applyBooking(tx, { leadId, appointment, now, dryRun: args.dryRun });
      if (!args.dryRun) {
        await tx.pendingAppointmentEvent.update({ where: { id }, data: { appliedAt: now, appliedLeadId: leadId } });
      }
      return applied;
    });
    if (result) {
      sweep.applied += 1;
      sweep.results.push(result);
    }
  }
  return sweep;
}
