// reconcileLead against the local fake GoHighLevel + Calendly APIs (real HTTP, real
// PostgreSQL): the status mapping table end to end, both providers' reschedules, a vanished
// GoHighLevel appointment, the run-twice no-op, dryRun writing nothing, a webhook and a
// reconcile racing on one lead (one transition, one side effect), and an OAuth refresh raced
// by 5 concurrent runs (one refresh; the rotated pair stored).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bookingReaderFor, listBookingConnections, type BookingReader } from "@/lib/appointments/booking-connections";
import { reconcileLead } from "@/lib/appointments/reconcile-lead";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { ingestWebhook } from "@/lib/webhooks/ingest";
import {
  FAKE_CALENDLY_EMAIL,
  FAKE_CALENDLY_NEW_INVITEE,
  FAKE_GHL_CONTACT_ID,
  startFakeBookingServer,
  type FakeBooking,
} from "../helpers/fake-booking-server";
import { bookingSnapshot, createBookingWorkspace, ghlRecord } from "../helpers/booking-reconcile-fixtures";
import { ghlConfig, generateGhlTestKeys, ghlRequest, signGhl } from "../helpers/ghl-webhook-fixtures";
import { readProviderFixture } from "../helpers/provider-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const key = randomBytes(32);
const NOW = new Date("2026-10-20T12:00:00Z");
let db: TestDatabase;
let fake: FakeBooking;
let ws: Awaited<ReturnType<typeof createBookingWorkspace>>;
const credentials = () => ({
  encryptionKey: key,
  oauth: {
    GHL: {
      clientId: fake.oauth.clientId,
      clientSecret: fake.oauth.clientSecret,
      tokenUrl: `${fake.baseUrl}/oauth/token`,
    },
  },
});

async function reader(provider: "GHL" | "CALENDLY", clientId = ws.clientId): Promise<BookingReader> {
  const row = (await listBookingConnections(db.prisma, clientId)).find((r) => r.provider === provider)!;
  return bookingReaderFor(db.prisma, row, { ...credentials(), locationTimeZone: "America/New_York" })!;
}

const newLead = (data: Record<string, unknown>) =>
  db.prisma.lead.create({
    data: { clientId: ws.clientId, name: "Lead", lastInboundAt: new Date("2026-10-10T00:00:00Z"), ...data },
  });
const leadFor = (id: string) =>
  db.prisma.lead.findUniqueOrThrow({
    where: { id },
    select: { id: true, email: true, ghlContactId: true, ghlAppointmentId: true },
  });
async function reconcile(id: string, provider: "GHL" | "CALENDLY", dryRun = false, now = NOW) {
  return reconcileLead({ db: db.prisma, lead: await leadFor(id), connection: await reader(provider), now, dryRun });
}

beforeAll(async () => {
  [db, fake] = await Promise.all([createTestDatabase(), startFakeBookingServer()]);
  ws = await createBookingWorkspace(db.prisma, key, fake, { name: "Recon", ghl: "ok", calendly: "ok" });
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});
beforeEach(async () => {
  await db.query(`TRUNCATE "Lead", "LeadTask", "WebhookEvent", "BackgroundJob" CASCADE`);
  fake.script.length = 0;
  fake.resetRateLimits();
});

