// `npm run webhooks:simulate -- --event …`: booking events built from the fixture shapes,
// signed as GoHighLevel (Ed25519) and Calendly (HMAC, the connection's signing key) sign,
// posted over HTTP to the real webhook route files (app/api/webhooks/ghl/route.ts and
// calendly/[connectionId]/route.ts) on a real database; the lead's booking read back after
// create → reschedule → cancel for both providers, the refusals, and the CLI process itself.
import { mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localGhlKeys } from "@/lib/dev-db/local-ghl-keys";
import { formatPatternInTimeZone } from "@/lib/format";
import { runSimulate } from "@/lib/webhooks/simulate/run-simulate";
import { parseSimulateArgs } from "@/lib/webhooks/simulate/simulate-args";
import { runCli } from "../helpers/backfill-fixtures";
import { createWorkspace } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createSecretConnection, useWebhookTestEnvironment } from "../helpers/webhook-route";

type Route = { POST: (request: Request, context: { params: Promise<{ connectionId: string }> }) => Promise<Response> };

const ZONE = "America/Chicago";
const SIGNING_KEY = "whsec_simulate_calendly_signing_key";
let db: TestDatabase;
let key: Buffer;
let app: { server: http.Server; url: string };
let cwd: string;
let clientId: string;
let calendlyConnectionId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  key = useWebhookTestEnvironment(db);
  // The CLI signs GoHighLevel events with the pair in <cwd>/.data/; the app verifies with its public half.
  cwd = mkdtempSync(path.join(os.tmpdir(), "simulate-appointments-"));
  process.env.GHL_WEBHOOK_ED25519_PUBLIC_KEY = localGhlKeys(cwd).publicKeyPem;
  const ghl = (await import("@/app/api/webhooks/ghl/route")) as unknown as Route;
  const calendly = (await import("@/app/api/webhooks/calendly/[connectionId]/route")) as Route;

  clientId = (await createWorkspace(db.prisma, "Bookings Sim Co", ZONE)).id;
  await db.prisma.providerConnection.create({
    data: { clientId, provider: "GHL", externalAccountId: "simBookingLocation01", mode: "sandbox" },
  });
  calendlyConnectionId = (
    await createSecretConnection(db.prisma, key, {
      clientId,
      provider: "CALENDLY",
      externalAccountId: "https://api.calendly.com/organizations/SIMORG0000000001",
      secret: SIGNING_KEY,
    })
  ).id;
  await db.prisma.lead.createMany({
    data: [
      { clientId, name: "Casey Ng", phone: "+12125550123", ghlContactId: "Hn4TgQw9ZkLm2PxR7sBv" },
      { clientId, name: "Jordan Rivera", email: "jordan.rivera@example.org" },
      { clientId, name: "Noel Show", email: "noel.show@example.org" },
      { clientId, name: "Pat Plain", phone: "+12125550199" },
    ],
  });

  // The app's health check and the two webhook routes, as Next.js would call them.
  app = await new Promise((resolve) => {
    const server = http.createServer(async (req, res) => {
      if (req.url === "/api/health") return void res.writeHead(200).end('{"status":"ok"}');
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers,
        body: Buffer.concat(chunks),
      });
      const match = /^\/api\/webhooks\/calendly\/([^/]+)$/.exec(req.url ?? "");
      const response =
        req.url === "/api/webhooks/ghl"
          ? await ghl.POST(request, { params: Promise.resolve({ connectionId: "" }) })
          : match
            ? await calendly.POST(request, { params: Promise.resolve({ connectionId: match[1]! }) })
            : new Response(null, { status: 404 });
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    });
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    );
  });
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => app?.server.close(resolve));
  await db?.drop();
});

