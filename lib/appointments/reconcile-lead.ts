// One reconcile step (issue 10 §3, docs/bookings.md): ask the provider for the lead's
// appointments, pick the one that tells the lead's booking state now, and write it with
// applyBooking (one conditional update, side effects once, one follow-up task), recording
// appointmentLastCheckedAt. With dryRun nothing is written: the answer says what would change.
import type { Db } from "@/lib/prisma-client";
import type { ProviderAppointment } from "@/lib/providers/provider-appointment";
import { applyBooking } from "./apply-booking";
import type { BookingChange } from "./booking-state";
import type { BookingReader, LeadForBooking } from "./booking-connections";

export type ReconcileLeadResult = {
  leadId: string;
  provider: BookingReader["provider"];
  change: BookingChange;
  taskCreated: boolean;
  /** Why (no identity, nothing found, the freshness rule, …): for logs and the CLI. */
  reason: string;
  invalidRecords: number;
};

const updatedOf = (a: ProviderAppointment) => (a.providerUpdatedAt ?? a.bookedAt)?.getTime() ?? 0;

/**
 * The appointment that tells the lead's state: a Calendly invitee superseded by a reschedule
 * whose new invitee is also listed gives way to it; otherwise the latest provider update
 * (a newer booking after an old cancellation, or the cancellation of the newest booking).
 */
export function currentAppointment(appointments: readonly ProviderAppointment[]): ProviderAppointment | null {
  const ids = new Set(appointments.map((a) => a.appointmentId));
  const live = appointments.filter((a) => !(a.replacedBy && ids.has(a.replacedBy)));
  return live.reduce<ProviderAppointment | null>(
    (best, a) => (!best || updatedOf(a) > updatedOf(best) ? a : best),
    null,
  );
}

/** GoHighLevel: the appointment the lead had is gone from the list; 404 on its own = deleted. */
async function vanished(reader: BookingReader, lead: LeadForBooking & { ghlAppointmentId: string | null }, now: Date) {
  if (reader.provider !== "GHL" || !lead.ghlAppointmentId || !reader.findAppointment) return null;
  const found = await reader.findAppointment(lead.ghlAppointmentId);
  if (found) return found;
  const deleted: ProviderAppointment = {
    provider: "GHL",
    appointmentId: lead.ghlAppointmentId,
    scheduledEventUri: null,
    seriesId: null,
    contactId: lead.ghlContactId,
    inviteeEmail: null,
    status: "CANCELED",
    rawStatus: "deleted",
    startAt: null,
    endAt: null,
    bookedAt: null,
    // GoHighLevel gives no time for a deletion: when we saw it gone.
    canceledAt: now,
    providerUpdatedAt: now,
    rescheduled: false,
    replaces: null,
    replacedBy: null,
    timeSource: "offset",
  };
  return deleted;
}

export async function reconcileLead(args: {
  db: Db;
  lead: LeadForBooking;
  connection: BookingReader;
  now: Date;
  dryRun?: boolean;
}): Promise<ReconcileLeadResult> {
  const { db, lead, connection: reader, now } = args;
  const dryRun = args.dryRun ?? false;
  const base = { leadId: lead.id, provider: reader.provider, taskCreated: false, invalidRecords: 0 };
  const touch = async () => {
    if (!dryRun) await db.lead.update({ where: { id: lead.id }, data: { appointmentLastCheckedAt: now } });
  };

  const listed = await reader.appointmentsOf(lead);
  if (!listed) {
    await touch();
    return {
      ...base,
      change: "no-change",
      reason: `no ${reader.provider === "GHL" ? "contact id" : "email"} to look up`,
    };
  }
  const invalidRecords = listed.invalid.length;
  let appointment = currentAppointment(listed.appointments);
  const stillListed =
    lead.ghlAppointmentId && listed.appointments.some((a) => a.appointmentId === lead.ghlAppointmentId);
  if (reader.provider === "GHL" && lead.ghlAppointmentId && !stillListed) {
    const gone = await vanished(reader, lead, now);
    // The stored appointment disappeared; a newer one listed still wins.
    if (gone && (!appointment || updatedOf(gone) >= updatedOf(appointment))) appointment = gone;
  }
  if (!appointment) {
    await touch();
    return { ...base, invalidRecords, change: "no-change", reason: "no appointment at the provider" };
  }
  const applied = await db.$transaction(
    (tx) => applyBooking(tx, { leadId: lead.id, appointment, now, checkedAt: now, dryRun }),
    { maxWait: 10_000, timeout: 20_000 },
  );
  return {
    ...base,
    invalidRecords,
    change: applied.change,
    taskCreated: applied.taskCreated,
    reason: applied.why,
  };
}
