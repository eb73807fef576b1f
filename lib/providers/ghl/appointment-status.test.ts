// The GoHighLevel status table and the record reader on the shared fixtures: the reschedule
// pair (AppointmentCreate → AppointmentUpdate.rescheduled, same id, new start), a cancel, a
// delete, the contacts API's naive times, a recurring instance and the wrong-types variant.
import { describe, expect, it } from "vitest";
import { readProviderFixture } from "@/tests/helpers/provider-fixtures";
import { parseGhlRecurringId, readGhlAppointmentRecord } from "./appointment-record";
import { mapGhlAppointmentStatus } from "./appointment-status";

const fixture = (name: string) => JSON.parse(readProviderFixture("gohighlevel", name)) as Record<string, unknown>;
const appointmentOf = (name: string) => fixture(name).appointment;
const read = (raw: unknown, options: Parameters<typeof readGhlAppointmentRecord>[1] = { timeZone: null }) => {
  const result = readGhlAppointmentRecord(raw, options);
  if (!result.ok) throw new Error(`unreadable: ${result.reason}`);
  return result.appointment;
};
const start = new Date("2026-10-17T14:00:00Z");

describe("mapGhlAppointmentStatus", () => {
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
    [" Confirmed ", "BOOKED"],
  ])("%s → %s", (rawStatus, expected) => {
    expect(mapGhlAppointmentStatus({ rawStatus, startAt: start })).toEqual({ status: expected, rescheduled: false });
  });

  it("answers null for a word it does not know, instead of guessing", () => {
    expect(mapGhlAppointmentStatus({ rawStatus: "pending", startAt: start })).toBeNull();
    expect(mapGhlAppointmentStatus({ rawStatus: "toString", startAt: start })).toBeNull();
    expect(mapGhlAppointmentStatus({ rawStatus: "", startAt: start })).toBeNull();
  });

  it("a delete is CANCELED whatever the status says", () => {
    expect(mapGhlAppointmentStatus({ rawStatus: "confirmed", deleted: true, startAt: start })).toEqual({
      status: "CANCELED",
      rescheduled: false,
    });
  });

  it("a live status with a new start time on the same id is RESCHEDULED; the same start is not", () => {
    const before = new Date("2026-10-16T19:00:00Z");
    expect(mapGhlAppointmentStatus({ rawStatus: "confirmed", startAt: start, previousStartAt: before })).toEqual({
      status: "RESCHEDULED",
      rescheduled: true,
    });
    expect(mapGhlAppointmentStatus({ rawStatus: "confirmed", startAt: start, previousStartAt: start })?.status).toBe(
      "BOOKED",
    );
    // A cancellation or an outcome is never a reschedule, even when the time moved too.
    expect(mapGhlAppointmentStatus({ rawStatus: "cancelled", startAt: start, previousStartAt: before })?.status).toBe(
      "CANCELED",
    );
    expect(mapGhlAppointmentStatus({ rawStatus: "noshow", startAt: start, previousStartAt: before })?.status).toBe(
      "NO_SHOW",
    );
  });
});

