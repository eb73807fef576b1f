// Calendly API v2 appointments client:
//   GET /scheduled_events?organization|user&invitee_email&status&min_start_time&max_start_time
//       &count&page_token                       (cursor paging: pagination.next_page_token)
//   GET /scheduled_events/{uuid}/invitees?email&count&page_token
// Bearer personal access token (or an OAuth access-token function). Limits: 500 requests a
// minute per user (50 on the free plan); the client reports X-RateLimit-* (onRateLimit) and
// a 429 as ProviderApiError "rate-limited" whose retryAfterMs is X-RateLimit-Reset
// (seconds until the window resets). It never waits on its own.
import { z } from "zod";
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
} from "@/lib/providers/provider-appointment";
import { calendlyRateLimitFromHeaders, type RateLimitInfo } from "@/lib/providers/rate-limit";
import {
  calendlyEventUuid,
  readCalendlyEventRecord,
  readCalendlyInviteeRecord,
  type CalendlyScheduledEvent,
} from "./invitee-record";

export const CALENDLY_DEFAULT_API_BASE_URL = "https://api.calendly.com";
/** The API's maximum page size. */
export const CALENDLY_MAX_PAGE_SIZE = 100;
const DEFAULT_MAX_PAGES = 10;
/** An event has one invitee, or a few for group events: more pages than this is a looping answer. */
const MAX_INVITEE_PAGES = 20;

export type CalendlyAppointmentsClientOptions = {
  /** connection.apiBaseUrl; null → CALENDLY_DEFAULT_API_BASE_URL. */
  apiBaseUrl?: string | null;
  accessToken: AccessTokenSource;
  timeoutMs?: number;
  maxResponseBytes?: number;
  onRateLimit?: (info: RateLimitInfo) => void;
  now?: () => Date;
};

/** Whose events: an organization (needs an admin token), a user, or a user within an organization. */
export type CalendlyScope = { organization: string; user?: string } | { organization?: string; user: string };

const pageSchema = z.object({
  collection: z.array(z.unknown()),
  pagination: z.object({ next_page_token: z.string().nullish() }).nullish(),
});

export type CalendlyEventsPage = {
  events: CalendlyScheduledEvent[];
  invalid: InvalidAppointmentRecord[];
  nextPageToken: string | null;
};

export type CalendlyInviteesPage = {
  appointments: ProviderAppointment[];
  invalid: InvalidAppointmentRecord[];
  nextPageToken: string | null;
};

