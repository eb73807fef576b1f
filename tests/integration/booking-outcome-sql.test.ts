// bookingOutcomeSql() and classifyBookingOutcome() must be the same rules: one table of
// cases (tests/helpers/booking-outcome-cases.ts), run through PostgreSQL and TypeScript.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyBookingOutcome } from "@/lib/analytics/booking-outcome";
import { bookingOutcomeSql } from "@/lib/analytics/booking-outcome-sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { OUTCOME_CASES, OUTCOME_NOW } from "../helpers/booking-outcome-cases";
import { createWorkspace } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;
const leadIds: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const client = await createWorkspace(db.prisma, "Outcomes");
  for (const c of OUTCOME_CASES) {
    const lead = await db.prisma.lead.create({ data: { clientId: client.id, name: c.name, ...c.lead } });
    leadIds.push(lead.id);
  }
});

afterAll(async () => {
  await db?.drop();
});

async function sqlOutcomes(attributionDays: number, maturityDays: number): Promise<string[]> {
  const refs = Prisma.join(
    OUTCOME_CASES.map((c, i) => Prisma.sql`(${i}::int, ${leadIds[i]}::uuid, ${c.reference}::timestamptz)`),
  );
  const outcome = bookingOutcomeSql({
    lead: Prisma.raw("l"),
    reference: Prisma.raw("r.ref"),
    now: OUTCOME_NOW,
    attributionDays,
    maturityDays,
  });
  const rows = await db.prisma.$queryRaw<{ i: number; outcome: string }[]>`
    SELECT r.i, ${outcome} AS outcome FROM (VALUES ${refs}) AS r(i, "leadId", ref) JOIN "Lead" l ON l."id" = r."leadId" ORDER BY r.i`;
  return rows.map((r) => r.outcome);
}

describe("bookingOutcomeSql", () => {
  it.each([
    [30, 7, "expected"],
    [1, 0, "expectedTight"],
  ] as const)(
    "agrees with classifyBookingOutcome on every case (attribution %i d, maturity %i d)",
    async (attributionDays, maturityDays, column) => {
      const fromSql = await sqlOutcomes(attributionDays, maturityDays);
      const fromTs = OUTCOME_CASES.map((c) =>
        classifyBookingOutcome({
          lead: c.lead,
          reference: c.reference,
          now: OUTCOME_NOW,
          attributionDays,
          maturityDays,
        }),
      );
      expect(fromSql).toEqual(fromTs);
      expect(fromSql).toEqual(OUTCOME_CASES.map((c) => c[column]));
    },
  );

  it("does not depend on the session time zone (fixed 24-hour days across DST)", async () => {
    // A reference right before New York's spring-forward: a calendar day would be 23 h.
    await db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL TIME ZONE 'America/New_York'`);
      const outcome = bookingOutcomeSql({
        lead: Prisma.raw("l"),
        reference: Prisma.sql`'2026-03-08T06:00:00Z'::timestamptz`,
        now: new Date("2026-03-20T00:00:00Z"),
        attributionDays: 1,
        maturityDays: 7,
      });
      const rows = await tx.$queryRaw<{ outcome: string }[]>`
        SELECT ${outcome} AS outcome FROM (SELECT 'MEETING_BOOKED'::"LeadStatus" AS "status", 'BOOKED'::"AppointmentStatus" AS "appointmentStatus",
          '2026-03-09T05:30:00Z'::timestamptz AS "appointmentBookedAt", NULL::timestamptz AS "appointmentCanceledAt") l`;
      // 23.5 h after the reference: inside a 24-hour day.
      expect(rows[0]?.outcome).toBe("booked");
    });
  });
});
