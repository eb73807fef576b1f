// GoHighLevel v2 appointments client (apps/contacts.json + apps/calendars.json of
// GoHighLevel/highlevel-api-docs):
//   GET /contacts/{contactId}/appointments            Version 2021-07-28, scope contacts.readonly
//   GET /calendars/events/appointments/{eventId}      Version 2021-04-15, scope calendars/events.readonly
//   GET /calendars/events?locationId&calendarId|userId|groupId&startTime&endTime (epoch millis), same
//   GET /calendars/?locationId&showDrafted                 Version 2021-04-15, scope calendars.readonly
// The contacts list gives naive local times; each such appointment is re-read from the
// per-appointment endpoint (ISO with offset) up to `maxDetailLookups`, else read in the
// location's zone (or UTC). Limits: 100 requests / 10 s and 200 000 / day per location;
// the client does not wait on its own: it reports the X-RateLimit-* headers (onRateLimit)
// and a 429 as ProviderApiError "rate-limited" with retryAfterMs.
import { z } from "zod";
import { isTimeZone } from "@/lib/providers/iso-instant";
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  getJson,
  resolveBaseUrl,
  type AccessTokenSource,
  type HttpClientConfig,
} from "@/lib/providers/http-json";
import { ProviderApiError } from "@/lib/providers/provider-api-error";
import {
  partitionRecords,
  type InvalidAppointmentRecord,
  type ProviderAppointment,
  type RecordResult,
} from "@/lib/providers/provider-appointment";
import { ghlRateLimitFromHeaders, type RateLimitInfo } from "@/lib/providers/rate-limit";
import { hasNaiveTimes, readGhlAppointmentRecord } from "./appointment-record";

export const GHL_DEFAULT_API_BASE_URL = "https://services.leadconnectorhq.com";
export const GHL_CONTACTS_API_VERSION = "2021-07-28";
export const GHL_CALENDARS_API_VERSION = "2021-04-15";
const DEFAULT_MAX_DETAIL_LOOKUPS = 10;

export type GhlAppointmentsClientOptions = {
  /** connection.apiBaseUrl; null → GHL_DEFAULT_API_BASE_URL. */
  apiBaseUrl?: string | null;
  /** A private integration token, or a function returning a current (OAuth) access token. */
  accessToken: AccessTokenSource;
  /** The location's IANA zone, for the contacts API's naive times (null: UTC, flagged). */
  locationTimeZone?: string | null;
  timeoutMs?: number;
  maxResponseBytes?: number;
  onRateLimit?: (info: RateLimitInfo) => void;
  now?: () => Date;
};

export type GhlAppointmentList = { appointments: ProviderAppointment[]; invalid: InvalidAppointmentRecord[] };

const listSchema = z.object({ events: z.array(z.unknown()) });
const detailSchema = z.object({ event: z.unknown() });
// CalendarsGetSuccessfulResponseDTO: { calendars: CalendarDTO[] }; only the id matters here.
const calendarsSchema = z.object({
  calendars: z.array(
    z.looseObject({ id: z.string().trim().min(1), name: z.string().nullish(), isActive: z.boolean().nullish() }),
  ),
});

export type GhlCalendar = { id: string; name: string | null; isActive: boolean | null };

export type GhlCalendarWindow = {
  locationId: string;
  /** Exactly one of calendarId, userId, groupId (the API's "either of"). */
  calendarId?: string;
  userId?: string;
  groupId?: string;
  startTime: Date;
  endTime: Date;
  signal?: AbortSignal;
};

