// Calendly invitee.* webhooks: the signature (the signed fixture, a stale one, a tampered
// body), the lead matched by email or reminder phone, the reschedule pair in both orders (one
// RESCHEDULED with the new slot, one task), a cancellation, no-shows (both payload shapes),
// every bad/ fixture's documented answer, and one delivery through the real route file.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signCalendly } from "@/lib/providers/calendly/verify";
import { resolveWebhookConfig } from "@/lib/webhooks/config";
import { ingestWebhook } from "@/lib/webhooks/ingest";
import { createWorkspace } from "../helpers/fixtures";
import { readProviderFixture } from "../helpers/provider-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createSecretConnection, postWebhook, useWebhookTestEnvironment } from "../helpers/webhook-route";

const SIGNING_KEY = "TEST_ONLY_calendly_signing_key_do_not_use_8f3b1c";
const EMAIL = "jordan.rivera@example.org";
const NEW_INVITEE =
  "https://api.calendly.com/scheduled_events/8d1b6e3a-4f2c-4b97-8e0d-2a6c9f1e5b47/invitees/c5f0a9e2-7b1d-4c36-9a84-0e3d6b2f8a15";
const quiet = { warn: () => undefined, error: () => undefined };

let db: TestDatabase;
let key: Buffer;
let clientId: string;
let connectionId: string;
let config: ReturnType<typeof resolveWebhookConfig>;

const fixture = (name: string) => readProviderFixture("calendly", name);
const NOW = new Date("2026-10-20T12:00:00Z");

function deliver(body: string, now = NOW, headers?: Record<string, string>) {
  const t = Math.floor(now.getTime() / 1000);
  const request = new Request(`http://localhost/api/webhooks/calendly/${connectionId}`, {
    method: "POST",
    headers: headers ?? {
      "content-type": "application/json",
      "calendly-webhook-signature": `t=${t},v1=${signCalendly(body, SIGNING_KEY, t)}`,
    },
    body,
  });
  return ingestWebhook({ request, provider: "CALENDLY", connectionId, db: db.prisma, config, now, log: quiet });
}

beforeAll(async () => {
  db = await createTestDatabase();
  key = useWebhookTestEnvironment(db);
  config = resolveWebhookConfig({ encryptionKey: key });
  clientId = (await createWorkspace(db.prisma, "Calendly Co")).id;
  const organization = "https://api.calendly.com/organizations/0f3e9b2c-7a41-4d6e-b5c8-92e1a7d4c603";
  connectionId = (
    await createSecretConnection(db.prisma, key, {
      clientId,
      provider: "CALENDLY",
      externalAccountId: organization,
      secret: SIGNING_KEY,
    })
  ).id;
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.query(`TRUNCATE "WebhookEvent", "Lead", "LeadTask", "PendingAppointmentEvent", "BackgroundJob" CASCADE`);
});

const seedLead = (data: Record<string, unknown> = { email: EMAIL }) =>
  db.prisma.lead.create({
    data: { clientId, name: "Jordan", lastInboundAt: new Date("2026-10-14T12:00:00Z"), ...data },
  });
const lead = async () => (await db.prisma.lead.findMany()).at(0)!;

