// The CRM side of bookings: the "needs follow-up" filter, the drawer's appointment view, a
// setter marking a task done in one click (and nobody else's), and "Check now" for a setter
// against the local fake provider (a success, no connection, refused credentials).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLeadAppointmentForUser, NO_BOOKING_CONNECTION } from "@/lib/appointments/check-lead-now";
import { getLeadAppointment } from "@/lib/appointments/lead-appointment";
import { completeLeadTaskForUser, TASK_NOT_FOUND } from "@/lib/appointments/lead-tasks";
import { listLeads } from "@/lib/crm/lead-list";
import { FAKE_GHL_CONTACT_ID, startFakeBookingServer, type FakeBooking } from "../helpers/fake-booking-server";
import { createBookingWorkspace } from "../helpers/booking-reconcile-fixtures";
import { createUser } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const key = randomBytes(32);
const NOW = new Date("2026-10-20T12:00:00Z");
let db: TestDatabase;
let fake: FakeBooking;

beforeAll(async () => {
  [db, fake] = await Promise.all([createTestDatabase(), startFakeBookingServer()]);
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

describe("follow-up tasks in the CRM", () => {
  it("the filter lists leads with an open task; a setter marks it done once; an outsider cannot", async () => {
    const ws = await createBookingWorkspace(db.prisma, key, fake, { name: "CRM", ghl: "ok" });
    const setter = await createUser(db.prisma, "setter@example.org", [{ clientId: ws.clientId, role: "SETTER" }]);
    const outsider = await createUser(db.prisma, "outsider@example.org");
    const [withTask, without] = await Promise.all(
      ["With task", "Without"].map((name) => db.prisma.lead.create({ data: { clientId: ws.clientId, name } })),
    );
    const task = await db.prisma.leadTask.create({
      data: { clientId: ws.clientId, leadId: withTask!.id, kind: "APPOINTMENT_CANCELED", dedupeKey: "k1" },
    });
    const list = await listLeads({ db: db.prisma, clientId: ws.clientId, page: 1, filters: { followUp: true } });
    expect(list.rows.map((r) => r.id)).toEqual([withTask!.id]);
    expect((await listLeads({ db: db.prisma, clientId: ws.clientId, page: 1 })).rows).toHaveLength(2);
    expect(without).toBeDefined();

    const view = await getLeadAppointment({ db: db.prisma, clientId: ws.clientId, leadId: withTask!.id });
    expect(view).toMatchObject({ openTasks: [{ id: task.id, kind: "APPOINTMENT_CANCELED" }], canCheck: false });

    const input = { clientId: ws.clientId, taskId: task.id };
    await expect(completeLeadTaskForUser({ db: db.prisma, userId: outsider.id, input, now: NOW })).rejects.toThrow(
      TASK_NOT_FOUND,
    );
    expect(await completeLeadTaskForUser({ db: db.prisma, userId: setter.id, input, now: NOW })).toMatchObject({
      leadId: withTask!.id,
    });
    expect(await db.prisma.leadTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      doneAt: NOW,
      doneByUserId: setter.id,
    });
    await expect(completeLeadTaskForUser({ db: db.prisma, userId: setter.id, input, now: NOW })).rejects.toThrow(
      TASK_NOT_FOUND,
    );
    const after = await listLeads({ db: db.prisma, clientId: ws.clientId, page: 1, filters: { followUp: true } });
    expect(after.rows).toEqual([]);
  });
});

describe("Check now", () => {
  it("a setter checks a lead at once; no connection or refused credentials are plain sentences", async () => {
    const ok = await createBookingWorkspace(db.prisma, key, fake, { name: "Check", ghl: "ok" });
    const bad = await createBookingWorkspace(db.prisma, key, fake, { name: "Refused", ghl: "bad-token" });
    const setter = await createUser(db.prisma, "checker@example.org", [
      { clientId: ok.clientId, role: "SETTER" },
      { clientId: bad.clientId, role: "SETTER" },
    ]);
    const lead = await db.prisma.lead.create({
      data: { clientId: ok.clientId, name: "Jordan", ghlContactId: FAKE_GHL_CONTACT_ID },
    });
    const check = (clientId: string, leadId: string) =>
      checkLeadAppointmentForUser({
        db: db.prisma,
        userId: setter.id,
        input: { clientId, leadId },
        now: NOW,
        credentials: { encryptionKey: key },
      });
    expect(await check(ok.clientId, lead.id)).toMatchObject({ change: "booked", provider: "GHL" });
    expect(await getLeadAppointment({ db: db.prisma, clientId: ok.clientId, leadId: lead.id })).toMatchObject({
      status: "BOOKED",
      provider: "GHL",
      lastCheckedAt: NOW,
      canCheck: true,
    });

    const noIdentity = await db.prisma.lead.create({ data: { clientId: ok.clientId, name: "Nobody" } });
    await expect(check(ok.clientId, noIdentity.id)).rejects.toThrow(NO_BOOKING_CONNECTION);

    const refusedLead = await db.prisma.lead.create({
      data: { clientId: bad.clientId, name: "R", ghlContactId: "r1" },
    });
    await expect(check(bad.clientId, refusedLead.id)).rejects.toThrow(/credentials were refused/);
    const marked = await db.prisma.providerConnection.findUniqueOrThrow({ where: { id: bad.connections.GHL! } });
    expect(marked.lastReconcileError).toMatch(/401/);
  });
});