describe("status mapping, end to end", () => {
  it.each([
    ["new", "BOOKED"],
    ["confirmed", "BOOKED"],
    ["booked", "BOOKED"],
    ["active", "BOOKED"],
    ["cancelled", "CANCELED"],
    ["invalid", "CANCELED"],
    ["showed", "COMPLETED"],
    ["completed", "COMPLETED"],
    ["noshow", "NO_SHOW"],
  ])("GoHighLevel %s → %s", async (word, status) => {
    const contactId = `map-${word}`;
    fake.ghl.contactAppointments.set(contactId, [
      ghlRecord({
        id: `appt-${word}`,
        contactId,
        status: word,
        start: "2026-10-22T15:00:00Z",
        updated: "2026-10-12T10:00:00Z",
      }),
    ]);
    const { id } = await newLead({ ghlContactId: contactId });
    const result = await reconcile(id, "GHL");
    expect((await db.prisma.lead.findUniqueOrThrow({ where: { id } })).appointmentStatus).toBe(status);
    expect(result.change).toBe(
      { BOOKED: "booked", CANCELED: "canceled", COMPLETED: "completed", NO_SHOW: "no-show" }[status],
    );
  });

  it("the GoHighLevel fixture contact: the latest appointment, its naive time re-read with offset", async () => {
    const { id } = await newLead({ ghlContactId: FAKE_GHL_CONTACT_ID });
    expect(await reconcile(id, "GHL")).toMatchObject({ change: "booked", taskCreated: false });
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id } })).toMatchObject({
      appointmentStatus: "BOOKED",
      ghlAppointmentId: "Aw8RtN3qZx6LmPc2KvYb",
      appointmentStartAt: new Date("2026-10-17T14:00:00Z"),
      appointmentLastCheckedAt: NOW,
      status: "MEETING_BOOKED",
    });
    const before = await bookingSnapshot(db.prisma);
    // Run twice: the second changes nothing.
    expect((await reconcile(id, "GHL", false, new Date("2026-10-21T12:00:00Z"))).change).toBe("no-change");
    expect(await bookingSnapshot(db.prisma)).toEqual(before);
  });

  it("GoHighLevel reschedule (same id, new start) → RESCHEDULED + one task; seeing it again → no change", async () => {
    const contactId = "resched";
    const { id } = await newLead({ ghlContactId: contactId });
    const record = (start: string, updated: string) =>
      ghlRecord({ id: "appt-r", contactId, status: "confirmed", start, updated });
    fake.ghl.contactAppointments.set(contactId, [record("2026-10-22T15:00:00Z", "2026-10-12T10:00:00Z")]);
    await reconcile(id, "GHL");
    fake.ghl.contactAppointments.set(contactId, [record("2026-10-23T15:00:00Z", "2026-10-13T10:00:00Z")]);
    expect(await reconcile(id, "GHL")).toMatchObject({ change: "rescheduled", taskCreated: true });
    expect(await reconcile(id, "GHL")).toMatchObject({ change: "no-change", taskCreated: false });
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id } })).toMatchObject({
      appointmentStatus: "RESCHEDULED",
      appointmentStartAt: new Date("2026-10-23T15:00:00Z"),
    });
    expect(await db.prisma.leadTask.count()).toBe(1);
  });

  it("GoHighLevel: the stored appointment vanished and answers 404 → CANCELED (deleted) + a task", async () => {
    const { id } = await newLead({
      ghlContactId: "gone",
      ghlAppointmentId: "appt-gone",
      appointmentProvider: "GHL",
      appointmentStatus: "BOOKED",
      appointmentProviderUpdatedAt: new Date("2026-10-01T00:00:00Z"),
    });
    fake.ghl.contactAppointments.set("gone", []);
    expect(await reconcile(id, "GHL")).toMatchObject({ change: "canceled", taskCreated: true });
    expect(fake.requests.map((r) => r.path)).toContain("/calendars/events/appointments/appt-gone");
  });

  it("Calendly: the reschedule pair in the API → RESCHEDULED on the new invitee and slot, one task", async () => {
    const { id } = await newLead({ email: FAKE_CALENDLY_EMAIL });
    expect(await reconcile(id, "CALENDLY")).toMatchObject({ change: "rescheduled", taskCreated: true });
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id } })).toMatchObject({
      appointmentStatus: "RESCHEDULED",
      appointmentProvider: "CALENDLY",
      calendlyInviteeUri: FAKE_CALENDLY_NEW_INVITEE,
      appointmentStartAt: new Date("2026-10-20T14:00:00Z"),
    });
    expect((await reconcile(id, "CALENDLY")).change).toBe("no-change");
    expect(await db.prisma.leadTask.count()).toBe(1);
  });

  it("Calendly: an active invitee → BOOKED; a no-show → NO_SHOW; cancelled → CANCELED", async () => {
    const { id } = await newLead({ email: "casey.lee@example.org" });
    expect((await reconcile(id, "CALENDLY")).change).toBe("booked");
    const uuid = "41a9c6e3-0d7b-4f28-b5e1-9c2a8d4f6e07";
    const [invitee] = fake.calendly.invitees.get(uuid)!;
    fake.calendly.invitees.set(uuid, [
      {
        ...invitee,
        updated_at: "2026-10-21T17:00:00.000000Z",
        no_show: { uri: "x", created_at: "2026-10-21T17:00:00Z" },
      },
    ]);
    expect((await reconcile(id, "CALENDLY")).change).toBe("no-show");
    fake.calendly.invitees.set(uuid, [
      {
        ...invitee,
        status: "canceled",
        updated_at: "2026-10-22T17:00:00.000000Z",
        cancellation: { created_at: "2026-10-22T17:00:00Z" },
      },
    ]);
    expect(await reconcile(id, "CALENDLY")).toMatchObject({ change: "canceled", taskCreated: true });
    fake.calendly.invitees.set(uuid, [invitee!]);
  });
});

