// The CRM's "booked" (lead list filter and drawer) is the booking-outcome rules' isBooked():
// isBookedSql() agrees with it on every case, and a rebooking after an old cancellation
// or a MEETING_BOOKED status counts, while a cancellation after the booking does not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBooked } from "@/lib/analytics/booking-outcome";
import { isBookedSql } from "@/lib/analytics/booking-outcome-sql";
import { getLeadDetail } from "@/lib/crm/lead-detail";
import { listLeads } from "@/lib/crm/lead-list";
import { Prisma } from "@/lib/generated/prisma/client";
import { OUTCOME_CASES } from "../helpers/booking-outcome-cases";
import { createWorkspace } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe("CRM booked", () => {
  it("isBookedSql agrees with isBooked on every booking-outcome case", async () => {
    const client = await createWorkspace(db.prisma, "Booked cases");
    const ids: string[] = [];
    for (const c of OUTCOME_CASES)
      ids.push((await db.prisma.lead.create({ data: { clientId: client.id, name: c.name, ...c.lead } })).id);
    const rows = await db.prisma.$queryRaw<{ id: string; booked: boolean }[]>`
      SELECT l."id"::text AS id, ${isBookedSql(Prisma.raw("l"))} AS booked FROM "Lead" l WHERE l."clientId" = ${client.id}::uuid`;
    const fromSql = new Map(rows.map((r) => [r.id, r.booked]));
    expect(ids.map((id) => fromSql.get(id))).toEqual(OUTCOME_CASES.map((c) => isBooked(c.lead)));
  });

  it("counts a rebooking after an old cancellation and a MEETING_BOOKED status, in the list and in the drawer", async () => {
    const client = await createWorkspace(db.prisma, "Rebooked");
    const now = new Date();
    const rebooked = await db.prisma.lead.create({
      data: {
        clientId: client.id,
        name: "Rebooked",
        appointmentStatus: "BOOKED",
        lastInboundAt: now,
        appointmentCanceledAt: new Date("2026-04-01T00:00:00Z"),
        appointmentBookedAt: new Date("2026-04-05T00:00:00Z"),
      },
    });
    const statusOnly = await db.prisma.lead.create({
      data: { clientId: client.id, name: "Status only", status: "MEETING_BOOKED", lastInboundAt: now },
    });
    const cancelled = await db.prisma.lead.create({
      data: {
        clientId: client.id,
        name: "Cancelled",
        appointmentStatus: "BOOKED",
        lastInboundAt: now,
        appointmentBookedAt: new Date("2026-04-01T00:00:00Z"),
        appointmentCanceledAt: new Date("2026-04-05T00:00:00Z"),
      },
    });
    const booked = await listLeads({ db: db.prisma, clientId: client.id, page: 1, filters: { booked: "yes" } });
    expect(booked.rows.map((r) => r.name).sort()).toEqual(["Rebooked", "Status only"]);
    const notBooked = await listLeads({ db: db.prisma, clientId: client.id, page: 1, filters: { booked: "no" } });
    expect(notBooked.rows.map((r) => r.name)).toEqual(["Cancelled"]);
    for (const [lead, expected] of [
      [rebooked, true],
      [statusOnly, true],
      [cancelled, false],
    ] as const) {
      const detail = await getLeadDetail({ db: db.prisma, clientId: client.id, leadId: lead.id });
      expect(detail?.lead.booked, lead.name).toBe(expected);
    }
  });
});
