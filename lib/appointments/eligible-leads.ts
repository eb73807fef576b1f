// Which leads a reconcile run asks the providers about (seed 004, docs/bookings.md): only
// leads that replied (lastInboundAt set), and of those the ambiguous or stale ones — booking
// evidence without a status first (re-asked at most daily), then never checked, then checked
// more than staleDays ago
// (oldest check first) — and only leads some connected provider can look up (a GHL contact
// id for GoHighLevel, an email for Calendly), so a lead nobody can check never starves the rest.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import type { LeadForBooking } from "./booking-connections";

/** Booking evidence without a status is re-checked after this long (not only after staleDays). */
export const EVIDENCE_RECHECK_MS = 86_400_000;

export type EligibleLead = LeadForBooking & { appointmentProvider: "GHL" | "CALENDLY" | null };

export async function eligibleLeads(args: {
  db: Db;
  clientId: string;
  now: Date;
  staleDays: number;
  limit: number;
  providers: { ghl: boolean; calendly: boolean };
  /** The CLI pages by id: leads after this one only, in id order. */
  afterId?: string | null;
}): Promise<EligibleLead[]> {
  const { db, clientId, providers } = args;
  if (!providers.ghl && !providers.calendly) return [];
  const staleBefore = new Date(args.now.getTime() - args.staleDays * 86_400_000);
  // Ambiguous leads are re-asked at most daily: a provider with no record for them would otherwise bring them back every minute.
  const ambiguousBefore = new Date(args.now.getTime() - EVIDENCE_RECHECK_MS);
  const lookup = Prisma.sql`((${providers.ghl} AND l."ghlContactId" IS NOT NULL) OR (${providers.calendly} AND l."email" IS NOT NULL))`;
  const order =
    args.afterId !== undefined
      ? Prisma.sql`l."id" ASC`
      : Prisma.sql`CASE WHEN l."appointmentBookedAt" IS NOT NULL AND l."appointmentStatus" IS NULL THEN 0
                     WHEN l."appointmentLastCheckedAt" IS NULL THEN 1 ELSE 2 END,
                 CASE WHEN l."sentiment" = 'MEETING_REQUESTED' THEN 0 ELSE 1 END,
                 l."appointmentLastCheckedAt" ASC NULLS FIRST, l."lastInboundAt" DESC, l."id" ASC`;
  const after = args.afterId ? Prisma.sql`AND l."id" > ${args.afterId}::uuid` : Prisma.empty;
  return db.$queryRaw<EligibleLead[]>`
    SELECT l."id", l."email", l."ghlContactId", l."ghlAppointmentId", l."appointmentProvider"::text AS "appointmentProvider"
      FROM "Lead" l
     WHERE l."clientId" = ${clientId}::uuid AND l."lastInboundAt" IS NOT NULL AND ${lookup}
       AND (l."appointmentLastCheckedAt" IS NULL OR l."appointmentLastCheckedAt" < ${staleBefore}
            OR (l."appointmentBookedAt" IS NOT NULL AND l."appointmentStatus" IS NULL
                AND l."appointmentLastCheckedAt" < ${ambiguousBefore}))
       ${after}
     ORDER BY ${order}
     LIMIT ${args.limit}`;
}

/** The provider to ask about a lead: the one its booking came from, else GHL by contact id, else Calendly by email. */
export function providerFor(
  lead: EligibleLead,
  available: { ghl: boolean; calendly: boolean },
): "GHL" | "CALENDLY" | null {
  if (lead.appointmentProvider === "GHL" && available.ghl && lead.ghlContactId) return "GHL";
  if (lead.appointmentProvider === "CALENDLY" && available.calendly && lead.email) return "CALENDLY";
  if (available.ghl && lead.ghlContactId) return "GHL";
  if (available.calendly && lead.email) return "CALENDLY";
  return null;
}