describe("Calendly signature", () => {
  const signedBody = () => fixture("signed/invitee.created.body.json");
  const signedHeaders = () => {
    const {
      _test_signing_key: _k,
      _signed_string: _s,
      ...headers
    } = JSON.parse(fixture("signed/invitee.created.headers.json")) as Record<string, string>;
    return headers;
  };
  const signedAt = new Date(1791990643 * 1000 + 20_000);

  it("the signed fixture is accepted (t within 3 minutes) and books the lead found by email", async () => {
    await seedLead();
    const result = await deliver(signedBody(), signedAt, signedHeaders());
    expect(result.outcome).toBe("stored");
    expect(await lead()).toMatchObject({
      appointmentStatus: "BOOKED",
      appointmentProvider: "CALENDLY",
      calendlyInviteeUri:
        "https://api.calendly.com/scheduled_events/3c8f2a1d-9e47-4b6c-a2d5-7f1e0b9c4d83/invitees/a7e41c9b-2d3f-4e80-b6a1-5c9d8e2f7031",
      calendlyScheduledEventUri: "https://api.calendly.com/scheduled_events/3c8f2a1d-9e47-4b6c-a2d5-7f1e0b9c4d83",
      appointmentStartAt: new Date("2026-10-16T19:00:00Z"),
      status: "MEETING_BOOKED",
    });
  });

  it("401 and nothing written: stale t, tampered body, no header, the same t past 3 minutes", async () => {
    const stale = JSON.parse(fixture("bad/signed_headers_stale_timestamp.json")) as Record<string, string>;
    const results = await Promise.all([
      deliver(signedBody(), signedAt, { "calendly-webhook-signature": stale["calendly-webhook-signature"]! }),
      deliver(fixture("bad/signed_tampered_body.invitee.created.body.json"), signedAt, signedHeaders()),
      deliver(signedBody(), signedAt, { "content-type": "application/json" }),
      deliver(signedBody(), new Date(1791990643 * 1000 + 181_000), signedHeaders()),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(["unauthorized", "unauthorized", "unauthorized", "unauthorized"]);
    expect(results.map((r) => r.reason)).toEqual([
      "Calendly-Webhook-Signature timestamp outside the 3-minute tolerance",
      "Calendly-Webhook-Signature does not match",
      "missing Calendly-Webhook-Signature header",
      "Calendly-Webhook-Signature timestamp outside the 3-minute tolerance",
    ]);
    expect(await db.prisma.webhookEvent.count()).toBe(0);
  });
});

describe("Calendly bookings", () => {
  it.each([
    ["canceled first", ["invitee.created.json", "invitee.canceled.reschedule.json", "invitee.created.reschedule.json"]],
    ["created first", ["invitee.created.json", "invitee.created.reschedule.json", "invitee.canceled.reschedule.json"]],
  ])("the reschedule pair (%s): RESCHEDULED on the new slot and invitee, one task", async (_label, names) => {
    const { id } = await seedLead();
    for (const name of names) expect((await deliver(fixture(name))).outcome).toBe("stored");
    expect(await lead()).toMatchObject({
      appointmentStatus: "RESCHEDULED",
      calendlyInviteeUri: NEW_INVITEE,
      appointmentStartAt: new Date("2026-10-20T14:00:00Z"),
      appointmentBookedAt: new Date("2026-10-14T15:10:42.844Z"),
      status: "MEETING_BOOKED",
    });
    const tasks = await db.prisma.leadTask.findMany();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      kind: "APPOINTMENT_RESCHEDULED",
      dedupeKey: `${id}:reschedule:CALENDLY:${NEW_INVITEE}`,
    });
  });

  it("a cancellation: CANCELED with its time, one task; the older invitee.created after it changes nothing", async () => {
    await seedLead();
    await deliver(fixture("invitee.canceled.json"));
    await deliver(fixture("invitee.created.json"));
    expect(await lead()).toMatchObject({
      appointmentStatus: "CANCELED",
      appointmentCanceledAt: new Date("2026-10-15T13:02:10.551Z"),
    });
    expect((await db.prisma.leadTask.findMany()).map((t) => t.kind)).toEqual(["APPOINTMENT_CANCELED"]);
  });

  it("no-shows: the invitee shape and the bare no-show resource, created then deleted", async () => {
    await seedLead();
    await deliver(fixture("invitee.created.json"));
    const created = JSON.parse(fixture("invitee.created.json")) as { payload: Record<string, unknown> };
    const invitee = created.payload.uri as string;
    const noShow = {
      event: "invitee_no_show.created",
      created_at: "2026-10-16T20:00:01.000000Z",
      payload: {
        ...created.payload,
        no_show: { uri: "https://api.calendly.com/invitee_no_shows/ns1", created_at: "2026-10-16T20:00:00.000000Z" },
      },
    };
    await deliver(JSON.stringify(noShow));
    expect((await lead()).appointmentStatus).toBe("NO_SHOW");
    const undone = {
      event: "invitee_no_show.deleted",
      created_at: "2026-10-16T20:05:00.000000Z",
      payload: {
        uri: "https://api.calendly.com/invitee_no_shows/ns1",
        invitee,
        created_at: "2026-10-16T20:00:00.000000Z",
      },
    };
    await deliver(JSON.stringify(undone));
    expect(await lead()).toMatchObject({
      appointmentStatus: "BOOKED",
      appointmentStartAt: new Date("2026-10-16T19:00:00Z"),
    });
  });

  it("a lead known only by phone is matched by the invitee's reminder number (E.164)", async () => {
    await seedLead({ phone: "+15555550142" });
    const body = JSON.parse(fixture("invitee.created.json")) as { payload: Record<string, unknown> };
    body.payload.text_reminder_number = "(555) 555-0142";
    body.payload.email = "someone.else@example.org";
    await deliver(JSON.stringify(body));
    expect((await lead()).appointmentStatus).toBe("BOOKED");
  });

  it("an unknown invitee is kept pending; an unhandled event type is ignored", async () => {
    expect((await deliver(fixture("invitee.created.json"))).outcome).toBe("stored");
    expect(await db.prisma.pendingAppointmentEvent.findFirstOrThrow()).toMatchObject({ email: EMAIL, appliedAt: null });
    const other = await deliver(JSON.stringify({ event: "routing_form_submission.created", payload: { uri: "x" } }));
    expect(other).toMatchObject({
      outcome: "ignored",
      reason: "event type routing_form_submission.created is not handled",
    });
  });
});

