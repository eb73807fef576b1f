// The bookings cron (runAppointmentReconcile and the route file) against the local fake
// providers: bounds (workspaces × leads per run), the rotating cursor (no workspace starves),
// eligibility (seed 004), a workspace whose credentials fail (counted, marked on its
// connection, the others still run), no credentials (skippedNoCreds), dryRun writing nothing,
// pending webhook events applied, and the route's bearer check, validated overrides and shape.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runAppointmentReconcile, type ReconcileRunOptions } from "@/lib/appointments/run-reconcile";
import { appointmentToJson } from "@/lib/appointments/appointment-json";
import { readGhlAppointmentRecord } from "@/lib/providers/ghl/appointment-record";
import { FAKE_GHL_CONTACT_ID, startFakeBookingServer, type FakeBooking } from "../helpers/fake-booking-server";
import {
  bookingSnapshot,
  createBookingWorkspace,
  createRepliedLeads,
  ghlRecord,
} from "../helpers/booking-reconcile-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { useWebhookTestEnvironment } from "../helpers/webhook-route";

const NOW = new Date("2026-10-20T12:00:00Z");
const CRON_SECRET = "cron-secret-for-tests-0123456789";
let db: TestDatabase;
let fake: FakeBooking;
let key: Buffer;

const defaults: ReconcileRunOptions = { workspaceLimit: 10, leadsPerWorkspace: 50, staleDays: 7 };
const run = (options: Partial<ReconcileRunOptions> = {}, now = NOW) =>
  runAppointmentReconcile({
    db: db.prisma,
    now,
    options: { ...defaults, ...options },
    credentials: { encryptionKey: key },
    log: { error: () => undefined },
  });
