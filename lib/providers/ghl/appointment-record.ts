// One GoHighLevel appointment record → ProviderAppointment. The same reader serves the
// contacts API (GetEventSchema: naive "2026-10-17 10:00:00" times, `status` + appointmentStatus),
// the calendars API (CalendarEventDTO: ISO times with offset, declared `type: object`, so an
// epoch-millis number is accepted too) and the Appointment* webhooks' `appointment` object.
// Recurring instances have ids `<masterId>_<startMillis>_<durationSec>` (+ masterEventId);
// their times fall back to the id when the record has none.
import { z } from "zod";
import { parseProviderInstant } from "@/lib/providers/iso-instant";
import { firstIssue, idOf, type AppointmentTimeSource, type RecordResult } from "@/lib/providers/provider-appointment";
import { mapGhlAppointmentStatus } from "./appointment-status";

const time = z.union([z.string(), z.number()]).nullish();
const text = z.string().nullish();

export const ghlAppointmentRecordSchema = z.object({
  id: z.string().trim().min(1),
  appointmentStatus: text,
  status: text,
  startTime: time,
  endTime: time,
  dateAdded: time,
  dateUpdated: time,
  contactId: text,
  calendarId: text,
  locationId: text,
  masterEventId: text,
});

const RECURRING_ID = /^(.+)_(\d{12,14})_(\d{1,7})$/;

/** `<masterId>_<startMillis>_<durationSec>` → its parts, or null for a plain id. */
export function parseGhlRecurringId(id: string): { masterId: string; startAt: Date; durationSec: number } | null {
  const match = RECURRING_ID.exec(id);
  if (!match) return null;
  return { masterId: match[1]!, startAt: new Date(Number(match[2])), durationSec: Number(match[3]) };
}

type ReadTime = { at: Date; source: AppointmentTimeSource } | null | "invalid";

function readTime(value: string | number | null | undefined, zone: string | null): ReadTime {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number")
    return Number.isFinite(value) && value > 0 ? { at: new Date(value), source: "offset" } : "invalid";
  const parsed = parseProviderInstant(value, zone);
  if (!parsed) return "invalid";
  return { at: parsed.at, source: !parsed.naive ? "offset" : zone ? "location-zone" : "utc-assumed" };
}

export type GhlRecordOptions = {
  /** The location's IANA zone for naive times; null reads them as UTC (flagged "utc-assumed"). */
  timeZone: string | null;
  deleted?: boolean;
  previousStartAt?: Date | null;
};

export function readGhlAppointmentRecord(raw: unknown, options: GhlRecordOptions): RecordResult {
  const parsed = ghlAppointmentRecordSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, id: idOf(raw, "id"), reason: firstIssue(parsed.error) };
  const record = parsed.data;
  const fail = (reason: string): RecordResult => ({ ok: false, id: record.id, reason });

  const times = {
    startTime: readTime(record.startTime, options.timeZone),
    endTime: readTime(record.endTime, options.timeZone),
    dateAdded: readTime(record.dateAdded, options.timeZone),
    dateUpdated: readTime(record.dateUpdated, options.timeZone),
  };
  for (const [field, value] of Object.entries(times)) if (value === "invalid") return fail(`${field}: not a date`);
  const read = times as Record<keyof typeof times, Exclude<ReadTime, "invalid">>;

  const recurring = parseGhlRecurringId(record.id);
  let startAt = read.startTime?.at ?? null;
  let endAt = read.endTime?.at ?? null;
  if (recurring && !startAt) {
    startAt = recurring.startAt;
    endAt ??= new Date(recurring.startAt.getTime() + recurring.durationSec * 1000);
  }

  const rawStatus = record.appointmentStatus?.trim() || record.status?.trim() || "";
  if (!rawStatus && !options.deleted) return fail("appointmentStatus: missing");
  const mapped = mapGhlAppointmentStatus({
    rawStatus,
    deleted: options.deleted,
    startAt,
    previousStartAt: options.previousStartAt,
  });
  if (!mapped) return fail(`appointmentStatus: unknown value "${rawStatus.slice(0, 40)}"`);

  const updatedAt = read.dateUpdated?.at ?? null;
  const sources = [read.startTime, read.endTime].flatMap((t) => (t ? [t.source] : []));
  const timeSource: AppointmentTimeSource = sources.includes("utc-assumed")
    ? "utc-assumed"
    : sources.includes("location-zone")
      ? "location-zone"
      : "offset";
  return {
    ok: true,
    appointment: {
      provider: "GHL",
      appointmentId: record.id,
      scheduledEventUri: null,
      seriesId: record.masterEventId?.trim() || recurring?.masterId || null,
      contactId: record.contactId?.trim() || null,
      inviteeEmail: null,
      status: mapped.status,
      rawStatus: options.deleted ? "deleted" : rawStatus,
      startAt,
      endAt,
      bookedAt: read.dateAdded?.at ?? null,
      // GHL has no cancellation timestamp: the last update is when it was cancelled.
      canceledAt: mapped.status === "CANCELED" ? updatedAt : null,
      providerUpdatedAt: updatedAt,
      rescheduled: mapped.rescheduled,
      replaces: null,
      replacedBy: null,
      timeSource,
    },
  };
}

/** True when a record's start/end are naive local times (the contacts API): worth a detail lookup. */
export function hasNaiveTimes(raw: unknown): boolean {
  if (raw === null || typeof raw !== "object") return false;
  const { startTime, endTime } = raw as Record<string, unknown>;
  return [startTime, endTime].some((v) => typeof v === "string" && parseProviderInstant(v)?.naive === true);
}
