// The overview's "Awaiting reply" and "Booked, 30 days" cards count by the CRM's rules, on a
// workspace built so that the overview's former rules would disagree: a rebooking after an
// old cancellation (formerly missed), booking dates without a booked status (formerly
// counted), and unanswered threads older than 30 days (formerly missed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLeads } from "@/lib/crm/lead-list";
import type { AppointmentStatus, LeadStatus, MessageChannel, MessageDirection } from "@/lib/generated/prisma/enums";
import { getWorkspaceOverview } from "@/lib/overview/workspace-overview";
import { createWorkspace } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const DAY = 86_400_000;
const now = new Date("2026-05-01T12:00:00.000Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);

let db: TestDatabase;
let clientId: string;

type Booking = {
  status?: LeadStatus;
  appointmentStatus?: AppointmentStatus;
  bookedDaysAgo?: number;
  canceledDaysAgo?: number;
};

async function lead(name: string, messages: [MessageChannel, MessageDirection, number][], booking: Booking = {}) {
  const created = await db.prisma.lead.create({
    data: {
      clientId,
      name,
      status: booking.status ?? "NEW",
      appointmentStatus: booking.appointmentStatus ?? null,
      appointmentBookedAt: booking.bookedDaysAgo === undefined ? null : daysAgo(booking.bookedDaysAgo),
      appointmentCanceledAt: booking.canceledDaysAgo === undefined ? null : daysAgo(booking.canceledDaysAgo),
    },
  });
  for (const [channel, direction, ago] of messages) {
    await db.prisma.message.create({
      data: {
        clientId,
        leadId: created.id,
        channel,
        direction,
        body: "…",
        sentAt: daysAgo(ago),
        sentBy: direction === "outbound" ? "system" : null,
      },
    });
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Rules")).id;
  const other = await createWorkspace(db.prisma, "Other");

  // Waiting, but only on messages older than 30 days.
  await lead("Old waiter", [["sms", "inbound", 45]]);
  await lead("Old streak", [
    ["email", "inbound", 60],
    ["email", "outbound", 59],
    ["email", "inbound", 40],
  ]);
  // Answered long ago on LinkedIn, waiting there since; answered recently on SMS.
  await lead("Two threads", [
    ["linkedin", "inbound", 50],
    ["sms", "inbound", 3],
    ["sms", "outbound", 2],
  ]);
  // Waiting within 30 days; and answered, so not waiting.
  await lead("Recent waiter", [["sms", "inbound", 1]]);
  await lead("Answered", [
    ["sms", "inbound", 5],
    ["sms", "outbound", 4],
  ]);

  // A rebooking after an old cancellation: booked now, made 10 days ago.
  await lead("Rebooked", [], { appointmentStatus: "BOOKED", bookedDaysAgo: 10, canceledDaysAgo: 20 });
  // Booked by the lead status alone, 3 days ago.
  await lead("Status booked", [], { status: "MEETING_BOOKED", bookedDaysAgo: 3 });
  // Booking dates but no booked status: not booked.
  await lead("Cancelled status", [], { appointmentStatus: "CANCELED", bookedDaysAgo: 5 });
  await lead("No status", [], { bookedDaysAgo: 6 });
  // Cancelled after it was booked; and booked, but 45 days ago.
  await lead("Cancelled later", [], { appointmentStatus: "BOOKED", bookedDaysAgo: 12, canceledDaysAgo: 8 });
  await lead("Booked long ago", [], { appointmentStatus: "COMPLETED", bookedDaysAgo: 45 });

  // Another workspace's waiting, booked lead never counts.
  await db.prisma.lead.create({
    data: { clientId: other.id, name: "Foreign", appointmentStatus: "BOOKED", appointmentBookedAt: daysAgo(1) },
  });
});

afterAll(async () => {
  await db?.drop();
});

describe("getWorkspaceOverview uses the CRM's rules", () => {
  it("counts awaiting reply as the CRM's filter does, whatever the age of the thread", async () => {
    const overview = await getWorkspaceOverview({ db: db.prisma, clientId, now });
    const crm = await listLeads({ db: db.prisma, clientId, page: 1, filters: { awaiting: true } });
    expect(crm.totalIsExact).toBe(true);
    expect(crm.rows.map((r) => r.name).sort()).toEqual(["Old streak", "Old waiter", "Recent waiter", "Two threads"]);
    expect(overview.awaitingReply).toBe(crm.total);
    // The list's per-row "awaiting since" is the same rule again.
    const all = await listLeads({ db: db.prisma, clientId, page: 1 });
    expect(all.rows.filter((r) => r.awaitingSince !== null)).toHaveLength(overview.awaitingReply);
  });

  it("counts booked as the CRM's filter does, limited to bookings made in the last 30 days", async () => {
    const overview = await getWorkspaceOverview({ db: db.prisma, clientId, now });
    const crm = await listLeads({ db: db.prisma, clientId, page: 1, filters: { booked: "yes" } });
    expect(crm.rows.map((r) => r.name).sort()).toEqual(["Booked long ago", "Rebooked", "Status booked"]);
    const bookedIn30Days = crm.rows.filter(
      (r) => r.appointmentBookedAt !== null && r.appointmentBookedAt >= daysAgo(30) && r.appointmentBookedAt < now,
    );
    expect(bookedIn30Days.map((r) => r.name).sort()).toEqual(["Rebooked", "Status booked"]);
    expect(overview.booked30d).toBe(bookedIn30Days.length);
  });

  it("is a workspace where the former rules gave other numbers", async () => {
    // Former "booked": a booking date in the last 30 days and no cancellation date at all.
    const formerBooked = await db.prisma.lead.count({
      where: { clientId, appointmentBookedAt: { gte: daysAgo(30), lt: now }, appointmentCanceledAt: null },
    });
    // Former "awaiting": the latest message within the last 30 days, per thread, is inbound.
    const [formerAwaiting] = await db.prisma.$queryRaw<{ count: number }[]>`
      select count(distinct "leadId")::int as count from (
        select distinct on ("leadId", "channel") "leadId", "direction" from "Message"
         where "clientId" = ${clientId}::uuid and "sentAt" >= ${daysAgo(30)} and "sentAt" < ${now}
         order by "leadId", "channel", "sentAt" desc, "id" desc) latest
       where latest."direction" = 'inbound'`;
    const overview = await getWorkspaceOverview({ db: db.prisma, clientId, now });
    expect({ awaitingReply: formerAwaiting?.count, booked30d: formerBooked }).toEqual({
      awaitingReply: 1,
      booked30d: 3,
    });
    expect({ awaitingReply: overview.awaitingReply, booked30d: overview.booked30d }).toEqual({
      awaitingReply: 4,
      booked30d: 2,
    });
  });
});
