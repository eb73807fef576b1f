// The booking decision, pure: freshness, the reschedule rules of both providers, the kept
// cancellation, the side-effect transition and the task keys.
import { describe, expect, it } from "vitest";
import type { ProviderAppointment } from "@/lib/providers/provider-appointment";
import { decideBooking, type StoredBooking } from "./booking-state";

const empty: StoredBooking = {
  appointmentStatus: null,
  appointmentProvider: null,
  appointmentStartAt: null,
  appointmentBookedAt: null,
  appointmentCanceledAt: null,
  appointmentProviderUpdatedAt: null,
  ghlAppointmentId: null,
  calendlyInviteeUri: null,
  calendlyScheduledEventUri: null,
};
const at = (iso: string) => new Date(iso);
const ghl = (patch: Partial<ProviderAppointment> = {}): ProviderAppointment => ({
  provider: "GHL",
  appointmentId: "a1",
  scheduledEventUri: null,
  seriesId: null,
  contactId: "c1",
  inviteeEmail: null,
  status: "BOOKED",
  rawStatus: "confirmed",
  startAt: at("2026-10-20T15:00:00Z"),
  endAt: null,
  bookedAt: at("2026-10-10T10:00:00Z"),
  canceledAt: null,
  providerUpdatedAt: at("2026-10-10T10:00:00Z"),
  rescheduled: false,
  replaces: null,
  replacedBy: null,
  timeSource: "offset",
  ...patch,
});
const booked: StoredBooking = {
  ...empty,
  appointmentStatus: "BOOKED",
  appointmentProvider: "GHL",
  appointmentStartAt: at("2026-10-20T15:00:00Z"),
  appointmentBookedAt: at("2026-10-10T10:00:00Z"),
  appointmentProviderUpdatedAt: at("2026-10-10T10:00:00Z"),
  ghlAppointmentId: "a1",
};

describe("decideBooking", () => {
  it("books an empty lead once: the transition fires the side effects, no task", () => {
    const d = decideBooking(empty, ghl(), "L");
    expect(d).toMatchObject({ change: "booked", becameBooked: true, task: null });
    expect(decideBooking(booked, ghl(), "L")).toMatchObject({ change: "no-change", becameBooked: false });
  });

  it("never lets an older or equal update overwrite a newer one", () => {
    const older = ghl({ status: "CANCELED", providerUpdatedAt: at("2026-10-09T00:00:00Z") });
    expect(decideBooking(booked, older, "L")).toMatchObject({ change: "no-change", why: /not newer/ });
    expect(decideBooking(booked, ghl({ providerUpdatedAt: null }), "L").change).toBe("no-change");
  });

  it("GoHighLevel: same id + new start → rescheduled with one keyed task; a cancel → canceled task", () => {
    const moved = ghl({ startAt: at("2026-10-21T15:00:00Z"), providerUpdatedAt: at("2026-10-11T00:00:00Z") });
    expect(decideBooking(booked, moved, "L")).toMatchObject({
      change: "rescheduled",
      becameBooked: false,
      next: { appointmentStatus: "RESCHEDULED", appointmentBookedAt: at("2026-10-10T10:00:00Z") },
      task: { kind: "APPOINTMENT_RESCHEDULED", dedupeKey: `L:reschedule:GHL:a1:${Date.parse("2026-10-21T15:00:00Z")}` },
    });
    const cancel = ghl({
      status: "CANCELED",
      canceledAt: at("2026-10-12T00:00:00Z"),
      providerUpdatedAt: at("2026-10-12T00:00:00Z"),
    });
    expect(decideBooking(booked, cancel, "L")).toMatchObject({
      change: "canceled",
      next: { appointmentCanceledAt: at("2026-10-12T00:00:00Z") },
      task: { kind: "APPOINTMENT_CANCELED", dedupeKey: "L:cancel:GHL:a1" },
    });
  });

  it("a rebooking after a cancellation clears canceledAt and is a new transition", () => {
    const canceled = {
      ...booked,
      appointmentStatus: "CANCELED" as const,
      appointmentCanceledAt: at("2026-10-12T00:00:00Z"),
    };
    const again = ghl({ appointmentId: "a2", providerUpdatedAt: at("2026-10-13T00:00:00Z") });
    expect(decideBooking(canceled, again, "L")).toMatchObject({
      change: "booked",
      becameBooked: true,
      next: { appointmentCanceledAt: null, ghlAppointmentId: "a2" },
    });
  });

  it("Calendly: the superseded invitee never overwrites the new one; the new one always replaces the old", () => {
    const newer: StoredBooking = {
      ...empty,
      appointmentStatus: "RESCHEDULED",
      appointmentProvider: "CALENDLY",
      calendlyInviteeUri: "new",
      appointmentProviderUpdatedAt: at("2026-10-10T00:00:00Z"),
    };
    const old = ghl({
      provider: "CALENDLY",
      appointmentId: "old",
      status: "RESCHEDULED",
      replacedBy: "new",
      providerUpdatedAt: at("2026-10-11T00:00:00Z"),
    });
    expect(decideBooking(newer, old, "L")).toMatchObject({
      change: "no-change",
      why: "superseded by the stored invitee",
    });
    const stored: StoredBooking = {
      ...newer,
      appointmentStatus: "BOOKED",
      calendlyInviteeUri: "old",
      appointmentProviderUpdatedAt: at("2026-10-12T00:00:00Z"),
    };
    const replacement = ghl({
      provider: "CALENDLY",
      appointmentId: "new",
      status: "RESCHEDULED",
      replaces: "old",
      providerUpdatedAt: at("2026-10-01T00:00:00Z"),
    });
    expect(decideBooking(stored, replacement, "L")).toMatchObject({
      change: "rescheduled",
      task: { dedupeKey: "L:reschedule:CALENDLY:new" },
    });
  });

  it("Calendly: an active invitee keeps a recorded completion", () => {
    const completed: StoredBooking = {
      ...booked,
      appointmentProvider: "CALENDLY",
      appointmentStatus: "COMPLETED",
      ghlAppointmentId: null,
      calendlyInviteeUri: "i1",
    };
    const active = ghl({ provider: "CALENDLY", appointmentId: "i1", providerUpdatedAt: at("2026-10-15T00:00:00Z") });
    expect(decideBooking(completed, active, "L").change).toBe("no-change");
  });
});
