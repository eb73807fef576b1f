// The windowed GoHighLevel source of the appointments backfill (--ghl-source calendars|auto)
// against the local fake GoHighLevel + Calendly server (real HTTP, real PostgreSQL): events
// listed per calendar in ≤ 31-day chunks (a 429 with Retry-After once, honoured), matched to
// leads by contactId and applied with the fixtures' statuses, a reschedule (same id, new start),
// leads without an event checked with no appointment (and a stored one gone → cancelled, as a
// per-lead check does), Calendly leads untouched by the switch, dry-run writing nothing, a run
// stopped mid-workspace (listing and leads) and resumed ending equal to a clean run, a second
// run changing nothing, and auto choosing by the number of eligible GoHighLevel leads.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillAppointments, type BackfillAppointmentsOptions } from "@/lib/appointments/backfill/run-backfill";
import { readAppointmentsState } from "@/lib/appointments/backfill/state-file";
import { GHL_EVENTS_CHUNK_MS } from "@/lib/providers/ghl/calendar-window";
import type { Db } from "@/lib/prisma-client";
import { FAKE_CALENDLY_EMAIL, startFakeBookingServer, type FakeBooking } from "../helpers/fake-booking-server";
import { createBookingWorkspace } from "../helpers/booking-reconcile-fixtures";
import { readProviderFixture } from "../helpers/provider-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

type Json = Record<string, unknown>;
const key = randomBytes(32);
const NOW = new Date("2026-10-20T12:00:00Z");
const LATER = new Date("2026-10-20T13:00:00Z");
const FIRST_INBOUND = new Date("2026-09-01T00:00:00Z");
let fake: FakeBooking;
let main: TestDatabase;
let reference: TestDatabase;
let resumed: TestDatabase;
let dir: string;

/** A CalendarEventDTO as GET /calendars/events answers it (the fixture's first event, overridden). */
const fixtureEvent = () =>
  (JSON.parse(readProviderFixture("gohighlevel", "api/GET_calendars_events.200.json")) as { events: Json[] })
    .events[0]!;
const event = (
  location: string,
  calendar: string,
  o: { id: string; contact: string; status: string; start: string; updated: string },
) => ({
  ...fixtureEvent(),
  id: o.id,
  calendarId: `${location}-${calendar}`,
  locationId: location,
  contactId: o.contact,
  appointmentStatus: o.status,
  startTime: o.start,
  endTime: new Date(Date.parse(o.start) + 30 * 60_000).toISOString(),
  dateAdded: "2026-10-01T10:00:00Z",
  dateUpdated: o.updated,
});