const checkedPerWorkspace = async () => {
  const rows = await db.query<{ clientId: string; n: number }>(
    `SELECT "clientId"::text, count(*)::int AS n FROM "Lead" WHERE "appointmentLastCheckedAt" IS NOT NULL GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.clientId, r.n]));
};

beforeAll(async () => {
  [db, fake] = await Promise.all([createTestDatabase(), startFakeBookingServer()]);
  key = useWebhookTestEnvironment(db);
  process.env.CRON_SECRET = CRON_SECRET;
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});
beforeEach(async () => {
  await db.query(`TRUNCATE "Client", "AppointmentReconcileState" CASCADE`);
  fake.resetRateLimits();
});

describe("bounds and fairness", () => {
  it("workspaceLimit × leadsPerWorkspace per run, rotating so every workspace gets its turn", async () => {
    const workspaces = [];
    for (const name of ["A", "B", "C"]) {
      const ws = await createBookingWorkspace(db.prisma, key, fake, { name, ghl: "ok" });
      await createRepliedLeads(db.prisma, ws.clientId, 3, name);
      workspaces.push(ws.clientId);
    }
    const sorted = [...workspaces].sort();
    const first = await run({ workspaceLimit: 2, leadsPerWorkspace: 2 });
    expect(first).toMatchObject({ workspacesProcessed: 2, leadsChecked: 4, errors: 0, noChange: 4 });
    expect(await checkedPerWorkspace()).toEqual({ [sorted[0]!]: 2, [sorted[1]!]: 2 });
    const second = await run({ workspaceLimit: 2, leadsPerWorkspace: 2 });
    // The third workspace first (the cursor), then the first again.
    expect(second).toMatchObject({ workspacesProcessed: 2, leadsChecked: 3 });
    expect(await checkedPerWorkspace()).toEqual({ [sorted[0]!]: 3, [sorted[1]!]: 2, [sorted[2]!]: 2 });
    await run({ workspaceLimit: 2, leadsPerWorkspace: 2 });
    expect(await checkedPerWorkspace()).toEqual({ [sorted[0]!]: 3, [sorted[1]!]: 3, [sorted[2]!]: 3 });
    // Everyone is checked and nothing is stale: a run finds nothing to do.
    expect(await run()).toMatchObject({ leadsChecked: 0, workspacesProcessed: 3 });
    // Eight days later they are stale again.
    expect((await run({}, new Date(NOW.getTime() + 8 * 86_400_000))).leadsChecked).toBe(9);
  });

  it("eligibility: replied only; never checked, stale, or booking evidence without a status, the last first", async () => {
    const ws = await createBookingWorkspace(db.prisma, key, fake, { name: "E", ghl: "ok" });
    const base = { clientId: ws.clientId, name: "x" };
    const replied = new Date("2026-10-01T00:00:00Z");
    const made = await Promise.all([
      db.prisma.lead.create({ data: { ...base, ghlContactId: "no-reply" } }),
      db.prisma.lead.create({
        data: {
          ...base,
          ghlContactId: "fresh",
          lastInboundAt: replied,
          appointmentLastCheckedAt: new Date("2026-10-19T00:00:00Z"),
        },
      }),
      db.prisma.lead.create({
        data: {
          ...base,
          ghlContactId: "stale",
          lastInboundAt: replied,
          appointmentLastCheckedAt: new Date("2026-10-01T00:00:00Z"),
        },
      }),
      db.prisma.lead.create({ data: { ...base, ghlContactId: "never", lastInboundAt: replied } }),
      db.prisma.lead.create({
        data: {
          ...base,
          ghlContactId: "evidence",
          lastInboundAt: replied,
          appointmentBookedAt: replied,
          appointmentLastCheckedAt: new Date("2026-10-19T00:00:00Z"),
        },
      }),
      db.prisma.lead.create({ data: { ...base, email: "no-lookup-for-ghl@example.org", lastInboundAt: replied } }),
    ]);
    expect((await run({ leadsPerWorkspace: 1 })).leadsChecked).toBe(1);
    const checked = await db.prisma.lead.findMany({
      where: { appointmentLastCheckedAt: NOW },
      select: { ghlContactId: true },
    });
    expect(checked).toEqual([{ ghlContactId: "evidence" }]);
    expect((await run()).leadsChecked).toBe(2);
    const after = await db.prisma.lead.findMany({
      where: { id: { in: made.map((m) => m.id) } },
      orderBy: { ghlContactId: "asc" },
    });
    expect(
      after
        .filter((l) => l.appointmentLastCheckedAt?.getTime() === NOW.getTime())
        .map((l) => l.ghlContactId)
        .sort(),
    ).toEqual(["evidence", "never", "stale"]);
  });
});

describe("failures and credentials", () => {
  it("a workspace whose credentials fail is counted and marked; the others still run", async () => {
    const bad = await createBookingWorkspace(db.prisma, key, fake, { name: "Bad", ghl: "bad-token" });
    const good = await createBookingWorkspace(db.prisma, key, fake, { name: "Good", ghl: "ok", calendly: "no-creds" });
    await createRepliedLeads(db.prisma, bad.clientId, 3, "bad");
    const [goodLead] = await createRepliedLeads(db.prisma, good.clientId, 1, "good");
    await db.prisma.lead.update({ where: { id: goodLead }, data: { ghlContactId: FAKE_GHL_CONTACT_ID } });
    const result = await run();
    expect(result).toMatchObject({
      workspacesProcessed: 2,
      leadsChecked: 1,
      bookedFound: 1,
      errors: 1,
      skippedNoCreds: 1,
      byProvider: { ghl: { checked: 1, booked: 1, errors: 1 }, calendly: { checked: 0, errors: 0 } },
    });
    const marked = await db.prisma.providerConnection.findUniqueOrThrow({ where: { id: bad.connections.GHL! } });
    expect(marked.lastReconcileError).toMatch(/401/);
    expect(marked.lastError).toMatch(/^reconcile: /);
    expect(marked.lastReconcileAt).toEqual(NOW);
    const fine = await db.prisma.providerConnection.findUniqueOrThrow({ where: { id: good.connections.GHL! } });
    expect(fine).toMatchObject({ lastReconcileAt: NOW, lastReconcileError: null });
    // The failing workspace's leads were not marked checked: they are asked again next run.
    expect(await db.prisma.lead.count({ where: { clientId: bad.clientId, appointmentLastCheckedAt: null } })).toBe(3);
  });

  it("dryRun writes nothing: no lead, task, connection or cursor change", async () => {
    const ws = await createBookingWorkspace(db.prisma, key, fake, { name: "Dry", ghl: "ok" });
    const [id] = await createRepliedLeads(db.prisma, ws.clientId, 2, "dry");
    await db.prisma.lead.update({ where: { id }, data: { ghlContactId: FAKE_GHL_CONTACT_ID } });
    const before = [
      await bookingSnapshot(db.prisma),
      await db.prisma.providerConnection.findMany(),
      await db.prisma.lead.findMany(),
    ];
    const result = await run({ dryRun: true });
    expect(result).toMatchObject({ leadsChecked: 2, bookedFound: 1 });
    expect([
      await bookingSnapshot(db.prisma),
      await db.prisma.providerConnection.findMany(),
      await db.prisma.lead.findMany(),
    ]).toEqual(before);
    expect(await db.prisma.appointmentReconcileState.count()).toBe(0);
  });

  it("a pending webhook event is applied once its lead exists", async () => {
    const ws = await createBookingWorkspace(db.prisma, key, fake, { name: "Pending", ghl: "ok" });
    const record = readGhlAppointmentRecord(
      ghlRecord({
        id: "early",
        contactId: "early-contact",
        status: "confirmed",
        start: "2026-10-25T15:00:00Z",
        updated: "2026-10-19T10:00:00Z",
      }),
      { timeZone: null },
    );
    if (!record.ok) throw new Error(record.reason);
    await db.prisma.pendingAppointmentEvent.create({
      data: {
        clientId: ws.clientId,
        connectionId: ws.connections.GHL!,
        provider: "GHL",
        contactId: "early-contact",
        appointment: appointmentToJson(record.appointment) as object,
      },
    });
    expect((await run()).bookedFound).toBe(0);
    await db.prisma.lead.create({ data: { clientId: ws.clientId, name: "Early", ghlContactId: "early-contact" } });
    expect((await run()).bookedFound).toBe(1);
    expect(await db.prisma.lead.findFirstOrThrow({ where: { ghlContactId: "early-contact" } })).toMatchObject({
      appointmentStatus: "BOOKED",
      ghlAppointmentId: "early",
    });
  });
});

describe("the route", () => {
  const call = async (method: "GET" | "POST", query = "", auth = `Bearer ${CRON_SECRET}`) => {
    const route = await import("@/app/api/cron/appointment-reconcile/route");
    const request = new Request(`http://localhost/api/cron/appointment-reconcile${query}`, {
      method,
      headers: auth ? { authorization: auth } : {},
    });
    const response = await route[method](request);
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  it("401 without the bearer (even with a bad query); 400 for a bad override; 200 with the issue's shape", async () => {
    expect((await call("GET", "?workspaceLimit=0", "")).status).toBe(401);
    expect((await call("POST", "", "Bearer wrong-secret-0123456789")).status).toBe(401);
    const bad = await Promise.all([
      call("GET", "?workspaceLimit=0"),
      call("GET", "?leadsPerWorkspace=ten"),
      call("GET", "?clientId=nope"),
      call("GET", "?dryRun=maybe"),
      call("GET", "?frobnicate=1"),
      call("GET", "?staleDays=99999"),
    ]);
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(bad.map((r) => r.json.error)).toEqual([
      "workspaceLimit must be at least 1",
      "leadsPerWorkspace must be a whole number",
      "clientId must be a UUID",
      "dryRun must be true or false",
      "unknown parameter frobnicate",
      "staleDays must be at most 3650",
    ]);
    const ws = await createBookingWorkspace(db.prisma, key, fake, { name: "Route", ghl: "ok" });
    await createRepliedLeads(db.prisma, ws.clientId, 2, "route");
    const ok = await call("POST", `?clientId=${ws.clientId}&dryRun=true&leadsPerWorkspace=1`);
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.json)).toEqual([
      "success",
      "workspacesProcessed",
      "leadsChecked",
      "bookedFound",
      "canceledFound",
      "rescheduledFound",
      "tasksCreated",
      "noChange",
      "skippedNoCreds",
      "errors",
      "byProvider",
      "durationMs",
    ]);
    expect(ok.json).toMatchObject({ success: true, workspacesProcessed: 1, leadsChecked: 1 });
    expect(Object.keys(ok.json.byProvider as object)).toEqual(["ghl", "calendly"]);
    const get = await call("GET");
    expect(get).toMatchObject({ status: 200, json: { success: true, leadsChecked: 2 } });
  });
});
