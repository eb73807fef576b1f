// Calendly webhook payload → ParseResult. invitee.created / invitee.canceled carry the full
// invitee with its `scheduled_event`, read by the same reader as the API (invitee-record.ts).
// invitee_no_show.created / .deleted are read either as that invitee (with or without its
// `no_show`) or as the bare no-show resource { uri, invitee, created_at }; the envelope's
// `created_at` is their update time (removing a no-show does not move the invitee's
// updated_at, so it would otherwise look older than the no-show it undoes). Dedupe key
// (SOURCES.md: Calendly has no event id): event + payload URI + payload updated_at.
import { z } from "zod";
import { parseAbsoluteInstant } from "@/lib/providers/iso-instant";
import { nonEmpty, parseJsonObject, sha256Hex } from "@/lib/providers/payload-fields";
import type { ProviderAppointment } from "@/lib/providers/provider-appointment";
import type { ParseResult } from "@/lib/providers/webhook-adapter";
import { readCalendlyInviteeRecord } from "./invitee-record";

export const CALENDLY_EVENTS = new Set([
  "invitee.created",
  "invitee.canceled",
  "invitee_no_show.created",
  "invitee_no_show.deleted",
]);

const bareNoShow = z.object({ uri: z.string().min(1), invitee: z.string().min(1), created_at: z.string().nullish() });

const latest = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));

function noShowOnly(eventType: string, payload: Record<string, unknown>, at: Date | null): ProviderAppointment | null {
  const parsed = bareNoShow.safeParse(payload);
  if (!parsed.success || typeof payload.status === "string") return null;
  const created = eventType === "invitee_no_show.created";
  return {
    provider: "CALENDLY",
    appointmentId: parsed.data.invitee,
    scheduledEventUri: null,
    seriesId: null,
    contactId: null,
    inviteeEmail: null,
    status: created ? "NO_SHOW" : "BOOKED",
    rawStatus: created ? "no_show" : "active",
    startAt: null,
    endAt: null,
    bookedAt: null,
    canceledAt: null,
    providerUpdatedAt: latest(parseAbsoluteInstant(parsed.data.created_at ?? ""), at),
    rescheduled: false,
    replaces: null,
    replacedBy: null,
    timeSource: "offset",
  };
}

export function parseCalendly(args: { rawBody: string }): ParseResult {
  const json = parseJsonObject(args.rawBody);
  const fallbackKey = `sha256:${sha256Hex(args.rawBody)}`;
  if (!json.ok) return { kind: "rejected", eventType: null, dedupeKey: fallbackKey, reason: json.reason };
  const envelope = json.value;
  const eventType = nonEmpty(envelope.event);
  const payload = envelope.payload;
  const payloadObject =
    payload !== null && typeof payload === "object" && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  const uri = payloadObject ? nonEmpty(payloadObject.uri) : null;
  const dedupeKey =
    eventType && uri
      ? `${eventType}:${uri}:${nonEmpty(payloadObject?.updated_at) ?? nonEmpty(envelope.created_at) ?? ""}`
      : fallbackKey;
  if (!eventType || !CALENDLY_EVENTS.has(eventType)) {
    return {
      kind: "ignored",
      eventType,
      dedupeKey,
      reason: eventType ? `event type ${eventType} is not handled` : "no event type",
    };
  }
  if (!payloadObject) return { kind: "rejected", eventType, dedupeKey, reason: `${eventType}: no payload object` };
  const occurredAt = parseAbsoluteInstant(nonEmpty(envelope.created_at) ?? "");
  const noShowEvent = eventType.startsWith("invitee_no_show.");

  let appointment = noShowEvent ? noShowOnly(eventType, payloadObject, occurredAt) : null;
  if (!appointment) {
    const read = readCalendlyInviteeRecord(payloadObject);
    if (!read.ok)
      return { kind: "rejected", eventType, dedupeKey, reason: `invalid ${eventType}: payload.${read.reason}` };
    appointment = read.appointment;
    if (noShowEvent)
      appointment = { ...appointment, providerUpdatedAt: latest(appointment.providerUpdatedAt, occurredAt) };
    if (eventType === "invitee_no_show.deleted" && appointment.status === "NO_SHOW") {
      appointment = { ...appointment, status: "BOOKED", rawStatus: appointment.rawStatus };
    }
  }
  const email = appointment.inviteeEmail;
  return {
    kind: "appointment",
    eventType,
    dedupeKey,
    occurredAt,
    appointment,
    lead: {
      providerLeadId: null,
      email,
      phone: nonEmpty(payloadObject.text_reminder_number),
      name: nonEmpty(payloadObject.name),
      linkedinUrl: null,
    },
    reason: null,
  };
}