describe("the demo's sandbox connections", () => {
  it("answer from the stored booking in the fixtures' shapes: the real pipeline confirms it (no change)", async () => {
    const client = await db.prisma.client.create({ data: { name: "Sandbox", timezone: "America/New_York" } });
    for (const provider of ["GHL", "CALENDLY"] as const) {
      await db.prisma.providerConnection.create({
        data: { clientId: client.id, provider, externalAccountId: `sandbox-${provider}`, mode: "sandbox" },
      });
    }
    const seeded = {
      clientId: client.id,
      name: "Seeded",
      lastInboundAt: NOW,
      appointmentStartAt: new Date("2026-10-25T15:00:00Z"),
      appointmentBookedAt: new Date("2026-10-12T10:00:00Z"),
    };
    const ghlLead = await db.prisma.lead.create({
      data: {
        ...seeded,
        ghlContactId: "sb1",
        ghlAppointmentId: "sbA",
        appointmentProvider: "GHL",
        appointmentStatus: "RESCHEDULED",
      },
    });
    const calendlyLead = await db.prisma.lead.create({
      data: {
        ...seeded,
        email: "sb@example.org",
        appointmentProvider: "CALENDLY",
        appointmentStatus: "COMPLETED",
        calendlyScheduledEventUri: "https://api.calendly.com/scheduled_events/sb",
        calendlyInviteeUri: "https://api.calendly.com/scheduled_events/sb/invitees/sb1",
      },
    });
    for (const [lead, provider] of [
      [ghlLead, "GHL"],
      [calendlyLead, "CALENDLY"],
    ] as const) {
      const result = await reconcileLead({
        db: db.prisma,
        lead: await leadFor(lead.id),
        connection: await reader(provider, client.id),
        now: NOW,
      });
      expect(result.change).toBe("no-change");
      const after = await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
      expect(after).toMatchObject({ appointmentStatus: lead.appointmentStatus, appointmentLastCheckedAt: NOW });
    }
    expect(fake.requests.filter((r) => r.path.includes("sb"))).toEqual([]);
  });
});

