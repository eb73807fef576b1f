// Writes one provider appointment onto one lead (docs/bookings.md): the lead row is locked,
// the decision taken on what it holds (booking-state.ts), then ONE conditional UPDATE whose
// WHERE repeats the freshness rule, so an older provider update can never overwrite a newer
// one even if two writers raced past the lock. The side effects of unbooked → booked (lead
// status MEETING_BOOKED, pending auto-sends cancelled) and the follow-up task run in the
// same transaction, so they happen exactly once per transition: a second webhook or cron
// run sees the booked row and decides "no-change".
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ProviderAppointment } from "@/lib/providers/provider-appointment";
import { decideBooking, newerProviderTime, type BookingChange, type StoredBooking } from "./booking-state";
import { cancelPendingAutoSends } from "@/lib/delivery/cancel-auto-sends";

type Tx = Prisma.TransactionClient;

export type ApplyBookingResult = {
  change: BookingChange;
  why: string;
  taskCreated: boolean;
  becameBooked: boolean;
  autoSendsCanceled: number;
};

type LockedLead = StoredBooking & { id: string; clientId: string };

export async function lockLeadBooking(tx: Tx, leadId: string): Promise<LockedLead | null> {
  const [row] = await tx.$queryRaw<LockedLead[]>`
    SELECT "id", "clientId", "appointmentStatus", "appointmentProvider", "appointmentStartAt", "appointmentBookedAt",
           "appointmentCanceledAt", "appointmentProviderUpdatedAt", "ghlAppointmentId", "calendlyInviteeUri",
           "calendlyScheduledEventUri"
      FROM "Lead" WHERE "id" = ${leadId}::uuid FOR UPDATE`;
  return row ?? null;
}

export async function applyBooking(
  tx: Tx,
  args: {
    leadId: string;
    appointment: ProviderAppointment;
    now: Date;
    /** Reconciliation asked the provider: record appointmentLastCheckedAt (webhooks do not). */
    checkedAt?: Date | null;
    dryRun?: boolean;
  },
): Promise<ApplyBookingResult> {
  const { appointment: a, now } = args;
  const lead = await lockLeadBooking(tx, args.leadId);
  if (!lead) throw new Error(`lead ${args.leadId} not found`);
  const decision = decideBooking(lead, a, lead.id);
  const base = { change: decision.change, why: decision.why, taskCreated: false, becameBooked: false };
  const checkedAt = args.checkedAt ?? null;

  if (!decision.next) {
    if (args.dryRun) return { ...base, autoSendsCanceled: 0 };
    const newer = newerProviderTime(lead, a);
    if (newer || checkedAt) {
      await tx.$executeRaw`
        UPDATE "Lead" SET
          "appointmentProviderUpdatedAt" = GREATEST("appointmentProviderUpdatedAt", ${newer}::timestamptz),
          "appointmentLastCheckedAt" = COALESCE(${checkedAt}::timestamptz, "appointmentLastCheckedAt"),
          "updatedAt" = ${now}
        WHERE "id" = ${lead.id}::uuid`;
    }
    return { ...base, autoSendsCanceled: 0 };
  }
  if (args.dryRun) {
    return { ...base, taskCreated: decision.task !== null, becameBooked: decision.becameBooked, autoSendsCanceled: 0 };
  }

  const n = decision.next;
  // A Calendly reschedule link bypasses the time comparison (booking-state.ts), so it bypasses it here too.
  const linked =
    a.provider === "CALENDLY" && a.replaces !== null && a.replaces === lead.calendlyInviteeUri ? true : false;
  const updated = await tx.$executeRaw`
    UPDATE "Lead" SET
      "appointmentStatus" = ${n.appointmentStatus}::"AppointmentStatus",
      "appointmentProvider" = ${n.appointmentProvider}::"AppointmentProvider",
      "appointmentStartAt" = ${n.appointmentStartAt},
      "appointmentBookedAt" = ${n.appointmentBookedAt},
      "appointmentCanceledAt" = ${n.appointmentCanceledAt},
      "appointmentProviderUpdatedAt" = ${n.appointmentProviderUpdatedAt},
      "ghlAppointmentId" = ${n.ghlAppointmentId},
      "calendlyInviteeUri" = ${n.calendlyInviteeUri},
      "calendlyScheduledEventUri" = ${n.calendlyScheduledEventUri},
      "appointmentLastCheckedAt" = COALESCE(${checkedAt}::timestamptz, "appointmentLastCheckedAt"),
      "status" = CASE WHEN ${decision.becameBooked} THEN 'MEETING_BOOKED'::"LeadStatus" ELSE "status" END,
      "updatedAt" = ${now}
    WHERE "id" = ${lead.id}::uuid
      AND (${linked} OR "appointmentProviderUpdatedAt" IS NULL
           OR "appointmentProviderUpdatedAt" < ${a.providerUpdatedAt}::timestamptz)`;
  if (updated === 0)
    return { ...base, change: "no-change", why: "a newer provider update is stored", autoSendsCanceled: 0 };

  let taskCreated = false;
  if (decision.task) {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "LeadTask" ("clientId", "leadId", "kind", "dedupeKey", "note")
      VALUES (${lead.clientId}::uuid, ${lead.id}::uuid, ${decision.task.kind}::"LeadTaskKind", ${decision.task.dedupeKey},
              ${decision.task.note})
      ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id"`;
    taskCreated = rows.length > 0;
  }
  const autoSendsCanceled = decision.becameBooked
    ? (await cancelPendingAutoSends({ db: tx, leadId: lead.id, reason: "booked", now })).length
    : 0;
  return {
    change: decision.change,
    why: decision.why,
    taskCreated,
    becameBooked: decision.becameBooked,
    autoSendsCanceled,
  };
}