export function createGhlAppointmentsClient(options: GhlAppointmentsClientOptions) {
  const zone = options.locationTimeZone?.trim() || null;
  if (zone && !isTimeZone(zone)) {
    throw new ProviderApiError({ provider: "GHL", kind: "invalid-input", message: `unknown time zone: ${zone}` });
  }
  let lastRateLimit: RateLimitInfo | null = null;
  const config: HttpClientConfig = {
    provider: "GHL",
    baseUrl: resolveBaseUrl("GHL", options.apiBaseUrl, GHL_DEFAULT_API_BASE_URL),
    accessToken: options.accessToken,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    readRateLimit: ghlRateLimitFromHeaders,
    onRateLimit: (info) => {
      lastRateLimit = info;
      options.onRateLimit?.(info);
    },
    now: options.now ?? (() => new Date()),
  };
  const invalidInput = (message: string) => new ProviderApiError({ provider: "GHL", kind: "invalid-input", message });
  const segment = (name: string, value: string) => {
    if (!value?.trim()) throw invalidInput(`${name} is required`);
    return encodeURIComponent(value.trim());
  };

  /** One appointment with ISO offset times; null when GoHighLevel answers 404 (deleted). */
  async function getAppointment(args: { appointmentId: string; signal?: AbortSignal }) {
    const body = await getJson(config, {
      path: `/calendars/events/appointments/${segment("appointmentId", args.appointmentId)}`,
      headers: { Version: GHL_CALENDARS_API_VERSION },
      schema: detailSchema,
      notFoundAsNull: true,
      signal: args.signal,
    });
    if (body === null) return null;
    const result = readGhlAppointmentRecord(body.event, { timeZone: zone });
    if (!result.ok) {
      throw new ProviderApiError({
        provider: "GHL",
        kind: "malformed",
        message: `appointment ${result.id ?? "?"}: ${result.reason}`,
        status: 200,
        path: `/calendars/events/appointments/${encodeURIComponent(args.appointmentId)}`,
      });
    }
    return result.appointment;
  }

  /** Every appointment of a contact (the endpoint does not page). */
  async function listContactAppointments(args: {
    contactId: string;
    /** Re-read naive-time entries from the per-appointment endpoint (default true). */
    resolveNaiveTimes?: boolean;
    maxDetailLookups?: number;
    signal?: AbortSignal;
  }): Promise<GhlAppointmentList & { detailLookups: number }> {
    const body = await getJson(config, {
      path: `/contacts/${segment("contactId", args.contactId)}/appointments`,
      headers: { Version: GHL_CONTACTS_API_VERSION },
      schema: listSchema,
      signal: args.signal,
    });
    let lookupsLeft = args.resolveNaiveTimes === false ? 0 : (args.maxDetailLookups ?? DEFAULT_MAX_DETAIL_LOOKUPS);
    let detailLookups = 0;
    const results: RecordResult[] = [];
    for (const raw of body!.events) {
      const listed = readGhlAppointmentRecord(raw, { timeZone: zone });
      if (listed.ok && lookupsLeft > 0 && hasNaiveTimes(raw)) {
        lookupsLeft -= 1;
        detailLookups += 1;
        // 404 here: listed but not readable alone; the list entry (zone-read) stands.
        const detail = await getAppointment({ appointmentId: listed.appointment.appointmentId, signal: args.signal });
        if (detail) {
          results.push({ ok: true, appointment: detail });
          continue;
        }
      }
      results.push(listed);
    }
    return { ...partitionRecords(results), detailLookups };
  }

  /** A location's appointments whose time falls in [startTime, endTime), for windowed backfill. */
  async function listCalendarEvents(args: GhlCalendarWindow): Promise<GhlAppointmentList> {
    const owners = (["calendarId", "userId", "groupId"] as const).filter((key) => args[key]?.trim());
    if (owners.length !== 1) throw invalidInput("exactly one of calendarId, userId, groupId is required");
    const start = args.startTime.getTime();
    const end = args.endTime.getTime();
    if (!Number.isFinite(start) || !Number.isFinite(end) || start >= end) {
      throw invalidInput("startTime must be a date before endTime");
    }
    if (!args.locationId?.trim()) throw invalidInput("locationId is required");
    const owner = owners[0]!;
    const body = await getJson(config, {
      path: "/calendars/events",
      query: {
        locationId: args.locationId.trim(),
        [owner]: args[owner]!.trim(),
        startTime: String(start),
        endTime: String(end),
      },
      headers: { Version: GHL_CALENDARS_API_VERSION },
      schema: listSchema,
      signal: args.signal,
    });
    return partitionRecords(body!.events.map((raw) => readGhlAppointmentRecord(raw, { timeZone: zone })));
  }

  /** Every calendar of the location, drafted ones included (their events still count). Not paged. */
  async function listCalendars(args: { locationId: string; signal?: AbortSignal }): Promise<GhlCalendar[]> {
    if (!args.locationId?.trim()) throw invalidInput("locationId is required");
    const body = await getJson(config, {
      path: "/calendars/",
      query: { locationId: args.locationId.trim(), showDrafted: "true" },
      headers: { Version: GHL_CALENDARS_API_VERSION },
      schema: calendarsSchema,
      signal: args.signal,
    });
    return body!.calendars.map((c) => ({ id: c.id, name: c.name ?? null, isActive: c.isActive ?? null }));
  }

  return {
    getAppointment,
    listContactAppointments,
    listCalendarEvents,
    listCalendars,
    /** The rate-limit headers of the latest answer (null before the first). */
    lastRateLimit: () => lastRateLimit,
  };
}

export type GhlAppointmentsClient = ReturnType<typeof createGhlAppointmentsClient>;
