// Which lead an appointment belongs to (docs/bookings.md): the appointment's own id stored on
// a lead (a later update of a booking we already hold), then the provider's contact id (GHL
// contactId), then the normalized email, then the E.164 phone. Never creates a lead: an
// appointment for nobody we know waits in PendingAppointmentEvent (pending-appointments.ts).
import { Prisma } from "@/lib/generated/prisma/client";
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import { normalizeEmail, normalizePhone } from "@/lib/webhooks/normalize-identity";

type Tx = Prisma.TransactionClient;

export type AppointmentIdentity = {
  provider: AppointmentProvider;
  appointmentId: string | null;
  contactId: string | null;
  email: string | null;
  phone: string | null;
};

/** The identity as stored and compared: email lower-cased, phone in E.164 (the workspace's country). */
export function normalizeAppointmentIdentity(
  raw: {
    provider: AppointmentProvider;
    appointmentId?: string | null;
    contactId?: string | null;
    email?: string | null;
    phone?: string | null;
  },
  defaultCountry: string,
): AppointmentIdentity {
  return {
    provider: raw.provider,
    appointmentId: raw.appointmentId?.trim() || null,
    contactId: raw.contactId?.trim() || null,
    email: normalizeEmail(raw.email),
    phone: normalizePhone(raw.phone, defaultCountry),
  };
}

export async function matchLead(tx: Tx, clientId: string, identity: AppointmentIdentity): Promise<string | null> {
  const { appointmentId, contactId, email, phone } = identity;
  const column = identity.provider === "GHL" ? Prisma.raw('"ghlAppointmentId"') : Prisma.raw('"calendlyInviteeUri"');
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM (
      SELECT "id", 1 AS rank, "createdAt" FROM "Lead" WHERE "clientId" = ${clientId}::uuid AND ${column} = ${appointmentId}
      UNION ALL
      SELECT "id", 2, "createdAt" FROM "Lead" WHERE "clientId" = ${clientId}::uuid AND "ghlContactId" = ${contactId}
      UNION ALL
      SELECT "id", 3, "createdAt" FROM "Lead" WHERE "clientId" = ${clientId}::uuid AND "email" = ${email}
      UNION ALL
      SELECT "id", 4, "createdAt" FROM "Lead" WHERE "clientId" = ${clientId}::uuid AND "phone" = ${phone}
    ) candidates
    ORDER BY rank, "createdAt" ASC, "id" ASC
    LIMIT 1`;
  if (row || !email) return row?.id ?? null;
  // A lead written by the CRM or an import keeps its address as typed (case, spaces).
  const [loose] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Lead" WHERE "clientId" = ${clientId}::uuid AND lower(btrim("email")) = ${email}
    ORDER BY "createdAt" ASC, "id" ASC LIMIT 1`;
  return loose?.id ?? null;
}
