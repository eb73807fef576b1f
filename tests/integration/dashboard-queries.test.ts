import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLeads } from "@/lib/crm/lead-list";
import { getWorkspaceOverview } from "@/lib/overview/workspace-overview";
import type { MessageChannel, MessageDirection } from "@/lib/generated/prisma/enums";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";

const now = new Date("2026-05-01T12:00:00.000Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

let db: TestDatabase;
let alpha: { id: string };
let beta: { id: string };

async function lead(clientId: string, name: string, messages: [MessageChannel, MessageDirection, number][]) {
  const created = await db.prisma.lead.create({
    data: { clientId, name, lastInboundAt: hoursAgo(Math.min(...messages.map((m) => m[2]))) },
  });
  for (const [channel, direction, ago] of messages) {
    await db.prisma.message.create({
      data: {
        clientId,
        leadId: created.id,
        channel,
        direction,
        body: "…",
        sentAt: hoursAgo(ago),
        sentBy: direction === "outbound" ? "system" : null,
      },
    });
  }
  return created;
}

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await createWorkspace(db.prisma, "Alpha");
  beta = await createWorkspace(db.prisma, "Beta");
  // Answered on sms, waiting on email.
  await lead(alpha.id, "Ann", [
    ["sms", "inbound", 30],
    ["sms", "outbound", 29],
    ["email", "inbound", 2],
  ]);
  // Waiting on sms; one message 40 days ago is outside the 30-day window.
  await lead(alpha.id, "Bob", [
    ["linkedin", "inbound", 40 * 24],
    ["sms", "inbound", 200],
  ]);
  // Answered.
  const cy = await lead(alpha.id, "Cy", [
    ["linkedin", "inbound", 5],
    ["linkedin", "outbound", 4],
  ]);
  await db.prisma.lead.update({
    where: { id: cy.id },
    data: { appointmentBookedAt: hoursAgo(3), appointmentStatus: "BOOKED" },
  });
  // Another workspace must never leak in.
  await lead(beta.id, "Zed", [["sms", "inbound", 1]]);
});

afterAll(async () => {
  await db?.drop();
});

describe("getWorkspaceOverview", () => {
  it("counts the workspace's messages, waiting leads and bookings", async () => {
    const overview = await getWorkspaceOverview({ db: db.prisma, clientId: alpha.id, now });
    expect(overview).toEqual({
      leads: 3,
      inbound7d: 3, // Ann sms 30h, Ann email 2h, Cy linkedin 5h
      outbound7d: 2,
      awaitingReply: 2, // Ann (email) and Bob (sms)
      booked30d: 1,
      scheduledAutoSends: 0,
      channels: [
        { channel: "sms", inbound30d: 2, outbound30d: 1 },
        { channel: "email", inbound30d: 1, outbound30d: 0 },
        { channel: "linkedin", inbound30d: 1, outbound30d: 1 },
      ],
    });
  });
});

describe("listLeads", () => {
  it("lists only the workspace's leads, most recent inbound first", async () => {
    const result = await listLeads({ db: db.prisma, clientId: alpha.id, page: 1 });
    expect(result.total).toBe(3);
    expect(result.pageCount).toBe(1);
    expect(result.rows.map((r) => r.name)).toEqual(["Ann", "Cy", "Bob"]);
    expect((await listLeads({ db: db.prisma, clientId: alpha.id, page: 2 })).rows).toEqual([]);
  });
});
