// The booking-event builders of `npm run webhooks:simulate`: payloads carry every field of
// the provider fixtures, the real adapters authenticate them (a tampered body or another key
// fails) and parse them into the appointment the simulation meant.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateGhlKeyPair } from "@/lib/dev-db/local-ghl-keys";
import { calendlyAdapter } from "@/lib/providers/calendly";
import { ghlAdapter } from "@/lib/providers/ghl/adapter";
import { resolveWebhookConfig } from "@/lib/webhooks/config";
import { readProviderFixture } from "../../../tests/helpers/provider-fixtures";
import { simulatedEventTime } from "./booking-delivery";
import { buildCalendlyDeliveries } from "./calendly-delivery";
import { tomorrowAtTen } from "./find-appointment-target";
import { buildGhlAppointmentDelivery } from "./ghl-appointment-delivery";

const keys = generateGhlKeyPair();
const config = resolveWebhookConfig({
  GHL_WEBHOOK_ED25519_PUBLIC_KEY: keys.publicKeyPem,
  GHL_WEBHOOK_RSA_PUBLIC_KEY: generateKeyPairSync("rsa", { modulusLength: 2048 })
    .publicKey.export({ type: "spki", format: "pem" })
    .toString(),
  encryptionKey: randomBytes(32),
});
const NOW = new Date();
const START = new Date("2027-01-12T15:00:00Z");
const keysOf = (value: unknown) => Object.keys(value as Record<string, unknown>).sort();
const connection = (secret: string) => ({
  id: "6f1c2a1e-8f0b-4d43-9a55-0c4a8f7f1b2d",
  clientId: "00000000-0000-4000-8000-000000000001",
  provider: "CALENDLY" as const,
  externalAccountId: "https://api.calendly.com/organizations/X",
  mode: "sandbox" as const,
  webhookSecrets: [secret],
});

describe("GoHighLevel appointment events", () => {
  const build = (event: "appointment-create" | "appointment-update" | "appointment-delete", id: string | null) =>
    buildGhlAppointmentDelivery({
      event,
      locationId: "Xq3LpRt8vYb2NcK7WmZa",
      contactId: "Hn4TgQw9ZkLm2PxR7sBv",
      leadName: "Jordan Rivera",
      appointmentId: id,
      startAt: START,
      bookedAt: null,
      updatedAt: simulatedEventTime(NOW, null),
      timeZone: "America/New_York",
      privateKeyPem: keys.privateKeyPem,
    });

  it("the fixture's fields, times with the location's offset, signed and parsed as the appointment", () => {
    const fixture = JSON.parse(readProviderFixture("gohighlevel", "AppointmentCreate.json"));
    const built = build("appointment-create", null);
    const [delivery] = built.deliveries;
    const payload = JSON.parse(delivery!.body);
    expect(keysOf(payload)).toEqual(keysOf(fixture));
    expect(keysOf(payload.appointment)).toEqual(keysOf(fixture.appointment));
    expect(payload.appointment.startTime).toBe("2027-01-12T10:00:00-05:00");
    expect(payload.appointment.id).toBe(built.appointmentId);
    const rawBody = Buffer.from(delivery!.body);
    expect(ghlAdapter.authenticateApp!({ rawBody, headers: delivery!.headers, receivedAt: NOW, config })).toEqual({
      ok: true,
    });
    const tampered = Buffer.from(delivery!.body.replace("Jordan", "Jordy"));
    expect(
      ghlAdapter.authenticateApp!({ rawBody: tampered, headers: delivery!.headers, receivedAt: NOW, config }).ok,
    ).toBe(false);
    expect(ghlAdapter.parse({ rawBody: delivery!.body, headers: delivery!.headers, receivedAt: NOW })).toMatchObject({
      kind: "appointment",
      eventType: "AppointmentCreate",
      appointment: { appointmentId: built.appointmentId, status: "BOOKED", startAt: START },
      lead: { providerLeadId: "Hn4TgQw9ZkLm2PxR7sBv" },
    });
  });

  it("update and delete keep the id; a delete is CANCELED", () => {
    const update = build("appointment-update", "Aw8RtN3qZx6LmPc2KvYb");
    const del = build("appointment-delete", "Aw8RtN3qZx6LmPc2KvYb");
    for (const built of [update, del]) expect(built.appointmentId).toBe("Aw8RtN3qZx6LmPc2KvYb");
    const parse = (body: string) => ghlAdapter.parse({ rawBody: body, headers: {}, receivedAt: NOW });
    expect(parse(update.deliveries[0]!.body)).toMatchObject({ eventType: "AppointmentUpdate" });
    expect(parse(del.deliveries[0]!.body)).toMatchObject({
      eventType: "AppointmentDelete",
      appointment: { status: "CANCELED" },
    });
  });
});