/** One in-process run of the CLI's pipeline (the same runSimulate the script calls). */
async function simulate(...argv: string[]) {
  const parsed = parseSimulateArgs([...argv, "--client-id", clientId, "--url", app.url]);
  if (parsed.kind !== "run") throw new Error(`bad flags: ${JSON.stringify(parsed)}`);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSimulate(parsed.args, {
    env: { LEADCLOCK_ENCRYPTION_KEY: key.toString("base64") },
    cwd,
    now: () => new Date(),
    log: (line) => out.push(line),
    error: (line) => err.push(line),
    openDb: async () => ({ db: db.prisma, close: async () => undefined }),
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

const leadBy = (where: { email?: string; phone?: string }) => db.prisma.lead.findFirstOrThrow({ where });
const openTasks = async (leadId: string) =>
  (await db.prisma.leadTask.findMany({ where: { leadId, doneAt: null }, orderBy: { createdAt: "asc" } })).map(
    (t) => t.kind,
  );
const wallClock = (date: Date | null) => formatPatternInTimeZone(date!, ZONE, "yyyy-MM-dd HH:mm");

describe("GoHighLevel appointment events", () => {
  it("create (tomorrow 10:00 in the workspace's zone) → update (a day later) → delete", async () => {
    const created = await simulate("--provider", "ghl", "--event", "appointment-create", "--lead", "+12125550123");
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`→ POST ${app.url}/api/webhooks/ghl (AppointmentCreate)`);
    expect(created.stdout).toMatch(/← 200 /);
    expect(created.stdout).toMatch(/Stored: event [0-9a-f-]{36} \(processed\): appointment /);
    let lead = await leadBy({ phone: "+12125550123" });
    expect(lead).toMatchObject({ appointmentStatus: "BOOKED", appointmentProvider: "GHL" });
    expect(lead.ghlAppointmentId).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(formatPatternInTimeZone(lead.appointmentStartAt!, ZONE, "HH:mm")).toBe("10:00");
    expect(lead.appointmentStartAt!.getTime()).toBeGreaterThan(Date.now());
    expect(created.stdout).toContain("Lead Casey Ng: BOOKED, via GoHighLevel, starts ");
    expect(created.stdout).toContain("(was: no appointment)");
    expect(created.stdout).toContain(`Open the CRM: ${app.url}/w/${clientId}/crm?lead=${lead.id}`);
    const firstStart = lead.appointmentStartAt!;
    const appointmentId = lead.ghlAppointmentId;

    const moved = await simulate("--provider", "ghl", "--event", "appointment-update", "--lead", "+12125550123");
    expect(moved.stderr).toBe("");
    expect(moved.code).toBe(0);
    lead = await leadBy({ phone: "+12125550123" });
    expect(lead).toMatchObject({ appointmentStatus: "RESCHEDULED", ghlAppointmentId: appointmentId });
    expect(lead.appointmentStartAt!.getTime() - firstStart.getTime()).toBe(86_400_000);
    expect(moved.stdout).toContain("Lead Casey Ng: RESCHEDULED, via GoHighLevel");

    const deleted = await simulate("--provider", "ghl", "--event", "appointment-delete", "--lead", "+12125550123");
    expect(deleted.stderr).toBe("");
    expect(deleted.code).toBe(0);
    lead = await leadBy({ phone: "+12125550123" });
    expect(lead).toMatchObject({ appointmentStatus: "CANCELED", ghlAppointmentId: appointmentId });
    expect(await openTasks(lead.id)).toContain("APPOINTMENT_CANCELED");
    expect(deleted.stdout).toContain("Open follow-up tasks: ");
    expect(await db.prisma.webhookEvent.count({ where: { provider: "GHL", status: "processed" } })).toBe(3);
  });

  it("--start in the workspace's wall clock or with an offset", async () => {
    const local = await simulate(
      ...[
        "--provider",
        "ghl",
        "--event",
        "appointment-create",
        "--lead",
        "+12125550123",
        "--start",
        "2027-03-02T15:30",
      ],
    );
    expect(local.code).toBe(0);
    const lead = await leadBy({ phone: "+12125550123" });
    expect(lead.appointmentStatus).toBe("BOOKED");
    expect(wallClock(lead.appointmentStartAt)).toBe("2027-03-02 15:30");
    const explicit = await simulate(
      ...["--provider", "ghl", "--event", "appointment-update", "--lead", "+12125550123"],
      ...["--start", "2027-03-03T09:00:00Z"],
    );
    expect(explicit.code).toBe(0);
    expect((await leadBy({ phone: "+12125550123" })).appointmentStartAt).toEqual(new Date("2027-03-03T09:00:00Z"));
  });

  it("refused with a message (exit 1, nothing posted): no contact id, unknown lead, nothing to update", async () => {
    const before = await db.prisma.webhookEvent.count();
    const noContact = await simulate("--provider", "ghl", "--event", "appointment-create", "--lead", "+12125550199");
    expect(noContact.code).toBe(1);
    expect(noContact.stderr).toContain("Lead Pat Plain has no GoHighLevel contact id");
    const unknown = await simulate("--provider", "ghl", "--event", "appointment-create", "--lead", "who@example.org");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No lead with who@example.org");
    expect(unknown.stderr).toContain("Booking events never create a lead");
    const calendlyLead = await simulate(
      "--provider",
      "calendly",
      "--event",
      "invitee-canceled",
      "--lead",
      "+12125550199",
    );
    expect(calendlyLead.code).toBe(1);
    expect(calendlyLead.stderr).toContain("Lead Pat Plain has no email address");
    const nothing = await simulate(
      "--provider",
      "calendly",
      "--event",
      "invitee-canceled",
      "--lead",
      "noel.show@example.org",
    );
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("Lead Noel Show has no current Calendly appointment to act on");
    expect(await db.prisma.webhookEvent.count()).toBe(before);
  });
});

describe("Calendly invitee events", () => {
  it("invitee-created → invitee-rescheduled (the pair Calendly sends) → invitee-canceled", async () => {
    const email = "jordan.rivera@example.org";
    const created = await simulate(
      ...["--provider", "calendly", "--event", "invitee-created", "--lead", email, "--start", "2027-04-06T11:00"],
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(
      `→ POST ${app.url}/api/webhooks/calendly/${calendlyConnectionId} (invitee.created)`,
    );
    let lead = await leadBy({ email });
    expect(lead).toMatchObject({ appointmentStatus: "BOOKED", appointmentProvider: "CALENDLY" });
    expect(wallClock(lead.appointmentStartAt)).toBe("2027-04-06 11:00");
    const first = lead.calendlyInviteeUri!;
    expect(first).toMatch(/^https:\/\/api\.calendly\.com\/scheduled_events\/[0-9a-f-]{36}\/invitees\/[0-9a-f-]{36}$/);
    expect(created.stdout).toContain(`Appointment: ${first}`);
    expect(created.stdout).toContain("Lead Jordan Rivera: BOOKED, via Calendly, starts Apr 6, 2027, 11:00 AM CDT");

    const moved = await simulate("--provider", "calendly", "--event", "invitee-rescheduled", "--lead", email);
    expect(moved.stderr).toBe("");
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain("(invitee.canceled)");
    expect(moved.stdout).toContain("(invitee.created)");
    lead = await leadBy({ email });
    expect(lead.appointmentStatus).toBe("RESCHEDULED");
    expect(lead.calendlyInviteeUri).not.toBe(first);
    expect(wallClock(lead.appointmentStartAt)).toBe("2027-04-07 11:00");
    expect(lead.appointmentCanceledAt).toBeNull();
    expect(await openTasks(lead.id)).toEqual(["APPOINTMENT_RESCHEDULED"]);

    // The cancellation acts on the lead's current invitee: the new one.
    const canceled = await simulate("--provider", "calendly", "--event", "invitee-canceled", "--lead", email);
    expect(canceled.stderr).toBe("");
    expect(canceled.code).toBe(0);
    expect(canceled.stdout).toContain(`Appointment: ${lead.calendlyInviteeUri}`);
    lead = await leadBy({ email });
    expect(lead.appointmentStatus).toBe("CANCELED");
    expect(lead.appointmentCanceledAt).not.toBeNull();
    expect(await openTasks(lead.id)).toEqual(["APPOINTMENT_RESCHEDULED", "APPOINTMENT_CANCELED"]);
    expect(canceled.stdout).toContain("Lead Jordan Rivera: CANCELED, via Calendly");
  });

  it("no-show created then deleted (the bare no-show resource), on the lead's current invitee", async () => {
    const email = "noel.show@example.org";
    expect((await simulate("--provider", "calendly", "--event", "invitee-created", "--lead", email)).code).toBe(0);
    const noShow = await simulate("--provider", "calendly", "--event", "no-show-created", "--lead", email);
    expect(noShow.stderr).toBe("");
    expect(noShow.code).toBe(0);
    expect((await leadBy({ email })).appointmentStatus).toBe("NO_SHOW");
    const undone = await simulate("--provider", "calendly", "--event", "no-show-deleted", "--lead", email);
    expect(undone.stderr).toBe("");
    expect(undone.code).toBe(0);
    expect((await leadBy({ email })).appointmentStatus).toBe("BOOKED");
  });

  it("a workspace without a Calendly connection: exit 1 saying how to add one", async () => {
    const other = await createWorkspace(db.prisma, "No Calendly Co");
    const parsed = parseSimulateArgs(["--provider", "calendly", "--event", "invitee-created", "--client-id", other.id]);
    if (parsed.kind !== "run") throw new Error("bad flags");
    const err: string[] = [];
    const code = await runSimulate(
      { ...parsed.args, url: app.url },
      {
        env: { LEADCLOCK_ENCRYPTION_KEY: key.toString("base64") },
        cwd,
        now: () => new Date(),
        log: () => undefined,
        error: (line) => err.push(line),
        openDb: async () => ({ db: db.prisma, close: async () => undefined }),
      },
    );
    expect(code).toBe(1);
    expect(err.join("\n")).toContain(`No enabled Calendly connection in workspace ${other.id}`);
    expect(err.join("\n")).toContain("--provider calendly");
  });
});

// The script itself, as a process (a cold tsx start takes seconds on a busy machine).
describe("the CLI process", { timeout: 180_000 }, () => {
  it("books with --event invitee-created (exit 0); a booking flag on a message is a usage error (exit 2)", async () => {
    const env = { DATABASE_URL: db.url, LEADCLOCK_ENCRYPTION_KEY: key.toString("base64") };
    const [booked, usage] = await Promise.all([
      runCli(
        "webhooks-simulate.ts",
        ["--provider", "calendly", "--event", "invitee-created", "--lead", "noel.show@example.org"].concat([
          "--start",
          "2027-05-04T09:15",
          "--client-id",
          clientId,
          "--url",
          app.url,
        ]),
        env,
      ),
      runCli("webhooks-simulate.ts", ["--provider", "smartlead", "--start", "2027-05-04T09:15"], env),
    ]);
    expect(booked.stderr).toBe("");
    expect(booked.code).toBe(0);
    expect(booked.stdout).toContain("Lead Noel Show: BOOKED, via Calendly, starts May 4, 2027, 9:15 AM CDT");
    expect(wallClock((await leadBy({ email: "noel.show@example.org" })).appointmentStartAt)).toBe("2027-05-04 09:15");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^webhooks:simulate: --start applies to booking events only.*\n\nUsage: /);
  });
});
