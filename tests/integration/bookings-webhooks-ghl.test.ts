// GoHighLevel Appointment* webhooks through the real pipeline (signed, one transaction) onto
// Lead.appointment*: the fixtures' create → reschedule → cancel → delete, out-of-order
// deliveries (a cancel before its create, an update older than the stored one), the side
// effects once, one follow-up task per cancellation / reschedule, an appointment for a lead
// that does not exist yet (kept pending, applied when the lead appears), and the bad fixture.
import { beforeEach, describe, expect, it } from "vitest";
import { applyPendingAppointments } from "@/lib/appointments/pending-appointments";
import { CONTACT, ghlIngestHarness } from "@/tests/helpers/ghl-ingest-harness";
import { readProviderFixture } from "@/tests/helpers/provider-fixtures";

const h = ghlIngestHarness();
const fixture = (name: string) => readProviderFixture("gohighlevel", name);
const at = new Date("2026-10-20T12:00:00Z");

beforeEach(async () => {
  await h.db.query(`TRUNCATE "PendingAppointmentEvent", "LeadTask" CASCADE`);
});

async function seedLead(extra: Record<string, unknown> = {}) {
  return h.db.prisma.lead.create({
    data: {
      clientId: h.clientId,
      name: "Jordan Rivera",
      ghlContactId: CONTACT,
      lastInboundAt: new Date("2026-10-14T12:00:00Z"),
      ...extra,
    },
  });
}

const deliver = (name: string) => h.deliver(fixture(name), at);
const lead = () => h.onlyLead();
const tasks = () => h.db.prisma.leadTask.findMany({ orderBy: { createdAt: "asc" } });

describe("GoHighLevel appointment webhooks", () => {
  it("AppointmentCreate books the lead: status, times, ids; MEETING_BOOKED; pending auto-sends cancelled", async () => {
    const { id } = await seedLead();
    const job = await h.db.prisma.backgroundJob.create({
      data: { clientId: h.clientId, leadId: id, type: "AI_AUTO_SEND_DELAYED", runAt: at },
    });
    const result = await deliver("AppointmentCreate.json");
    expect(result.outcome).toBe("stored");
    expect(await lead()).toMatchObject({
      appointmentStatus: "BOOKED",
      appointmentProvider: "GHL",
      ghlAppointmentId: "Aw8RtN3qZx6LmPc2KvYb",
      appointmentStartAt: new Date("2026-10-16T19:00:00Z"),
      appointmentBookedAt: new Date("2026-10-14T15:10:42Z"),
      appointmentProviderUpdatedAt: new Date("2026-10-14T15:10:42Z"),
      appointmentCanceledAt: null,
      status: "MEETING_BOOKED",
    });
    expect(await h.db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "CANCELED",
    });
    const event = await h.db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({ status: "processed", eventType: "AppointmentCreate" });
    expect(event.reason).toMatch(/appointment booked/);
    expect(await tasks()).toEqual([]);
  });

  it("create → reschedule → cancel → delete: one task per change, the side effects once", async () => {
    await seedLead();
    await deliver("AppointmentCreate.json");
    // A new job after booking: a second "booked" must not cancel it (side effects only on the transition).
    const later = await h.db.prisma.backgroundJob.create({
      data: { clientId: h.clientId, leadId: (await lead()).id, type: "AI_AUTO_SEND_DELAYED", runAt: at },
    });
    await deliver("AppointmentUpdate.rescheduled.json");
    expect(await lead()).toMatchObject({
      appointmentStatus: "RESCHEDULED",
      appointmentStartAt: new Date("2026-10-17T14:00:00Z"),
      // The first booking time is kept.
      appointmentBookedAt: new Date("2026-10-14T15:10:42Z"),
    });
    expect((await h.db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: later.id } })).status).toBe("PENDING");
    expect((await tasks()).map((t) => t.kind)).toEqual(["APPOINTMENT_RESCHEDULED"]);

    // The same reschedule again (GHL retries only on 429, but a replay or a second webhook happens): nothing new.
    expect((await deliver("AppointmentUpdate.rescheduled.json")).outcome).toBe("duplicate");
    await deliver("AppointmentUpdate.cancelled.json");
    expect(await lead()).toMatchObject({
      appointmentStatus: "CANCELED",
      appointmentCanceledAt: new Date("2026-10-16T22:02:55Z"),
    });
    await deliver("AppointmentDelete.json");
    expect((await lead()).appointmentStatus).toBe("CANCELED");
    expect((await tasks()).map((t) => t.kind)).toEqual(["APPOINTMENT_RESCHEDULED", "APPOINTMENT_CANCELED"]);
  });

  it("a cancellation delivered before its booking is kept (the older create changes nothing)", async () => {
    await seedLead();
    await deliver("AppointmentUpdate.cancelled.json");
    await deliver("AppointmentCreate.json");
    expect(await lead()).toMatchObject({ appointmentStatus: "CANCELED", status: "NEW" });
    const events = await h.db.prisma.webhookEvent.findMany({ orderBy: { receivedAt: "asc" } });
    expect(events.map((e) => e.status)).toEqual(["processed", "processed"]);
    expect(events[1]!.reason).toMatch(/no-change \(not newer than the stored provider update\)/);
  });

  it("an update older than the stored one does not overwrite it", async () => {
    await seedLead();
    await deliver("AppointmentUpdate.rescheduled.json");
    await deliver("AppointmentCreate.json");
    expect(await lead()).toMatchObject({
      appointmentStartAt: new Date("2026-10-17T14:00:00Z"),
      appointmentProviderUpdatedAt: new Date("2026-10-15T13:31:07Z"),
    });
  });

  it("an appointment for a contact we do not know is kept pending and applied when the lead appears", async () => {
    const result = await deliver("AppointmentCreate.json");
    expect(result.outcome).toBe("stored");
    expect(await h.db.prisma.lead.count()).toBe(0);
    const event = await h.db.prisma.webhookEvent.findFirstOrThrow();
    expect(event.reason).toMatch(/no lead yet/);
    const [pending] = await h.db.prisma.pendingAppointmentEvent.findMany();
    expect(pending).toMatchObject({ contactId: CONTACT, appliedAt: null, webhookEventId: event.id });

    expect(await applyPendingAppointments({ db: h.db.prisma, clientId: h.clientId, now: at })).toMatchObject({
      applied: 0,
    });
    const { id } = await seedLead();
    const sweep = await applyPendingAppointments({ db: h.db.prisma, clientId: h.clientId, now: at });
    expect(sweep.applied).toBe(1);
    expect(await lead()).toMatchObject({ appointmentStatus: "BOOKED", status: "MEETING_BOOKED" });
    expect(await h.db.prisma.pendingAppointmentEvent.findFirstOrThrow()).toMatchObject({ appliedLeadId: id });
    // Swept once: a second sweep finds nothing.
    expect((await applyPendingAppointments({ db: h.db.prisma, clientId: h.clientId, now: at })).applied).toBe(0);
  });

  it("bad/AppointmentCreate.wrong_types: 200, stored as rejected with its reason, the lead untouched", async () => {
    await seedLead();
    const result = await h.deliver(fixture("bad/AppointmentCreate.wrong_types.json"), at);
    expect(result.outcome).toBe("rejected");
    const event = await h.db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({ status: "rejected" });
    expect(event.reason).toMatch(/^invalid AppointmentCreate: appointment\./);
    expect((await lead()).appointmentStatus).toBeNull();
  });
});
