// Workspaces, booking connections and leads for the reconcile tests (appointments-*.test.ts),
// wired to the local fake GoHighLevel + Calendly server (fake-booking-server.ts), and
// appointment records in the fixtures' API shapes.
import { randomUUID } from "node:crypto";
import { encryptSecret } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/prisma-client";
import { readProviderFixture } from "./provider-fixtures";
import type { FakeBooking } from "./fake-booking-server";
import { createWorkspace } from "./fixtures";

type Json = Record<string, unknown>;

const detail = () =>
  (
    JSON.parse(readProviderFixture("gohighlevel", "api/GET_calendars_events_appointments_eventId.200.json")) as {
      event: Json;
    }
  ).event;

/** A GoHighLevel appointment (ISO times with offset, so no detail lookup is needed). */
export function ghlRecord(args: {
  id: string;
  contactId: string;
  status: string;
  start: string;
  updated: string;
}): Json {
  const end = new Date(Date.parse(args.start) + 30 * 60_000).toISOString();
  return {
    ...detail(),
    id: args.id,
    contactId: args.contactId,
    appointmentStatus: args.status,
    startTime: args.start,
    endTime: end,
    dateAdded: "2026-10-01T10:00:00Z",
    dateUpdated: args.updated,
  };
}

export type BookingConnectionKind = "ok" | "bad-token" | "no-creds" | "oauth";

export async function createBookingWorkspace(
  db: Db,
  key: Buffer,
  fake: FakeBooking,
  args: { name: string; ghl?: BookingConnectionKind; calendly?: BookingConnectionKind },
) {
  const client = await createWorkspace(db, args.name);
  const connections: Record<string, string> = {};
  for (const provider of ["GHL", "CALENDLY"] as const) {
    const kind = provider === "GHL" ? args.ghl : args.calendly;
    if (!kind) continue;
    const token = provider === "GHL" ? fake.ghlToken : fake.calendlyToken;
    const apiKey = kind === "ok" ? token : kind === "bad-token" ? "expired-or-revoked" : null;
    const created = await db.providerConnection.create({
      data: {
        clientId: client.id,
        provider,
        externalAccountId:
          provider === "GHL" ? `loc-${randomUUID()}` : `https://api.calendly.com/organizations/${randomUUID()}`,
        apiBaseUrl: fake.baseUrl,
        apiKeyEnc: apiKey ? encryptSecret(apiKey, key) : null,
        ...(kind === "oauth"
          ? {
              oauthAccessTokenEnc: encryptSecret("expired-access", key),
              oauthRefreshTokenEnc: encryptSecret(fake.oauth.refreshToken, key),
              oauthAccessExpiresAt: new Date("2020-01-01T00:00:00Z"),
            }
          : {}),
      },
    });
    connections[provider] = created.id;
  }
  return { clientId: client.id, connections };
}

/** Leads that replied (eligible), with a GHL contact id and an email each. */
export async function createRepliedLeads(db: Db, clientId: string, count: number, prefix: string) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const lead = await db.lead.create({
      data: {
        clientId,
        name: `${prefix} ${i}`,
        email: `${prefix}-${i}@example.org`.toLowerCase(),
        ghlContactId: `${prefix}-contact-${i}`,
        lastInboundAt: new Date(Date.UTC(2026, 9, 10, 12, i)),
      },
    });
    ids.push(lead.id);
  }
  return ids;
}

/** The booking columns a run writes (not when it ran), for comparing two runs. */
export async function bookingSnapshot(db: Db) {
  const leads = await db.lead.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      status: true,
      appointmentStatus: true,
      appointmentProvider: true,
      appointmentStartAt: true,
      appointmentBookedAt: true,
      appointmentCanceledAt: true,
      appointmentProviderUpdatedAt: true,
      ghlAppointmentId: true,
      calendlyInviteeUri: true,
    },
  });
  const tasks = await db.leadTask.findMany({
    orderBy: { dedupeKey: "asc" },
    select: { leadId: true, kind: true, dedupeKey: true },
  });
  const jobs = await db.backgroundJob.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true } });
  return { leads, tasks, jobs };
}
