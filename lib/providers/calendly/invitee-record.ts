// Calendly records → ProviderAppointment. An invitee (GET /scheduled_events/{uuid}/invitees,
// or a webhook payload, which embeds its `scheduled_event`) plus its scheduled event (GET
// /scheduled_events) give one appointment. Timestamps are UTC with microseconds
// (`…00.000000Z`) or seconds only (the sample-data endpoint): both are read.
import { z } from "zod";
import { parseAbsoluteInstant } from "@/lib/providers/iso-instant";
import { firstIssue, idOf, type RecordResult } from "@/lib/providers/provider-appointment";
import { mapCalendlyInviteeStatus } from "./appointment-status";

const instant = z.string().transform((value, ctx) => {
  const at = parseAbsoluteInstant(value);
  if (!at) ctx.addIssue({ code: "custom", message: "not an ISO timestamp with a zone" });
  return at ?? new Date(Number.NaN);
});
const uri = z.string().trim().min(1);

export const calendlyEventRecordSchema = z.object({
  uri,
  status: z.string(),
  start_time: instant,
  end_time: instant,
  created_at: instant.nullish(),
  updated_at: instant.nullish(),
});

export type CalendlyScheduledEvent = {
  uri: string;
  /** The last path segment of the URI, for /scheduled_events/{uuid}/invitees. */
  uuid: string;
  status: string;
  startAt: Date;
  endAt: Date;
  createdAt: Date | null;
  updatedAt: Date | null;
};

export const calendlyInviteeRecordSchema = z.object({
  uri,
  email: z.string().nullish(),
  status: z.string(),
  event: uri.nullish(),
  created_at: instant.nullish(),
  updated_at: instant.nullish(),
  rescheduled: z.boolean().nullish(),
  old_invitee: uri.nullish(),
  new_invitee: uri.nullish(),
  // { uri, created_at } when the host marked a no-show; null otherwise.
  no_show: z.object({ uri: z.string().nullish(), created_at: instant.nullish() }).nullish(),
  cancellation: z.object({ created_at: instant.nullish() }).nullish(),
  scheduled_event: z.unknown().optional(),
});

/** The scheduled event's UUID from its URI (`…/scheduled_events/<uuid>`), or null. */
export function calendlyEventUuid(eventUri: string): string | null {
  const match = /\/scheduled_events\/([^/?#]+)\/?$/.exec(eventUri.trim());
  return match ? decodeURIComponent(match[1]!) : null;
}

export function readCalendlyEventRecord(
  raw: unknown,
): { ok: true; event: CalendlyScheduledEvent } | { ok: false; id: string | null; reason: string } {
  const parsed = calendlyEventRecordSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, id: idOf(raw, "uri"), reason: firstIssue(parsed.error) };
  const record = parsed.data;
  const uuid = calendlyEventUuid(record.uri);
  if (!uuid) return { ok: false, id: record.uri, reason: "uri: not a scheduled event URI" };
  return {
    ok: true,
    event: {
      uri: record.uri,
      uuid,
      status: record.status,
      startAt: record.start_time,
      endAt: record.end_time,
      createdAt: record.created_at ?? null,
      updatedAt: record.updated_at ?? null,
    },
  };
}

const latest = (...dates: (Date | null | undefined)[]) =>
  dates.reduce<Date | null>((max, d) => (d && (!max || d.getTime() > max.getTime()) ? d : max), null);

/** An invitee (its event embedded, or passed in) → appointment; an embedded event wins. */
export function readCalendlyInviteeRecord(raw: unknown, event: CalendlyScheduledEvent | null = null): RecordResult {
  const parsed = calendlyInviteeRecordSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, id: idOf(raw, "uri"), reason: firstIssue(parsed.error) };
  const invitee = parsed.data;
  let scheduled = event;
  if (invitee.scheduled_event !== undefined && invitee.scheduled_event !== null) {
    const embedded = readCalendlyEventRecord(invitee.scheduled_event);
    if (!embedded.ok) return { ok: false, id: invitee.uri, reason: `scheduled_event.${embedded.reason}` };
    scheduled = embedded.event;
  }
  const mapped = mapCalendlyInviteeStatus({
    status: invitee.status,
    rescheduled: invitee.rescheduled === true,
    noShow: invitee.no_show != null,
    oldInvitee: invitee.old_invitee ?? null,
    newInvitee: invitee.new_invitee ?? null,
  });
  if (!mapped) return { ok: false, id: invitee.uri, reason: `status: unknown value "${invitee.status.slice(0, 40)}"` };
  const canceledAt =
    mapped.status === "CANCELED" ? (invitee.cancellation?.created_at ?? invitee.updated_at ?? null) : null;
  return {
    ok: true,
    appointment: {
      provider: "CALENDLY",
      appointmentId: invitee.uri,
      scheduledEventUri: scheduled?.uri ?? invitee.event ?? null,
      seriesId: null,
      contactId: null,
      inviteeEmail: invitee.email?.trim().toLowerCase() || null,
      status: mapped.status,
      rawStatus: invitee.status,
      startAt: scheduled?.startAt ?? null,
      endAt: scheduled?.endAt ?? null,
      bookedAt: invitee.created_at ?? null,
      canceledAt,
      providerUpdatedAt: latest(invitee.updated_at, invitee.no_show?.created_at, invitee.cancellation?.created_at),
      rescheduled: mapped.rescheduled,
      replaces: mapped.replaces,
      replacedBy: mapped.replacedBy,
      timeSource: "offset",
    },
  };
}
