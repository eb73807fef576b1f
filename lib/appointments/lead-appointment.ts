// What the CRM drawer's appointment section shows (docs/bookings.md): the lead's booking
// state, its open follow-up tasks, and whether a booking connection could check it now.
import type { AppointmentProvider, AppointmentStatus, LeadTaskKind } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";

export type LeadAppointmentView = {
  status: AppointmentStatus | null;
  provider: AppointmentProvider | null;
  startAt: Date | null;
  bookedAt: Date | null;
  canceledAt: Date | null;
  lastCheckedAt: Date | null;
  openTasks: { id: string; kind: LeadTaskKind; note: string | null; createdAt: Date }[];
  /** A GHL connection and a contact id, or a Calendly connection and an email. */
  canCheck: boolean;
};

export async function getLeadAppointment(args: {
  db: Db;
  clientId: string;
  leadId: string;
}): Promise<LeadAppointmentView | null> {
  const { db, clientId, leadId } = args;
  const [lead, connections] = await Promise.all([
    db.lead.findFirst({
      where: { id: leadId, clientId },
      select: {
        appointmentStatus: true,
        appointmentProvider: true,
        appointmentStartAt: true,
        appointmentBookedAt: true,
        appointmentCanceledAt: true,
        appointmentLastCheckedAt: true,
        email: true,
        ghlContactId: true,
        tasks: {
          where: { doneAt: null },
          orderBy: { createdAt: "asc" },
          select: { id: true, kind: true, note: true, createdAt: true },
        },
      },
    }),
    db.providerConnection.findMany({
      where: { clientId, provider: { in: ["GHL", "CALENDLY"] }, disabledAt: null },
      select: { provider: true },
    }),
  ]);
  if (!lead) return null;
  const has = (provider: AppointmentProvider) => connections.some((c) => c.provider === provider);
  return {
    status: lead.appointmentStatus,
    provider: lead.appointmentProvider,
    startAt: lead.appointmentStartAt,
    bookedAt: lead.appointmentBookedAt,
    canceledAt: lead.appointmentCanceledAt,
    lastCheckedAt: lead.appointmentLastCheckedAt,
    openTasks: lead.tasks,
    canCheck: (has("GHL") && Boolean(lead.ghlContactId)) || (has("CALENDLY") && Boolean(lead.email)),
  };
}