export function createCalendlyAppointmentsClient(options: CalendlyAppointmentsClientOptions) {
  let lastRateLimit: RateLimitInfo | null = null;
  const config: HttpClientConfig = {
    provider: "CALENDLY",
    baseUrl: resolveBaseUrl("CALENDLY", options.apiBaseUrl, CALENDLY_DEFAULT_API_BASE_URL),
    accessToken: options.accessToken,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    readRateLimit: calendlyRateLimitFromHeaders,
    onRateLimit: (info) => {
      lastRateLimit = info;
      options.onRateLimit?.(info);
    },
    now: options.now ?? (() => new Date()),
  };
  const invalidInput = (message: string) =>
    new ProviderApiError({ provider: "CALENDLY", kind: "invalid-input", message });
  const pageCount = (count: number | undefined) =>
    String(Math.min(CALENDLY_MAX_PAGE_SIZE, Math.max(1, count ?? CALENDLY_MAX_PAGE_SIZE)));

  /** One page of scheduled events; pass the returned nextPageToken back for the next. */
  async function listScheduledEvents(args: {
    scope: CalendlyScope;
    inviteeEmail?: string;
    status?: "active" | "canceled";
    minStartTime?: Date;
    maxStartTime?: Date;
    count?: number;
    pageToken?: string | null;
    signal?: AbortSignal;
  }): Promise<CalendlyEventsPage> {
    const organization = args.scope.organization?.trim();
    const user = args.scope.user?.trim();
    if (!organization && !user) throw invalidInput("an organization or user URI is required");
    const body = await getJson(config, {
      path: "/scheduled_events",
      query: {
        organization,
        user,
        invitee_email: args.inviteeEmail?.trim() || undefined,
        status: args.status,
        min_start_time: args.minStartTime?.toISOString(),
        max_start_time: args.maxStartTime?.toISOString(),
        sort: "start_time:asc",
        count: pageCount(args.count),
        page_token: args.pageToken ?? undefined,
      },
      schema: pageSchema,
      signal: args.signal,
    });
    const events: CalendlyScheduledEvent[] = [];
    const invalid: InvalidAppointmentRecord[] = [];
    for (const raw of body!.collection) {
      const result = readCalendlyEventRecord(raw);
      if (result.ok) events.push(result.event);
      else invalid.push({ id: result.id, reason: result.reason });
    }
    return { events, invalid, nextPageToken: body!.pagination?.next_page_token || null };
  }

  /** One page of an event's invitees; with the event object their times are filled in. */
  async function listEventInvitees(args: {
    event: CalendlyScheduledEvent | string;
    email?: string;
    count?: number;
    pageToken?: string | null;
    signal?: AbortSignal;
  }): Promise<CalendlyInviteesPage> {
    const event = typeof args.event === "string" ? null : args.event;
    const uuid = event?.uuid ?? calendlyEventUuid(args.event as string);
    if (!uuid) throw invalidInput("not a scheduled event URI");
    const body = await getJson(config, {
      path: `/scheduled_events/${encodeURIComponent(uuid)}/invitees`,
      query: {
        email: args.email?.trim() || undefined,
        count: pageCount(args.count),
        page_token: args.pageToken ?? undefined,
      },
      schema: pageSchema,
      signal: args.signal,
    });
    const { appointments, invalid } = partitionRecords(
      body!.collection.map((raw) => readCalendlyInviteeRecord(raw, event)),
    );
    return { appointments, invalid, nextPageToken: body!.pagination?.next_page_token || null };
  }

  /** Every invitee page of one event with that email (bounded: a looping token ends it). */
  async function inviteesOf(event: CalendlyScheduledEvent, email: string, signal: AbortSignal | undefined) {
    const appointments: ProviderAppointment[] = [];
    const invalid: InvalidAppointmentRecord[] = [];
    const seen = new Set<string>();
    let requests = 0;
    let pageToken: string | null = null;
    do {
      const page = await listEventInvitees({ event, email, pageToken, signal });
      requests += 1;
      invalid.push(...page.invalid);
      // The API filters by email already; this guards against an answer that ignores the filter.
      appointments.push(...page.appointments.filter((a) => a.inviteeEmail === email));
      pageToken = page.nextPageToken && !seen.has(page.nextPageToken) ? page.nextPageToken : null;
      if (pageToken) seen.add(pageToken);
    } while (pageToken && requests < MAX_INVITEE_PAGES);
    return { appointments, invalid, requests };
  }

  /**
   * Every booking of one invitee email: the scheduled events with that invitee (paged to
   * the end, or `maxPages` event pages), then each event's invitees with that email.
   * `complete` is false when the page cap stopped it (call again with a later minStartTime).
   */
  async function listInviteeAppointments(args: {
    email: string;
    scope: CalendlyScope;
    status?: "active" | "canceled";
    minStartTime?: Date;
    maxPages?: number;
    signal?: AbortSignal;
  }) {
    const email = args.email?.trim().toLowerCase();
    if (!email) throw invalidInput("email is required");
    const maxPages = Math.max(1, args.maxPages ?? DEFAULT_MAX_PAGES);
    const appointments: ProviderAppointment[] = [];
    const invalid: InvalidAppointmentRecord[] = [];
    const seen = new Set<string>();
    let eventPages = 0;
    let requests = 0;
    let pageToken: string | null = null;
    while (true) {
      const page = await listScheduledEvents({
        scope: args.scope,
        inviteeEmail: email,
        status: args.status,
        minStartTime: args.minStartTime,
        pageToken,
        signal: args.signal,
      });
      eventPages += 1;
      requests += 1;
      invalid.push(...page.invalid);
      for (const event of page.events) {
        const invitees = await inviteesOf(event, email, args.signal);
        requests += invitees.requests;
        appointments.push(...invitees.appointments);
        invalid.push(...invitees.invalid);
      }
      // No token, or one seen before (it would loop forever): the end.
      if (!page.nextPageToken || seen.has(page.nextPageToken))
        return { appointments, invalid, requests, complete: true };
      if (eventPages >= maxPages) return { appointments, invalid, requests, complete: false };
      seen.add(page.nextPageToken);
      pageToken = page.nextPageToken;
    }
  }

  return {
    listScheduledEvents,
    listEventInvitees,
    listInviteeAppointments,
    lastRateLimit: () => lastRateLimit,
  };
}

export type CalendlyAppointmentsClient = ReturnType<typeof createCalendlyAppointmentsClient>;