describe("Calendly invitee events", () => {
  const secret = "whsec_calendly_builder_test";
  const existing = {
    inviteeUri: "https://api.calendly.com/scheduled_events/3c8f2a1d/invitees/a7e41c9b",
    startAt: START,
    bookedAt: new Date("2027-01-01T12:00:00Z"),
  };
  const build = (event: Parameters<typeof buildCalendlyDeliveries>[0]["event"], startAt: Date | null = null) =>
    buildCalendlyDeliveries({
      event,
      connectionId: connection(secret).id,
      signingKey: secret,
      invitee: { name: "Jordan Rivera", email: "jordan.rivera@example.org" },
      existing: event === "invitee-created" ? null : existing,
      startAt,
      at: simulatedEventTime(NOW, null),
      now: NOW,
      timeZone: "America/New_York",
    });
  const authenticate = (delivery: { body: string; headers: Record<string, string> }, key = secret) =>
    calendlyAdapter.authenticate({
      rawBody: Buffer.from(delivery.body),
      headers: delivery.headers,
      connection: connection(key),
      receivedAt: NOW,
    });
  const parse = (body: string) => calendlyAdapter.parse({ rawBody: body, headers: {}, receivedAt: NOW });

  it("invitee.created: the fixture's fields, signed with the signing key, parsed as BOOKED at the start", () => {
    const fixture = JSON.parse(readProviderFixture("calendly", "invitee.created.json"));
    const built = build("invitee-created", START);
    const [delivery] = built.deliveries;
    const body = JSON.parse(delivery!.body);
    expect(keysOf(body)).toEqual(keysOf(fixture));
    expect(keysOf(body.payload)).toEqual(keysOf(fixture.payload));
    expect(keysOf(body.payload.scheduled_event)).toEqual(keysOf(fixture.payload.scheduled_event));
    expect(body.payload.scheduled_event.start_time).toBe("2027-01-12T15:00:00.000000Z");
    expect(delivery!.headers["calendly-webhook-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(authenticate(delivery!)).toEqual({ ok: true });
    expect(authenticate(delivery!, "whsec_other").ok).toBe(false);
    expect(parse(delivery!.body)).toMatchObject({
      kind: "appointment",
      appointment: { appointmentId: built.appointmentId, status: "BOOKED", startAt: START },
      lead: { email: "jordan.rivera@example.org" },
    });
  });

  it("invitee-rescheduled: Calendly's pair, the old one superseded (not cancelled) and the new one linked back", () => {
    const fixture = JSON.parse(readProviderFixture("calendly", "invitee.canceled.reschedule.json"));
    const built = build("invitee-rescheduled", new Date("2027-01-13T15:00:00Z"));
    expect(built.deliveries.map((d) => d.eventType)).toEqual(["invitee.canceled", "invitee.created"]);
    const [canceled, created] = built.deliveries.map((d) => JSON.parse(d.body));
    expect(keysOf(canceled.payload)).toEqual(keysOf(fixture.payload));
    expect(canceled.payload).toMatchObject({
      uri: existing.inviteeUri,
      rescheduled: true,
      new_invitee: built.appointmentId,
    });
    expect(created.payload).toMatchObject({ uri: built.appointmentId, old_invitee: existing.inviteeUri });
    for (const delivery of built.deliveries) expect(authenticate(delivery)).toEqual({ ok: true });
    expect(parse(built.deliveries[0]!.body)).toMatchObject({
      appointment: { status: "RESCHEDULED", replacedBy: built.appointmentId, canceledAt: null },
    });
    expect(parse(built.deliveries[1]!.body)).toMatchObject({
      appointment: { status: "RESCHEDULED", replaces: existing.inviteeUri },
    });
  });

  it("invitee-canceled, no-show created and deleted: the existing invitee's state", () => {
    expect(parse(build("invitee-canceled").deliveries[0]!.body)).toMatchObject({
      eventType: "invitee.canceled",
      appointment: { appointmentId: existing.inviteeUri, status: "CANCELED", startAt: START },
    });
    expect(parse(build("no-show-created").deliveries[0]!.body)).toMatchObject({
      eventType: "invitee_no_show.created",
      appointment: { appointmentId: existing.inviteeUri, status: "NO_SHOW" },
    });
    expect(parse(build("no-show-deleted").deliveries[0]!.body)).toMatchObject({
      eventType: "invitee_no_show.deleted",
      appointment: { appointmentId: existing.inviteeUri, status: "BOOKED" },
    });
  });

  it("every event has a fresh dedupe key: the same event twice is two deliveries", () => {
    const a = parse(build("invitee-created", START).deliveries[0]!.body);
    const b = parse(build("invitee-created", START).deliveries[0]!.body);
    expect(a.dedupeKey).not.toBe(b.dedupeKey);
  });
});

describe("event times and the default start", () => {
  it("whole seconds, always after what is stored", () => {
    const stored = new Date("2030-01-01T00:00:00.400Z");
    expect(simulatedEventTime(new Date("2029-01-01T00:00:00Z"), stored)).toEqual(new Date("2030-01-01T00:00:01Z"));
    expect(simulatedEventTime(new Date("2029-01-01T00:00:00.200Z"), null)).toEqual(new Date("2029-01-01T00:00:01Z"));
    expect(simulatedEventTime(new Date("2029-01-01T00:00:00Z"), null)).toEqual(new Date("2029-01-01T00:00:00Z"));
  });

  it("tomorrow 10:00 on the workspace's wall clock, across a DST change and the date line", () => {
    // 2027-03-13 23:30 in New York (EST); tomorrow is the DST switch day: 10:00 EDT.
    expect(tomorrowAtTen(new Date("2027-03-14T04:30:00Z"), "America/New_York")).toEqual(
      new Date("2027-03-14T14:00:00Z"),
    );
    // 12:00 UTC on the 14th is already 01:00 on the 15th in Auckland (NZDT): tomorrow is the 16th there.
    expect(tomorrowAtTen(new Date("2027-03-14T12:00:00Z"), "Pacific/Auckland")).toEqual(
      new Date("2027-03-15T21:00:00Z"),
    );
  });
});
