// The Calendly appointments client over real HTTP against the local fake
// (tests/helpers/fake-booking-server.ts): query strings, page_token paging to the end (and its
// caps), the reschedule pair read through the API, X-RateLimit-Reset on a 429, and every
// failure mapped to its ProviderApiError kind. GoHighLevel: booking-clients.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCalendlyAppointmentsClient } from "@/lib/providers/calendly/appointments";
import { ProviderApiError } from "@/lib/providers/provider-api-error";
import type { RateLimitInfo } from "@/lib/providers/rate-limit";
import {
  FAKE_CALENDLY_EMAIL,
  FAKE_CALENDLY_NEW_INVITEE as NEW_INVITEE,
  FAKE_CALENDLY_OLD_INVITEE as OLD_INVITEE,
  FAKE_CALENDLY_ORG,
  startFakeBookingServer,
  type FakeBooking,
} from "@/tests/helpers/fake-booking-server";

let fake: FakeBooking;
beforeAll(async () => {
  fake = await startFakeBookingServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.script.length = 0;
  fake.calendly.pageSize = 100;
});

const now = () => new Date("2026-10-15T12:00:00Z");
const calendly = (options: Partial<Parameters<typeof createCalendlyAppointmentsClient>[0]> = {}) =>
  createCalendlyAppointmentsClient({ apiBaseUrl: fake.baseUrl, accessToken: fake.calendlyToken, now, ...options });

/** The ProviderApiError a call fails with (a call that succeeds fails the test). */
async function failure(promise: Promise<unknown>): Promise<ProviderApiError> {
  const error: unknown = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderApiError);
  return error as ProviderApiError;
}
const kindOf = async (promise: Promise<unknown>) => (await failure(promise)).kind;

