// The Calendly status table and the invitee reader on the shared fixtures: a booking, a
// cancellation, the reschedule pair (invitee.canceled.reschedule + invitee.created.reschedule
// point at each other and the new one carries the booking), a no-show and the bad variants.
import { describe, expect, it } from "vitest";
import { readProviderFixture } from "@/tests/helpers/provider-fixtures";
import { mapCalendlyInviteeStatus } from "./appointment-status";
import { calendlyEventUuid, readCalendlyEventRecord, readCalendlyInviteeRecord } from "./invitee-record";

const payloadOf = (name: string) =>
  (JSON.parse(readProviderFixture("calendly", name)) as { payload: Record<string, unknown> }).payload;
const read = (raw: unknown) => {
  const result = readCalendlyInviteeRecord(raw);
  if (!result.ok) throw new Error(`unreadable: ${result.reason}`);
  return result.appointment;
};
const base = { rescheduled: false, noShow: false, oldInvitee: null, newInvitee: null };
const OLD = "https://api.calendly.com/scheduled_events/old/invitees/a";
const NEW = "https://api.calendly.com/scheduled_events/new/invitees/b";

describe("mapCalendlyInviteeStatus", () => {
  it.each([
    [
      "active invitee",
      { ...base, status: "active" },
      { status: "BOOKED", rescheduled: false, replaces: null, replacedBy: null },
    ],
    [
      "canceled invitee",
      { ...base, status: "canceled" },
      { status: "CANCELED", rescheduled: false, replaces: null, replacedBy: null },
    ],
    [
      "canceled with rescheduled: true (superseded by the new invitee)",
      { ...base, status: "canceled", rescheduled: true, newInvitee: NEW },
      { status: "RESCHEDULED", rescheduled: true, replaces: null, replacedBy: NEW },
    ],
    [
      "active with old_invitee (carries the rescheduled booking)",
      { ...base, status: "active", oldInvitee: OLD },
      { status: "RESCHEDULED", rescheduled: true, replaces: OLD, replacedBy: null },
    ],
    [
      "active with no_show",
      { ...base, status: "active", noShow: true },
      { status: "NO_SHOW", rescheduled: false, replaces: null, replacedBy: null },
    ],
    [
      "a rescheduled booking marked no-show",
      { ...base, status: "active", noShow: true, oldInvitee: OLD },
      { status: "NO_SHOW", rescheduled: false, replaces: OLD, replacedBy: null },
    ],
  ])("%s", (_label, input, expected) => {
    expect(mapCalendlyInviteeStatus(input)).toEqual(expected);
  });

  it("answers null for a status it does not know", () => {
    expect(mapCalendlyInviteeStatus({ ...base, status: "pending" })).toBeNull();
  });
});

