// The booking outcome in SQL: the same rules as classifyBookingOutcome() in
// booking-outcome.ts (read the rules there). tests/integration/booking-outcome-sql.test.ts
// runs both over one table of cases and requires them to agree.
import { Prisma } from "@/lib/generated/prisma/client";
import { BOOKED_APPOINTMENT_STATUSES } from "./booking-outcome";

export type BookingOutcomeSqlInput = {
  /** Alias of the joined "Lead" row, e.g. Prisma.raw("l"). */
  lead: Prisma.Sql;
  /** The reference instant (an anchor's "inboundSentAt"). */
  reference: Prisma.Sql;
  now: Date;
  attributionDays: number;
  maturityDays: number;
};

/** isBooked() in SQL: booked status and not cancelled (rules 1 and 2), for the lead row `l`. */
export function isBookedSql(l: Prisma.Sql): Prisma.Sql {
  const bookedStatuses = Prisma.join(BOOKED_APPOINTMENT_STATUSES.map((s) => Prisma.sql`${s}`));
  const bookedStatus = Prisma.sql`(COALESCE(${l}."appointmentStatus"::text IN (${bookedStatuses}), false) OR ${l}."status" = 'MEETING_BOOKED')`;
  const cancelled = Prisma.sql`(COALESCE(${l}."appointmentStatus" = 'CANCELED', false)
    OR (${l}."appointmentCanceledAt" IS NOT NULL
        AND (${l}."appointmentBookedAt" IS NULL OR ${l}."appointmentCanceledAt" >= ${l}."appointmentBookedAt")))`;
  return Prisma.sql`(${bookedStatus} AND NOT ${cancelled})`;
}

/** A text expression: 'booked' | 'bookedNoTimestamp' | 'pending' | 'notBooked'. */
export function bookingOutcomeSql({
  lead: l,
  reference,
  now,
  attributionDays,
  maturityDays,
}: BookingOutcomeSqlInput): Prisma.Sql {
  // Fixed 24-hour days (not calendar days, which follow the session time zone's DST).
  const attribution = Prisma.sql`(${attributionDays}::int * interval '24 hours')`;
  const maturity = Prisma.sql`(${maturityDays}::int * interval '24 hours')`;
  const booked = isBookedSql(l);
  return Prisma.sql`(CASE
    WHEN ${booked} AND ${l}."appointmentBookedAt" IS NULL THEN 'bookedNoTimestamp'
    WHEN ${booked}
         AND ${l}."appointmentBookedAt" >= ${reference} AND ${l}."appointmentBookedAt" < ${reference} + ${attribution} THEN 'booked'
    WHEN ${now}::timestamptz - ${reference} < ${maturity} THEN 'pending'
    ELSE 'notBooked' END)`;
}