/** Twelve leads: c0…c9 and c11 with GoHighLevel contacts (c7, c9 with a stored booking; c8, c11 no event), 10 Calendly only. */
async function seed(db: Db, name: string) {
  const ws = await createBookingWorkspace(db, key, fake, { name, ghl: "ok", calendly: "ok" });
  const connection = await db.providerConnection.findUniqueOrThrow({ where: { id: ws.connections.GHL! } });
  const location = connection.externalAccountId;
  for (let i = 0; i < 12; i++) {
    const stored =
      i === 7 || i === 9
        ? {
            appointmentStatus: "BOOKED" as const,
            appointmentProvider: "GHL" as const,
            ghlAppointmentId: `c${i}-a`,
            appointmentStartAt: new Date("2026-10-22T15:00:00Z"),
            appointmentBookedAt: new Date("2026-10-01T10:00:00Z"),
            appointmentProviderUpdatedAt: new Date("2026-10-01T10:00:00Z"),
          }
        : {};
    await db.lead.create({
      data: {
        clientId: ws.clientId,
        name: `Lead ${String(i).padStart(2, "0")}`,
        ghlContactId: i === 10 ? null : `c${i}`,
        email: i === 10 ? FAKE_CALENDLY_EMAIL : null,
        lastInboundAt: new Date(FIRST_INBOUND.getTime() + i * 3_600_000),
        ...stored,
      },
    });
  }
  fake.ghl.calendars.push(
    { id: `${location}-cal-a`, name: "Intro", locationId: location, isActive: true },
    { id: `${location}-cal-b`, name: "Demo", locationId: location, isActive: false },
  );
  const e = (calendar: string, o: Parameters<typeof event>[2]) =>
    fake.ghl.calendarEvents.push(event(location, calendar, o));
  const at = "2026-10-25T15:00:00Z";
  e("cal-a", { id: "c0-a", contact: "c0", status: "confirmed", start: at, updated: "2026-10-10T10:00:00Z" });
  e("cal-a", { id: "c1-a", contact: "c1", status: "cancelled", start: at, updated: "2026-10-11T10:00:00Z" });
  e("cal-a", {
    id: "c2-a",
    contact: "c2",
    status: "showed",
    start: "2026-10-02T15:00:00Z",
    updated: "2026-10-03T10:00:00Z",
  });
  e("cal-b", {
    id: "c3-a",
    contact: "c3",
    status: "noshow",
    start: "2026-10-05T15:00:00Z",
    updated: "2026-10-06T10:00:00Z",
  });
  e("cal-b", { id: "c4-a", contact: "c4", status: "invalid", start: at, updated: "2026-10-12T10:00:00Z" });
  // Months ahead: a later chunk.
  e("cal-b", {
    id: "c5-a",
    contact: "c5",
    status: "new",
    start: "2027-03-01T15:00:00Z",
    updated: "2026-10-13T10:00:00Z",
  });
  // Two appointments: the later update (the new booking on the other calendar) tells the state.
  e("cal-a", { id: "c6-old", contact: "c6", status: "cancelled", start: at, updated: "2026-10-05T10:00:00Z" });
  e("cal-b", {
    id: "c6-new",
    contact: "c6",
    status: "confirmed",
    start: "2026-11-03T15:00:00Z",
    updated: "2026-10-12T10:00:00Z",
  });
  // The stored appointment moved: same id, a new start.
  e("cal-a", {
    id: "c7-a",
    contact: "c7",
    status: "confirmed",
    start: "2026-10-29T16:00:00Z",
    updated: "2026-10-14T10:00:00Z",
  });
  // Not a lead of this workspace.
  e("cal-a", { id: "x-a", contact: "someone-else", status: "confirmed", start: at, updated: "2026-10-14T10:00:00Z" });
  return { clientId: ws.clientId, location, ghlConnectionId: ws.connections.GHL! };
}

const options = (db: TestDatabase, over: Partial<BackfillAppointmentsOptions> = {}): BackfillAppointmentsOptions => ({
  db: db.prisma,
  mode: "apply",
  clientId: null,
  staleDays: 7,
  leadConcurrency: 2,
  clientConcurrency: 1,
  maxLeads: null,
  stateFile: null,
  resume: null,
  credentials: { encryptionKey: key },
  now: () => NOW,
  log: () => undefined,
  shouldStop: () => false,
  sleep: async () => undefined,
  ghlSource: "calendars",
  ...over,
});

/** What a run decides, keyed by lead name (ids differ between databases). */
async function outcome(db: TestDatabase) {
  return db.query(`
    SELECT l."name", l."status", l."appointmentStatus", l."appointmentProvider", l."appointmentStartAt",
           l."appointmentBookedAt", l."appointmentCanceledAt", l."appointmentProviderUpdatedAt", l."ghlAppointmentId",
           l."calendlyInviteeUri", l."appointmentLastCheckedAt" IS NOT NULL AS checked,
           (SELECT string_agg(t."kind"::text, ',' ORDER BY t."kind") FROM "LeadTask" t WHERE t."leadId" = l."id") AS tasks
      FROM "Lead" l ORDER BY l."name"`);
}

const eventsRequests = (location: string) =>
  fake.requests.filter((r) => r.path === "/calendars/events" && r.query.locationId === location);

