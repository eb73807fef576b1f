// The one shape both booking providers' answers are read into; reconciliation (and the
// webhooks) decide a lead's booking state from it and nothing provider-specific.
import type { AppointmentProvider, AppointmentStatus } from "@/lib/generated/prisma/enums";

/**
 * How startAt/endAt were read: "offset" = the provider gave an absolute time; "location-zone"
 * = a naive GoHighLevel time read in the location's zone; "utc-assumed" = naive, no zone known.
 */
export type AppointmentTimeSource = "offset" | "location-zone" | "utc-assumed";

export type ProviderAppointment = {
  provider: AppointmentProvider;
  /** GHL appointment id (a recurring instance: `<masterId>_<startMillis>_<durationSec>`) / Calendly invitee URI. */
  appointmentId: string;
  /** Calendly: the scheduled event's URI. */
  scheduledEventUri: string | null;
  /** GHL: the recurring series (masterEventId) this instance belongs to. */
  seriesId: string | null;
  /** GHL contactId: how a lead is matched. */
  contactId: string | null;
  /** Calendly invitee email, lower-cased: how a lead is matched. */
  inviteeEmail: string | null;
  status: AppointmentStatus;
  /** The provider's own status word (GHL appointmentStatus, Calendly invitee status). */
  rawStatus: string;
  startAt: Date | null;
  endAt: Date | null;
  bookedAt: Date | null;
  canceledAt: Date | null;
  /** The provider's last-modified time: an older update never overwrites a newer one. */
  providerUpdatedAt: Date | null;
  rescheduled: boolean;
  /** Calendly reschedule: the invitee this one replaced (old_invitee). */
  replaces: string | null;
  /** Calendly reschedule: the invitee that now carries the booking (new_invitee). */
  replacedBy: string | null;
  timeSource: AppointmentTimeSource;
};

/** A record of a list answer that could not be read: reported, not silently dropped. */
export type InvalidAppointmentRecord = { id: string | null; reason: string };

export type RecordResult = { ok: true; appointment: ProviderAppointment } | ({ ok: false } & InvalidAppointmentRecord);

/** Splits record results into the readable appointments and the reported invalid ones. */
export function partitionRecords(results: RecordResult[]) {
  const appointments: ProviderAppointment[] = [];
  const invalid: InvalidAppointmentRecord[] = [];
  for (const result of results) {
    if (result.ok) appointments.push(result.appointment);
    else invalid.push({ id: result.id, reason: result.reason });
  }
  return { appointments, invalid };
}

/** The first zod issue as "path: message", without the offending value (it may be personal data). */
export function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}` : "invalid";
}

/** The `id`/`uri` of a raw record, for the invalid report. */
export function idOf(raw: unknown, key: "id" | "uri"): string | null {
  if (raw === null || typeof raw !== "object") return null;
  const value = (raw as Record<string, unknown>)[key];
  return typeof value === "string" && value ? value : null;
}