describe("readCalendlyInviteeRecord on the fixtures", () => {
  it("invitee.created is BOOKED with the scheduled event's times (microsecond timestamps)", () => {
    expect(read(payloadOf("invitee.created.json"))).toEqual({
      provider: "CALENDLY",
      appointmentId:
        "https://api.calendly.com/scheduled_events/3c8f2a1d-9e47-4b6c-a2d5-7f1e0b9c4d83/invitees/a7e41c9b-2d3f-4e80-b6a1-5c9d8e2f7031",
      scheduledEventUri: "https://api.calendly.com/scheduled_events/3c8f2a1d-9e47-4b6c-a2d5-7f1e0b9c4d83",
      seriesId: null,
      contactId: null,
      inviteeEmail: "jordan.rivera@example.org",
      status: "BOOKED",
      rawStatus: "active",
      startAt: new Date("2026-10-16T19:00:00Z"),
      endAt: new Date("2026-10-16T19:30:00Z"),
      bookedAt: new Date("2026-10-14T15:10:42.844Z"),
      canceledAt: null,
      providerUpdatedAt: new Date("2026-10-14T15:10:42.844Z"),
      rescheduled: false,
      replaces: null,
      replacedBy: null,
      timeSource: "offset",
    });
  });

  it("invitee.canceled is CANCELED at the cancellation's time", () => {
    expect(read(payloadOf("invitee.canceled.json"))).toMatchObject({
      status: "CANCELED",
      rawStatus: "canceled",
      canceledAt: new Date("2026-10-15T13:02:10.551Z"),
      providerUpdatedAt: new Date("2026-10-15T13:02:10.588Z"),
    });
  });

  it("the reschedule pair: the old invitee is superseded (not cancelled), the new one carries the booking", () => {
    const old = read(payloadOf("invitee.canceled.reschedule.json"));
    const moved = read(payloadOf("invitee.created.reschedule.json"));
    expect(old).toMatchObject({
      status: "RESCHEDULED",
      rescheduled: true,
      canceledAt: null,
      replacedBy: moved.appointmentId,
      startAt: new Date("2026-10-16T19:00:00Z"),
    });
    expect(moved).toMatchObject({
      status: "RESCHEDULED",
      rescheduled: true,
      replaces: old.appointmentId,
      scheduledEventUri: "https://api.calendly.com/scheduled_events/8d1b6e3a-4f2c-4b97-8e0d-2a6c9f1e5b47",
      startAt: new Date("2026-10-20T14:00:00Z"),
      canceledAt: null,
    });
    expect(moved.scheduledEventUri).not.toBe(old.scheduledEventUri);
  });

  it("a no_show object makes it NO_SHOW, updated when the no-show was marked", () => {
    const payload = {
      ...payloadOf("invitee.created.json"),
      no_show: { uri: "https://api.calendly.com/invitee_no_shows/x", created_at: "2026-10-16T19:45:00Z" },
    };
    expect(read(payload)).toMatchObject({ status: "NO_SHOW", providerUpdatedAt: new Date("2026-10-16T19:45:00Z") });
  });

  it("reads an API invitee with its event passed in, and seconds-only timestamps", () => {
    const { collection } = JSON.parse(
      readProviderFixture("calendly", "api/GET_scheduled_events_uuid_invitees.200.json"),
    );
    const { resource } = JSON.parse(readProviderFixture("calendly", "api/GET_scheduled_events_uuid.200.json"));
    const event = readCalendlyEventRecord({ ...resource, start_time: "2026-10-20T14:00:00Z" });
    if (!event.ok) throw new Error(event.reason);
    expect(event.event.uuid).toBe("8d1b6e3a-4f2c-4b97-8e0d-2a6c9f1e5b47");
    const result = readCalendlyInviteeRecord(collection[0], event.event);
    expect(result).toMatchObject({
      ok: true,
      appointment: { status: "RESCHEDULED", startAt: new Date("2026-10-20T14:00:00Z") },
    });
    // Without its event an invitee still reads; the times are unknown.
    expect(readCalendlyInviteeRecord(collection[0])).toMatchObject({ ok: true, appointment: { startAt: null } });
  });

  it("reports the bad variants instead of throwing", () => {
    expect(readCalendlyInviteeRecord(payloadOf("bad/invitee.created.wrong_types.json"))).toMatchObject({
      ok: false,
      reason: "rescheduled: Invalid input: expected boolean, received string",
    });
    expect(
      readCalendlyInviteeRecord(payloadOf("bad/invitee.created.missing_invitee_and_event_uri.json")),
    ).toMatchObject({
      ok: false,
      id: null,
    });
    const naive = { ...payloadOf("invitee.created.json"), created_at: "2026-10-14 15:10:42" };
    expect(readCalendlyInviteeRecord(naive)).toMatchObject({
      ok: false,
      reason: "created_at: not an ISO timestamp with a zone",
    });
  });

  it("finds an event's UUID in its URI", () => {
    expect(calendlyEventUuid("https://api.calendly.com/scheduled_events/abc-123")).toBe("abc-123");
    expect(calendlyEventUuid("https://api.calendly.com/scheduled_events/abc/invitees/x")).toBeNull();
  });
});