let mainWs: Awaited<ReturnType<typeof seed>>;
let referenceWs: Awaited<ReturnType<typeof seed>>;
let resumedWs: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  fake = await startFakeBookingServer();
  [main, reference, resumed] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
  mainWs = await seed(main.prisma, "Main");
  referenceWs = await seed(reference.prisma, "Reference");
  resumedWs = await seed(resumed.prisma, "Resumed");
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "backfill-ghl-calendars-"));
});
afterAll(async () => {
  await fake?.close();
  await Promise.all([main?.drop(), reference?.drop(), resumed?.drop()]);
  await fs.rm(dir, { recursive: true, force: true });
});

describe("backfill:appointments --ghl-source calendars", () => {
  it("--dry-run lists the window and writes nothing", async () => {
    const before = await outcome(main);
    const lines: string[] = [];
    const run = await backfillAppointments(options(main, { mode: "dry-run", log: (l) => lines.push(l) }));
    expect(run.totals.leadsChecked).toBe(12);
    expect(run.totals.bookedFound).toBeGreaterThan(0);
    expect(lines.join("\n")).toMatch(/GoHighLevel source: calendars \(--ghl-source calendars, window /);
    expect(lines.join("\n")).toMatch(/Dry run complete: nothing was written/);
    expect(await outcome(main)).toEqual(before);
    fake.requests.length = 0;
  });

  it("applies matched events with their statuses, checks the rest, chunks the window, honours a 429", async () => {
    fake.resetRateLimits();
    fake.script.push({
      path: /^\/calendars\/events$/,
      status: 429,
      headers: { "Retry-After": "3", "X-RateLimit-Max": "100", "X-RateLimit-Remaining": "0" },
      body: { statusCode: 429, message: "Too many requests" },
    });
    const waits: number[] = [];
    const lines: string[] = [];
    const run = await backfillAppointments(
      options(main, { sleep: async (ms) => void waits.push(ms), log: (l) => lines.push(l) }),
    );
    expect(waits).toContain(3000);

    const rows = new Map((await outcome(main)).map((r) => [r.name as string, r]));
    const status = (i: number) => rows.get(`Lead ${String(i).padStart(2, "0")}`)!;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => status(i).appointmentStatus)).toEqual([
      "BOOKED",
      "CANCELED",
      "COMPLETED",
      "NO_SHOW",
      "CANCELED",
      "BOOKED",
      "BOOKED",
      "RESCHEDULED",
      null,
      "CANCELED",
    ]);
    expect(status(6).ghlAppointmentId).toBe("c6-new");
    expect(status(7).appointmentStartAt).toEqual(new Date("2026-10-29T16:00:00Z"));
    expect(status(0).status).toBe("MEETING_BOOKED");
    expect(status(7).tasks).toBe("APPOINTMENT_RESCHEDULED");
    expect(status(1).tasks).toBe("APPOINTMENT_CANCELED");
    expect(status(9).tasks).toBe("APPOINTMENT_CANCELED");
    // Every lead some provider can answer for was checked; the Calendly lead by Calendly.
    expect([...rows.values()].filter((r) => r.checked)).toHaveLength(12);
    expect(status(10).appointmentProvider).toBe("CALENDLY");
    expect(status(11)).toMatchObject({ checked: true, appointmentStatus: null, tasks: null });
    expect(run.totals.leadsChecked).toBe(12);
    expect(run.totals.byProvider.ghl).toMatchObject({
      checked: 11,
      booked: 3,
      canceled: 3,
      rescheduled: 1,
      completed: 1,
      noShow: 1,
    });

    // No per-lead GoHighLevel list; the stored c9-a was looked up alone (gone: 404 → cancelled).
    expect(fake.requests.filter((r) => r.path.startsWith("/contacts/"))).toEqual([]);
    expect(
      fake.requests.filter((r) => r.path.startsWith("/calendars/events/appointments/")).map((r) => r.path),
    ).toEqual(["/calendars/events/appointments/c9-a"]);
    const calendarsList = fake.requests.filter((r) => r.path === "/calendars/");
    expect(calendarsList).toHaveLength(1);
    expect(calendarsList[0]!.version).toBe("2021-04-15");
    // Chunks: adjacent, ≤ 31 days, covering [first inbound − 30 d, now + 365 d) for each calendar (+ the 429's retry).
    const asked = eventsRequests(mainWs.location);
    expect(asked.every((r) => r.version === "2021-04-15")).toBe(true);
    for (const calendar of ["cal-a", "cal-b"]) {
      const chunks = asked.filter((r) => r.query.calendarId === `${mainWs.location}-${calendar}`);
      const unique = [...new Map(chunks.map((r) => [r.query.startTime, r])).values()];
      expect(Number(unique[0]!.query.startTime)).toBe(FIRST_INBOUND.getTime() - 30 * 86_400_000);
      expect(Number(unique.at(-1)!.query.endTime)).toBe(NOW.getTime() + 365 * 86_400_000);
      for (let i = 0; i < unique.length; i++) {
        const [start, end] = [Number(unique[i]!.query.startTime), Number(unique[i]!.query.endTime)];
        expect(end - start).toBeLessThanOrEqual(GHL_EVENTS_CHUNK_MS);
        if (i > 0) expect(start).toBe(Number(unique[i - 1]!.query.endTime));
      }
    }
    const span = NOW.getTime() + 365 * 86_400_000 - (FIRST_INBOUND.getTime() - 30 * 86_400_000);
    expect(asked.length).toBe(2 * Math.ceil(span / GHL_EVENTS_CHUNK_MS) + 1);
    expect(lines.some((l) => /^\[ghl calendars\] workspace [0-9a-f-]{36}: calendar 1\/2, chunk 1\/\d+: /.test(l))).toBe(
      true,
    );
    expect(lines.some((l) => /^\[batch 1\] workspace [0-9a-f-]{36}: checked \d+, booked \d+, /.test(l))).toBe(true);
  });

  it("stopped mid-workspace (listing and leads) and resumed equals a clean run; a second run changes nothing", async () => {
    await backfillAppointments(options(reference, { clientId: referenceWs.clientId, batchSize: 2 }));
    const clean = await outcome(reference);

    const file = path.join(dir, "state.json");
    let rounds = 0;
    const stops: string[] = [];
    // Each round stops after a few progress lines (the listing's chunks, then the lead batches); every other
    // round also rolls the state file back by its last write, as a kill just before it would leave it (what
    // was applied and listed is then ahead of the state).
    for (const stopAt of [3, 5, 8, 6, 4, 3, 4, 6, 2, 2, 2]) {
      let seen = 0;
      let beforeLastWrite: string | null = null;
      const resume = rounds > 0 ? await readAppointmentsState(file) : null;
      const run = await backfillAppointments(
        options(resumed, {
          clientId: resumedWs.clientId,
          batchSize: 2,
          stateFile: file,
          resume,
          log: (line) => {
            if (!/^\[(ghl calendars|batch)/.test(line)) return;
            seen += 1;
            // Each progress line is followed by that step's state write.
            beforeLastWrite = readFileSync(file, "utf8");
          },
          shouldStop: () => seen >= stopAt,
        }),
      );
      rounds += 1;
      if (!run.stopped) break;
      const cursor = (await readAppointmentsState(file)).cursors[resumedWs.clientId]!;
      stops.push(
        cursor.ghl?.collected
          ? cursor.afterLeadId
            ? "leads"
            : "listed"
          : `listing ${cursor.ghl?.calendarIndex}/${cursor.ghl?.chunkIndex}`,
      );
      if (rounds % 2 === 0 && beforeLastWrite) await fs.writeFile(file, beforeLastWrite);
    }
    expect(rounds).toBeGreaterThan(4);
    // Stopped while listing (calendar 0 and 1) and while reconciling the leads.
    expect(stops).toEqual(
      expect.arrayContaining([expect.stringMatching(/^listing 0\//), expect.stringMatching(/^listing 1\//), "leads"]),
    );
    const last = await backfillAppointments(
      options(resumed, {
        clientId: resumedWs.clientId,
        batchSize: 2,
        stateFile: file,
        resume: await readAppointmentsState(file),
      }),
    );
    expect(last.stopped).toBe(false);
    expect(await outcome(resumed)).toEqual(clean);
    await expect(fs.stat(`${file}.ghl-${resumedWs.clientId}.json`)).rejects.toThrow();

    // Again an hour later, re-asking every lead: no change (a vanished appointment's check time aside).
    const again = await backfillAppointments(
      options(resumed, { clientId: resumedWs.clientId, staleDays: 0, now: () => LATER }),
    );
    expect(again.totals).toMatchObject({ leadsChecked: 12, bookedFound: 0, canceledFound: 0, rescheduledFound: 0 });
    expect(again.totals).toMatchObject({ completedFound: 0, noShowFound: 0, tasksCreated: 0, noChange: 12, errors: 0 });
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ appointmentProviderUpdatedAt: _, ...r }) => r);
    expect(strip(await outcome(resumed))).toEqual(strip(clean));
  });

  it("a credential failure while listing stops that workspace: counted, marked, no lead touched", async () => {
    const bad = await createBookingWorkspace(main.prisma, key, fake, { name: "Revoked", ghl: "bad-token" });
    await main.prisma.lead.create({
      data: { clientId: bad.clientId, name: "Revoked 0", ghlContactId: "r0", lastInboundAt: FIRST_INBOUND },
    });
    const lines: string[] = [];
    const run = await backfillAppointments(options(main, { clientId: bad.clientId, log: (l) => lines.push(l) }));
    expect(run.totals).toMatchObject({ leadsChecked: 0, errors: 1 });
    expect(run.state.cursors[bad.clientId]).toMatchObject({
      done: false,
      ghl: { source: "calendars", collected: false },
    });
    expect(lines.join("\n")).toMatch(/connection [0-9a-f-]{36} stopped for this run: \/calendars\/: answered 401/);
    const connection = await main.prisma.providerConnection.findUniqueOrThrow({ where: { id: bad.connections.GHL! } });
    expect(connection.lastReconcileError).toMatch(/answered 401/);
    const lead = await main.prisma.lead.findFirstOrThrow({ where: { clientId: bad.clientId } });
    expect(lead.appointmentLastCheckedAt).toBeNull();
  });

  it("auto: calendars above 200 eligible GoHighLevel leads, contacts otherwise", async () => {
    const big = await createBookingWorkspace(main.prisma, key, fake, { name: "Big", ghl: "ok" });
    await main.prisma.lead.createMany({
      data: Array.from({ length: 201 }, (_, i) => ({
        clientId: big.clientId,
        name: `Big ${i}`,
        ghlContactId: `big-${i}`,
        lastInboundAt: FIRST_INBOUND,
      })),
    });
    const small = await createBookingWorkspace(main.prisma, key, fake, { name: "Small", ghl: "ok" });
    await main.prisma.lead.createMany({
      data: Array.from({ length: 3 }, (_, i) => ({
        clientId: small.clientId,
        name: `Small ${i}`,
        ghlContactId: `small-${i}`,
        lastInboundAt: FIRST_INBOUND,
      })),
    });
    const lines: string[] = [];
    const common = { mode: "dry-run" as const, ghlSource: "auto" as const, log: (l: string) => lines.push(l) };
    fake.requests.length = 0;
    await backfillAppointments(options(main, { ...common, clientId: big.clientId, leadConcurrency: 8 }));
    await backfillAppointments(options(main, { ...common, clientId: small.clientId }));
    expect(lines.filter((l) => l.includes("GoHighLevel source"))).toEqual([
      expect.stringMatching(/GoHighLevel source: calendars \(auto: 201 eligible GoHighLevel leads > 200, window /),
      expect.stringMatching(/GoHighLevel source: contacts \(auto: 3 eligible GoHighLevel leads <= 200\)$/),
    ]);
    expect(fake.requests.filter((r) => r.path.startsWith("/contacts/"))).toHaveLength(3);
    expect(fake.requests.filter((r) => r.path === "/calendars/")).toHaveLength(1);
  });
});
