// The GoHighLevel appointments client over real HTTP against the local fake
// (tests/helpers/fake-booking-server.ts): request paths, Version headers and the epoch-millis
// window, the X-RateLimit-* headers, the token-function retry, and every failure mapped to its
// ProviderApiError kind. Calendly: booking-clients-calendly.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGhlAppointmentsClient } from "@/lib/providers/ghl/appointments";
import { ProviderApiError } from "@/lib/providers/provider-api-error";
import type { RateLimitInfo } from "@/lib/providers/rate-limit";
import { FAKE_GHL_CONTACT_ID, startFakeBookingServer, type FakeBooking } from "@/tests/helpers/fake-booking-server";

let fake: FakeBooking;
beforeAll(async () => {
  fake = await startFakeBookingServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.script.length = 0;
});

const now = () => new Date("2026-10-15T12:00:00Z");
const ghl = (options: Partial<Parameters<typeof createGhlAppointmentsClient>[0]> = {}) =>
  createGhlAppointmentsClient({ apiBaseUrl: fake.baseUrl, accessToken: fake.ghlToken, now, ...options });

/** The ProviderApiError a call fails with (a call that succeeds fails the test). */
async function failure(promise: Promise<unknown>): Promise<ProviderApiError> {
  const error: unknown = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderApiError);
  return error as ProviderApiError;
}
const kindOf = async (promise: Promise<unknown>) => (await failure(promise)).kind;