describe("readGhlAppointmentRecord on the fixtures", () => {
  it("the reschedule pair: AppointmentCreate is BOOKED, the update with a new start on the same id RESCHEDULED", () => {
    const created = read(appointmentOf("AppointmentCreate.json"));
    expect(created).toMatchObject({
      provider: "GHL",
      appointmentId: "Aw8RtN3qZx6LmPc2KvYb",
      contactId: "Hn4TgQw9ZkLm2PxR7sBv",
      status: "BOOKED",
      rawStatus: "confirmed",
      rescheduled: false,
      startAt: new Date("2026-10-16T19:00:00Z"),
      endAt: new Date("2026-10-16T19:30:00Z"),
      bookedAt: new Date("2026-10-14T15:10:42Z"),
      canceledAt: null,
      timeSource: "offset",
    });
    const moved = read(appointmentOf("AppointmentUpdate.rescheduled.json"), {
      timeZone: null,
      previousStartAt: created.startAt,
    });
    expect(moved).toMatchObject({
      appointmentId: created.appointmentId,
      status: "RESCHEDULED",
      rescheduled: true,
      startAt: new Date("2026-10-17T14:00:00Z"),
      providerUpdatedAt: new Date("2026-10-15T13:31:07Z"),
    });
    // The same update seen again (the stored start is already the new one) changes nothing.
    expect(
      read(appointmentOf("AppointmentUpdate.rescheduled.json"), { timeZone: null, previousStartAt: moved.startAt }),
    ).toMatchObject({ status: "BOOKED", rescheduled: false });
  });

  it("a cancelled update is CANCELED at its dateUpdated (GHL sends no cancellation time)", () => {
    expect(read(appointmentOf("AppointmentUpdate.cancelled.json"))).toMatchObject({
      status: "CANCELED",
      rawStatus: "cancelled",
      canceledAt: new Date("2026-10-16T22:02:55Z"),
    });
  });

  it("a delete is CANCELED with the raw status 'deleted'", () => {
    expect(read(appointmentOf("AppointmentDelete.json"), { timeZone: null, deleted: true })).toMatchObject({
      status: "CANCELED",
      rawStatus: "deleted",
      canceledAt: new Date("2026-10-16T22:05:10Z"),
    });
  });

  it("reads the contacts API's naive times in the location's zone, else as UTC, and flags which", () => {
    const { events } = fixture("api/GET_contacts_contactId_appointments.200.json") as { events: unknown[] };
    expect(read(events[0], { timeZone: "America/New_York" })).toMatchObject({
      status: "BOOKED",
      startAt: new Date("2026-10-17T14:00:00Z"),
      bookedAt: new Date("2026-10-14T15:10:42Z"),
      timeSource: "location-zone",
    });
    expect(read(events[0])).toMatchObject({ startAt: new Date("2026-10-17T10:00:00Z"), timeSource: "utc-assumed" });
    // appointmentStatus wins over the contacts API's coarser `status: "booked"`.
    expect(read(events[1])).toMatchObject({ status: "NO_SHOW", rawStatus: "noshow" });
  });

  it("a recurring instance keeps its series; its id gives the time when the record has none", () => {
    const { events } = fixture("api/GET_calendars_events.200.json") as { events: Record<string, unknown>[] };
    const instance = events[1]!;
    expect(read(instance)).toMatchObject({
      seriesId: "Bz4KqW7nTx2RmLp9CvYs",
      startAt: new Date("2026-10-17T15:00:00Z"),
    });
    expect(parseGhlRecurringId(String(instance.id))).toEqual({
      masterId: "Bz4KqW7nTx2RmLp9CvYs",
      startAt: new Date(1792249200000),
      durationSec: 1800,
    });
    const { startTime: _s, endTime: _e, masterEventId: _m, ...bare } = instance;
    expect(read(bare)).toMatchObject({
      seriesId: "Bz4KqW7nTx2RmLp9CvYs",
      startAt: new Date(1792249200000),
      endAt: new Date(1792249200000 + 1800_000),
    });
    expect(parseGhlRecurringId("Aw8RtN3qZx6LmPc2KvYb")).toBeNull();
  });

  it("accepts CalendarEventDTO times as epoch millis (the schema types them as object)", () => {
    const raw = { ...(appointmentOf("AppointmentCreate.json") as object), startTime: 1792249200000 };
    expect(read(raw).startAt).toEqual(new Date(1792249200000));
  });

  it("reports, never throws on, the wrong-types variant and unreadable times", () => {
    expect(
      readGhlAppointmentRecord(appointmentOf("bad/AppointmentCreate.wrong_types.json"), { timeZone: null }),
    ).toEqual({
      ok: false,
      id: "Aw8RtN3qZx6LmPc2KvYb",
      // endTime "1792251000000": epoch millis as a string is not a documented shape.
      reason: "endTime: not a date",
    });
    const { endTime: _end, ...nullStatus } = appointmentOf("bad/AppointmentCreate.wrong_types.json") as object & {
      endTime: unknown;
    };
    expect(readGhlAppointmentRecord(nullStatus, { timeZone: null })).toMatchObject({
      ok: false,
      reason: "appointmentStatus: missing",
    });
    const badTime = { ...(appointmentOf("AppointmentCreate.json") as object), startTime: "next Tuesday" };
    expect(readGhlAppointmentRecord(badTime, { timeZone: null })).toMatchObject({
      ok: false,
      reason: "startTime: not a date",
    });
    expect(readGhlAppointmentRecord({ title: "no id" }, { timeZone: null })).toMatchObject({ ok: false, id: null });
    expect(readGhlAppointmentRecord("not an object", { timeZone: null })).toMatchObject({ ok: false });
  });
});