describe("Calendly bad/ fixtures", () => {
  it("wrong_types and missing_invitee_and_event_uri: 200, rejected with the reason, lead untouched", async () => {
    await seedLead();
    const wrong = await deliver(fixture("bad/invitee.created.wrong_types.json"));
    const missing = await deliver(fixture("bad/invitee.created.missing_invitee_and_event_uri.json"));
    expect(wrong).toMatchObject({
      outcome: "rejected",
      reason: "invalid invitee.created: payload.rescheduled: Invalid input: expected boolean, received string",
    });
    expect(missing.outcome).toBe("rejected");
    expect(missing.reason).toMatch(/^invalid invitee\.created: payload\.uri/);
    expect((await lead()).appointmentStatus).toBeNull();
  });

  it("duplicate_delivery: the second delivery is a 200 duplicate and writes nothing", async () => {
    await seedLead();
    expect((await deliver(fixture("invitee.created.json"))).outcome).toBe("stored");
    expect((await deliver(fixture("bad/invitee.created.duplicate_delivery.json"))).outcome).toBe("duplicate");
    expect(await db.prisma.webhookEvent.count()).toBe(1);
  });

  it("oversized_answer_1_5MB: under the 4 MiB cap, so stored and applied; the raw body is capped", async () => {
    await seedLead();
    const body = fixture("bad/invitee.created.oversized_answer_1_5MB.json");
    expect((await deliver(body)).outcome).toBe("stored");
    expect((await lead()).appointmentStatus).toBe("BOOKED");
    const event = await db.prisma.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({ rawBodyTruncated: true, rawBodyBytes: Buffer.byteLength(body) });
  });
});

describe("the route file", () => {
  it("POST /api/webhooks/calendly/<connectionId> signed now: 200; a bad signature 401; an unknown id 401", async () => {
    await seedLead();
    const route = await import("@/app/api/webhooks/calendly/[connectionId]/route");
    const body = fixture("invitee.created.json");
    const t = Math.floor(Date.now() / 1000);
    const signature = { "calendly-webhook-signature": `t=${t},v1=${signCalendly(body, SIGNING_KEY, t)}` };
    const ok = await postWebhook(route, "/api/webhooks/calendly", connectionId, body, signature);
    expect(ok.status).toBe(200);
    const bad = { "calendly-webhook-signature": `t=${t},v1=${"0".repeat(64)}` };
    expect((await postWebhook(route, "/api/webhooks/calendly", connectionId, body, bad)).status).toBe(401);
    const unknown = await postWebhook(
      route,
      "/api/webhooks/calendly",
      randomBytes(16).toString("hex"),
      body,
      signature,
    );
    expect(unknown.status).toBe(401);
    expect((await lead()).appointmentStatus).toBe("BOOKED");
  });
});