describe("Calendly appointments client", () => {
  it("pages scheduled events to the end with page_token and reads each event's invitees", async () => {
    fake.calendly.pageSize = 1;
    const result = await calendly().listInviteeAppointments({
      email: "Jordan.Rivera@Example.org",
      scope: { organization: FAKE_CALENDLY_ORG },
    });
    const paths = fake.requests.map((r) => r.path);
    expect(paths).toEqual([
      "/scheduled_events",
      "/scheduled_events/3c8f2a1d-9e47-4b6c-a2d5-7f1e0b9c4d83/invitees",
      "/scheduled_events",
      "/scheduled_events/8d1b6e3a-4f2c-4b97-8e0d-2a6c9f1e5b47/invitees",
    ]);
    expect(fake.requests[0]).toMatchObject({
      authorization: `Bearer ${fake.calendlyToken}`,
      query: {
        organization: FAKE_CALENDLY_ORG,
        invitee_email: FAKE_CALENDLY_EMAIL,
        count: "100",
        sort: "start_time:asc",
      },
    });
    expect(fake.requests[0]!.query.page_token).toBeUndefined();
    expect(fake.requests[2]!.query.page_token).toEqual(expect.any(String));
    expect(fake.requests[1]!.query).toMatchObject({ email: FAKE_CALENDLY_EMAIL });
    expect(result).toMatchObject({ complete: true, requests: 4, invalid: [] });
    // The reschedule pair, linked both ways; the new invitee carries the booking.
    expect(result.appointments).toMatchObject([
      { appointmentId: OLD_INVITEE, status: "RESCHEDULED", replacedBy: NEW_INVITEE, canceledAt: null },
      {
        appointmentId: NEW_INVITEE,
        status: "RESCHEDULED",
        replaces: OLD_INVITEE,
        startAt: new Date("2026-10-20T14:00:00Z"),
        endAt: new Date("2026-10-20T14:30:00Z"),
        inviteeEmail: FAKE_CALENDLY_EMAIL,
      },
    ]);
  });

  it("passes user, status and the start window, and pages one event page at a time", async () => {
    fake.calendly.pageSize = 1;
    const client = calendly();
    const seen: string[] = [];
    let pageToken: string | null = null;
    do {
      const page = await client.listScheduledEvents({
        scope: { user: "https://api.calendly.com/users/6a1c2f7e-3b9d-4e52-8c07-1d4e9f2a6b31" },
        status: "active",
        minStartTime: new Date("2026-10-01T00:00:00Z"),
        count: 1,
        pageToken,
      });
      seen.push(...page.events.map((e) => e.uuid));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(["8d1b6e3a-4f2c-4b97-8e0d-2a6c9f1e5b47", "41a9c6e3-0d7b-4f28-b5e1-9c2a8d4f6e07"]);
    expect(fake.requests[0]!.query).toEqual({
      user: "https://api.calendly.com/users/6a1c2f7e-3b9d-4e52-8c07-1d4e9f2a6b31",
      status: "active",
      min_start_time: "2026-10-01T00:00:00.000Z",
      sort: "start_time:asc",
      count: "1",
    });
  });

  it("stops at maxPages and says it is incomplete; a repeated page token ends the paging", async () => {
    fake.calendly.pageSize = 1;
    const capped = await calendly().listInviteeAppointments({
      email: FAKE_CALENDLY_EMAIL,
      scope: { organization: FAKE_CALENDLY_ORG },
      maxPages: 1,
    });
    expect(capped).toMatchObject({ complete: false, requests: 2 });
    expect(capped.appointments.map((a) => a.appointmentId)).toEqual([OLD_INVITEE]);

    fake.requests.length = 0;
    const loop = { collection: [], pagination: { next_page_token: "same-token" } };
    fake.script.push({ path: /^\/scheduled_events$/, body: loop }, { path: /^\/scheduled_events$/, body: loop });
    const looped = await calendly().listInviteeAppointments({
      email: FAKE_CALENDLY_EMAIL,
      scope: { organization: FAKE_CALENDLY_ORG },
    });
    expect(looped).toMatchObject({ complete: true, requests: 2, appointments: [] });
  });

  it("refuses a listing without organization or user, before any request", async () => {
    const error = await failure(calendly().listScheduledEvents({ scope: { organization: " " } as never }));
    expect(error.kind).toBe("invalid-input");
    expect(await kindOf(calendly().listEventInvitees({ event: "https://example.com/not-an-event" }))).toBe(
      "invalid-input",
    );
    expect(fake.requests).toEqual([]);
  });

  it("exposes X-RateLimit-* and maps a 429 to rate-limited after X-RateLimit-Reset seconds", async () => {
    const seen: RateLimitInfo[] = [];
    const client = calendly({ onRateLimit: (info) => seen.push(info) });
    await client.listScheduledEvents({ scope: { organization: FAKE_CALENDLY_ORG } });
    expect(seen[0]).toMatchObject({ provider: "CALENDLY", limit: 500, windowMs: 60_000, resetInMs: 60_000 });

    fake.script.push({
      status: 429,
      headers: { "X-RateLimit-Limit": "500", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "37" },
      body: { title: "Too Many Requests", message: "Rate limit exceeded" },
    });
    const error = await failure(client.listScheduledEvents({ scope: { organization: FAKE_CALENDLY_ORG } }));
    expect(error).toMatchObject({ kind: "rate-limited", retryAfterMs: 37_000, providerMessage: "Rate limit exceeded" });
    expect(client.lastRateLimit()).toMatchObject({ remaining: 0, resetInMs: 37_000 });
  });

  it("maps 401, 403, 500, a hang and a body that is not the documented shape", async () => {
    const scope = { organization: FAKE_CALENDLY_ORG };
    expect(await failure(calendly({ accessToken: "nope" }).listScheduledEvents({ scope }))).toMatchObject({
      kind: "unauthorized",
      providerMessage: "The access token is invalid",
    });
    fake.script.push({ status: 403, body: { title: "Permission Denied", message: "You do not have permission" } });
    expect(await kindOf(calendly().listScheduledEvents({ scope }))).toBe("forbidden");
    fake.script.push({ status: 503, body: { title: "Unavailable" } });
    expect(await kindOf(calendly().listScheduledEvents({ scope }))).toBe("server");
    fake.script.push({ hang: true });
    expect(await kindOf(calendly({ timeoutMs: 150 }).listScheduledEvents({ scope }))).toBe("timeout");
    fake.script.push({ body: { data: [] } });
    expect(await kindOf(calendly().listScheduledEvents({ scope }))).toBe("malformed");
    fake.script.push({ rawBody: "{" });
    expect(await kindOf(calendly().listScheduledEvents({ scope }))).toBe("malformed");
  });

  it("reports an event or invitee it cannot read and keeps the rest", async () => {
    fake.script.push({
      path: /^\/scheduled_events$/,
      body: {
        collection: [{ uri: "https://api.calendly.com/scheduled_events/e1", status: "active", start_time: "tomorrow" }],
        pagination: { next_page_token: null },
      },
    });
    const page = await calendly().listScheduledEvents({ scope: { organization: FAKE_CALENDLY_ORG } });
    expect(page.events).toEqual([]);
    expect(page.invalid).toEqual([
      { id: "https://api.calendly.com/scheduled_events/e1", reason: "start_time: not an ISO timestamp with a zone" },
    ]);
  });
});