describe("GoHighLevel appointments client", () => {
  it("lists a contact's appointments and re-reads naive times from the per-appointment endpoint", async () => {
    const result = await ghl({ locationTimeZone: "America/New_York" }).listContactAppointments({
      contactId: FAKE_GHL_CONTACT_ID,
    });
    expect(fake.requests.map((r) => [r.path, r.version, r.authorization])).toEqual([
      [`/contacts/${FAKE_GHL_CONTACT_ID}/appointments`, "2021-07-28", `Bearer ${fake.ghlToken}`],
      ["/calendars/events/appointments/Aw8RtN3qZx6LmPc2KvYb", "2021-04-15", `Bearer ${fake.ghlToken}`],
      ["/calendars/events/appointments/Bz4KqW7nTx2RmLp9CvYs", "2021-04-15", `Bearer ${fake.ghlToken}`],
    ]);
    expect(result.detailLookups).toBe(2);
    expect(result.invalid).toEqual([]);
    expect(result.appointments).toMatchObject([
      // From the detail endpoint: ISO times with offset.
      {
        appointmentId: "Aw8RtN3qZx6LmPc2KvYb",
        status: "BOOKED",
        startAt: new Date("2026-10-17T14:00:00Z"),
        timeSource: "offset",
      },
      // The detail endpoint answered 404: the list's naive time, read in the location's zone (EDT).
      {
        appointmentId: "Bz4KqW7nTx2RmLp9CvYs",
        status: "NO_SHOW",
        startAt: new Date("2026-09-30T17:00:00Z"),
        timeSource: "location-zone",
      },
    ]);
  });

  it("reads naive times as UTC (flagged) when asked not to look up and no zone is known", async () => {
    const result = await ghl().listContactAppointments({ contactId: FAKE_GHL_CONTACT_ID, resolveNaiveTimes: false });
    expect(fake.requests).toHaveLength(1);
    expect(result.appointments[0]).toMatchObject({
      startAt: new Date("2026-10-17T10:00:00Z"),
      timeSource: "utc-assumed",
    });
  });

  it("gets one appointment, and answers null for one GoHighLevel no longer has", async () => {
    const client = ghl();
    expect(await client.getAppointment({ appointmentId: "Aw8RtN3qZx6LmPc2KvYb" })).toMatchObject({
      status: "BOOKED",
      contactId: FAKE_GHL_CONTACT_ID,
      providerUpdatedAt: new Date("2026-10-15T13:31:07Z"),
    });
    expect(await client.getAppointment({ appointmentId: "gone-id" })).toBeNull();
  });

  it("asks /calendars/events for an epoch-millis window of one calendar", async () => {
    const startTime = new Date("2026-10-17T00:00:00Z");
    const endTime = new Date("2026-10-18T00:00:00Z");
    const result = await ghl().listCalendarEvents({
      locationId: "Xq3LpRt8vYb2NcK7WmZa",
      calendarId: "Gt6NqW3zRx8LmPb2KcVa",
      startTime,
      endTime,
    });
    expect(fake.requests[0]).toMatchObject({
      path: "/calendars/events",
      version: "2021-04-15",
      query: {
        locationId: "Xq3LpRt8vYb2NcK7WmZa",
        calendarId: "Gt6NqW3zRx8LmPb2KcVa",
        startTime: String(startTime.getTime()),
        endTime: String(endTime.getTime()),
      },
    });
    expect(result.appointments.map((a) => [a.appointmentId, a.seriesId])).toEqual([
      ["Aw8RtN3qZx6LmPc2KvYb", null],
      ["Bz4KqW7nTx2RmLp9CvYs_1792249200000_1800", "Bz4KqW7nTx2RmLp9CvYs"],
    ]);
    const empty = await ghl().listCalendarEvents({
      locationId: "Xq3LpRt8vYb2NcK7WmZa",
      userId: "Lm5QzR8tVx2NpKc7BwYa",
      startTime: new Date("2026-11-01T00:00:00Z"),
      endTime: new Date("2026-11-02T00:00:00Z"),
    });
    expect(fake.requests[1]?.query).toMatchObject({ userId: "Lm5QzR8tVx2NpKc7BwYa" });
    expect(empty.appointments).toEqual([]);
  });

  it("refuses a window without exactly one owner or with start ≥ end, before any request", async () => {
    const window = {
      locationId: "loc",
      startTime: new Date("2026-10-17T00:00:00Z"),
      endTime: new Date("2026-10-18T00:00:00Z"),
    };
    expect(await kindOf(ghl().listCalendarEvents(window))).toBe("invalid-input");
    expect(await kindOf(ghl().listCalendarEvents({ ...window, calendarId: "c", userId: "u" }))).toBe("invalid-input");
    const backwards = { ...window, calendarId: "c", endTime: window.startTime };
    expect(await kindOf(ghl().listCalendarEvents(backwards))).toBe("invalid-input");
    expect(fake.requests).toEqual([]);
  });

  it("exposes the X-RateLimit-* headers of every answer", async () => {
    const seen: RateLimitInfo[] = [];
    const client = ghl({ onRateLimit: (info) => seen.push(info) });
    await client.getAppointment({ appointmentId: "Aw8RtN3qZx6LmPc2KvYb" });
    expect(seen).toHaveLength(1);
    expect(client.lastRateLimit()).toEqual(seen[0]);
    expect(seen[0]).toMatchObject({
      provider: "GHL",
      limit: 100,
      windowMs: 10_000,
      dailyLimit: 200_000,
      resetInMs: null,
    });
    expect(seen[0]!.remaining).toBeGreaterThanOrEqual(0);
    expect(seen[0]!.dailyRemaining).toBeLessThan(200_000);
  });

  it("maps a 429 to rate-limited with the wait from Retry-After, the burst interval or the daily quota", async () => {
    const limited = (headers: Record<string, string>) => {
      fake.script.push({ status: 429, headers, body: { statusCode: 429, message: "Too Many Requests" } });
      return failure(ghl().getAppointment({ appointmentId: "Aw8RtN3qZx6LmPc2KvYb" }));
    };
    const burst = await limited({
      "X-RateLimit-Max": "100",
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Interval-Milliseconds": "10000",
    });
    expect(burst).toMatchObject({ kind: "rate-limited", status: 429, retryAfterMs: 10_000, retryable: true });
    expect(burst.rateLimit).toMatchObject({ remaining: 0, windowMs: 10_000 });
    expect(burst.message).toContain("retry in 10 s");
    expect((await limited({ "Retry-After": "3", "X-RateLimit-Remaining": "0" })).retryAfterMs).toBe(3000);
    expect((await limited({ "X-RateLimit-Daily-Remaining": "0", "X-RateLimit-Remaining": "40" })).retryAfterMs).toBe(
      3_600_000,
    );
    expect((await limited({})).retryAfterMs).toBe(10_000);
  });

  it("maps a wrong token to unauthorized with GoHighLevel's message", async () => {
    const error = await failure(
      ghl({ accessToken: "wrong" }).listContactAppointments({ contactId: FAKE_GHL_CONTACT_ID }),
    );
    expect(error).toMatchObject({
      kind: "unauthorized",
      status: 401,
      providerMessage: "Invalid JWT",
      retryable: false,
    });
    expect(error.message).not.toContain("wrong");
  });

  it("asks a token function again after a 401 and retries once with the fresh token", async () => {
    const asked: (string | null)[] = [];
    const client = ghl({
      accessToken: async ({ rejected }) => {
        asked.push(rejected);
        return rejected ? fake.ghlToken : "expired-token";
      },
    });
    expect(await client.getAppointment({ appointmentId: "Aw8RtN3qZx6LmPc2KvYb" })).not.toBeNull();
    expect(asked).toEqual([null, "expired-token"]);
    expect(fake.requests.map((r) => r.authorization)).toEqual(["Bearer expired-token", `Bearer ${fake.ghlToken}`]);

    fake.requests.length = 0;
    const stuck = ghl({ accessToken: async () => "still-expired" });
    expect(await kindOf(stuck.getAppointment({ appointmentId: "Aw8RtN3qZx6LmPc2KvYb" }))).toBe("unauthorized");
    expect(fake.requests).toHaveLength(1);
    const broken = ghl({ accessToken: async () => Promise.reject(new Error("refresh failed")) });
    expect(await kindOf(broken.getAppointment({ appointmentId: "x" }))).toBe("unauthorized");
  });

  it("maps 500, 422, a hang, the caller's abort and unusable bodies to their kinds", async () => {
    fake.script.push({ status: 500, body: { message: "Internal" } });
    expect(await failure(ghl().getAppointment({ appointmentId: "a" }))).toMatchObject({
      kind: "server",
      retryable: true,
    });
    fake.script.push({ status: 422, body: { message: "Unprocessable" } });
    expect(await failure(ghl().getAppointment({ appointmentId: "a" }))).toMatchObject({ kind: "client", status: 422 });

    fake.script.push({ hang: true });
    const timedOut = await failure(ghl({ timeoutMs: 150 }).getAppointment({ appointmentId: "a" }));
    expect(timedOut).toMatchObject({ kind: "timeout", status: null, retryable: true });

    fake.script.push({ hang: true });
    const controller = new AbortController();
    const pending = failure(ghl().getAppointment({ appointmentId: "a", signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect((await pending).kind).toBe("aborted");

    fake.script.push({ rawBody: "<html>gateway</html>" });
    expect(await kindOf(ghl().getAppointment({ appointmentId: "a" }))).toBe("malformed");
    fake.script.push({ body: { events: "not a list" } });
    const shape = await failure(ghl().listContactAppointments({ contactId: "c" }));
    expect(shape).toMatchObject({ kind: "malformed", status: 200 });
    expect(shape.message).toContain("events");
    fake.script.push({
      body: { event: { id: "x", appointmentStatus: "teleported", startTime: "2026-10-17T10:00:00Z" } },
    });
    expect((await failure(ghl().getAppointment({ appointmentId: "x" }))).message).toContain(
      'unknown value "teleported"',
    );
    const small = ghl({ maxResponseBytes: 64 });
    expect((await failure(small.listContactAppointments({ contactId: FAKE_GHL_CONTACT_ID }))).message).toContain(
      "over 64 bytes",
    );
  });

  it("keeps the readable records of a list and reports the others", async () => {
    fake.ghl.contactAppointments.set("mixed", [
      { id: "ok-1", appointmentStatus: "confirmed", startTime: "2026-10-17T10:00:00-04:00" },
      { id: "bad-1", appointmentStatus: "confirmed", startTime: "soon" },
      { title: "no id" },
    ]);
    const result = await ghl().listContactAppointments({ contactId: "mixed" });
    expect(result.appointments.map((a) => a.appointmentId)).toEqual(["ok-1"]);
    expect(result.invalid).toEqual([
      { id: "bad-1", reason: "startTime: not a date" },
      { id: null, reason: "id: Invalid input: expected string, received undefined" },
    ]);
  });

  it("refuses a bad base URL, time zone or id before any request", async () => {
    expect(() => createGhlAppointmentsClient({ apiBaseUrl: "ftp://x", accessToken: "t" })).toThrow(ProviderApiError);
    expect(() => createGhlAppointmentsClient({ accessToken: "t", locationTimeZone: "Mars/Olympus" })).toThrow(
      /time zone/,
    );
    expect(await kindOf(ghl().getAppointment({ appointmentId: " " }))).toBe("invalid-input");
    expect(await kindOf(ghl({ accessToken: "" }).getAppointment({ appointmentId: "a" }))).toBe("invalid-input");
    expect(fake.requests).toEqual([]);
  });
});