describe("safety", () => {
  it("dryRun reports the change and writes nothing", async () => {
    const { id } = await newLead({ ghlContactId: FAKE_GHL_CONTACT_ID });
    const before = await db.prisma.lead.findUniqueOrThrow({ where: { id } });
    expect((await reconcile(id, "GHL", true)).change).toBe("booked");
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });

  it("a webhook and a reconcile racing on one lead: one transition, one side effect", async () => {
    const keys = generateGhlTestKeys();
    const config = ghlConfig(keys);
    const location = (await db.prisma.providerConnection.findUniqueOrThrow({ where: { id: ws.connections.GHL! } }))
      .externalAccountId;
    for (let round = 0; round < 5; round++) {
      await db.query(`TRUNCATE "Lead", "LeadTask", "WebhookEvent", "BackgroundJob" CASCADE`);
      const { id } = await newLead({ ghlContactId: FAKE_GHL_CONTACT_ID });
      await db.prisma.backgroundJob.create({
        data: { clientId: ws.clientId, leadId: id, type: "AI_AUTO_SEND_DELAYED", runAt: NOW },
      });
      // The update that carries what the API answers (same id, start and dateUpdated): both paths see one state.
      const webhook = readProviderFixture("gohighlevel", "AppointmentUpdate.rescheduled.json").replace(
        "Xq3LpRt8vYb2NcK7WmZa",
        location,
      );
      const [delivered, reconciled] = await Promise.all([
        ingestWebhook({
          request: ghlRequest(webhook, signGhl(webhook, keys)),
          provider: "GHL",
          db: db.prisma,
          config,
          now: NOW,
          log: { warn: () => undefined, error: () => undefined },
        }),
        reconcile(id, "GHL"),
      ]);
      expect(delivered.outcome).toBe("stored");
      const event = await db.prisma.webhookEvent.findFirstOrThrow();
      const transitions = [event.reason?.includes("appointment booked"), reconciled.change === "booked"].filter(
        Boolean,
      );
      expect(transitions).toHaveLength(1);
      const jobs = await db.prisma.backgroundJob.findMany();
      expect(jobs.map((j) => [j.status, j.resultNote])).toEqual([
        ["CANCELED", "canceled: the lead booked an appointment"],
      ]);
      expect(await db.prisma.lead.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "MEETING_BOOKED",
        appointmentStatus: "BOOKED",
      });
    }
  });

  it("an OAuth token refresh raced by 5 concurrent runs: one refresh, the rotated pair stored", async () => {
    const oauth = await createBookingWorkspace(db.prisma, key, fake, { name: "OAuth", ghl: "oauth" });
    fake.oauth.delayMs = 150;
    const leads = await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        db.prisma.lead.create({
          data: {
            clientId: oauth.clientId,
            name: `o${i}`,
            ghlContactId: FAKE_GHL_CONTACT_ID + (i ? `-${i}` : ""),
            lastInboundAt: NOW,
          },
        }),
      ),
    );
    const refreshesBefore = fake.oauth.refreshes;
    // Five separate readers (five "processes"), one connection row.
    const readers = await Promise.all(leads.map(() => reader("GHL", oauth.clientId)));
    const results = await Promise.all(
      leads.map((lead, i) =>
        reconcileLead({
          db: db.prisma,
          lead: { id: lead.id, email: null, ghlContactId: lead.ghlContactId, ghlAppointmentId: null },
          connection: readers[i]!,
          now: NOW,
        }),
      ),
    );
    expect(results.map((r) => r.change)).toEqual(["booked", "no-change", "no-change", "no-change", "no-change"]);
    expect(fake.oauth.refreshes - refreshesBefore).toBe(1);
    const row = await db.prisma.providerConnection.findUniqueOrThrow({ where: { id: oauth.connections.GHL! } });
    expect(row.oauthTokenVersion).toBe(1);
    expect(decryptSecret(row.oauthRefreshTokenEnc!, key)).toBe(fake.oauth.refreshToken);
    expect(decryptSecret(row.oauthAccessTokenEnc!, key)).toBe(`access-${fake.oauth.refreshes}`);
    expect(row.oauthAccessExpiresAt!.getTime()).toBeGreaterThan(Date.now());

    // The provider rejects the stored access token (revoked early): one more refresh, then it works.
    fake.expireOAuthTokens();
    const again = await reconcileLead({
      db: db.prisma,
      lead: { id: leads[0]!.id, email: null, ghlContactId: FAKE_GHL_CONTACT_ID, ghlAppointmentId: null },
      connection: await reader("GHL", oauth.clientId),
      now: NOW,
    });
    expect(again.change).toBe("no-change");
    expect(fake.oauth.refreshes - refreshesBefore).toBe(2);
    fake.oauth.delayMs = 0;
  });
});
