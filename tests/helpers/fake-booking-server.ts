// A local fake of the GoHighLevel and Calendly booking APIs (node:http on 127.0.0.1, port 0),
// answering in the shapes of tests/fixtures/providers/{gohighlevel,calendly}/api/ and
// loaded with those fixtures by default. GoHighLevel: contacts appointments, one appointment
// (404 when unknown), the location's calendars, calendar events filtered by owner and epoch-millis window. Calendly:
// scheduled events filtered by invitee email/status/start and paged by an opaque page_token,
// invitees per event (also paged). Both send their providers' X-RateLimit-* headers and check
// the bearer token (401 otherwise). `script` forces an answer (any status and headers, a
// body that is not JSON, or a hang) for the next matching request. `POST /oauth/token` is an
// OAuth refresh endpoint for both providers: each refresh token works once (rotation), the
// access tokens it issues are accepted until `expireOAuthTokens()`, and `oauth.refreshes`
// counts the refreshes.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readProviderFixture } from "./provider-fixtures";

type Json = Record<string, unknown>;

export type FakeBookingRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  version: string | undefined;
};

export type FakeBookingScripted = {
  /** Only requests whose path matches (default: any). */
  path?: RegExp;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as is (e.g. not JSON). */
  rawBody?: string;
  /** Never answer (the client's timeout or abort must end it). */
  hang?: boolean;
};

export type FakeBooking = {
  baseUrl: string;
  requests: FakeBookingRequest[];
  ghlToken: string;
  calendlyToken: string;
  ghl: {
    contactAppointments: Map<string, unknown[]>;
    appointments: Map<string, unknown>;
    calendarEvents: Json[];
    /** GET /calendars/?locationId: CalendarDTO-shaped ({ id, name, locationId, isActive, … }). */
    calendars: Json[];
  };
  calendly: { events: Json[]; invitees: Map<string, Json[]>; pageSize: number };
  /** Forced answers, each used once by the first request it matches. */
  script: FakeBookingScripted[];
  oauth: {
    clientId: string;
    clientSecret: string;
    /** The one refresh token that works now (rotated by every refresh). */
    refreshToken: string;
    /** Access tokens issued by refreshes and still valid. */
    accessTokens: Set<string>;
    refreshes: number;
    expiresIn: number;
    /** Delay before a refresh answers (makes races visible). */
    delayMs: number;
  };
  expireOAuthTokens(): void;
  /** Restarts the rate-limit counters (a new window). */
  resetRateLimits(): void;
  close(): Promise<void>;
};

export const FAKE_GHL_CONTACT_ID = "Hn4TgQw9ZkLm2PxR7sBv";
export const FAKE_CALENDLY_EMAIL = "jordan.rivera@example.org";
export const FAKE_CALENDLY_ORG = "https://api.calendly.com/organizations/0f3e9b2c-7a41-4d6e-b5c8-92e1a7d4c603";
/** The fixtures' reschedule pair: the old invitee (canceled, rescheduled) and the new one. */
export const FAKE_CALENDLY_OLD_INVITEE =
  "https://api.calendly.com/scheduled_events/3c8f2a1d-9e47-4b6c-a2d5-7f1e0b9c4d83/invitees/a7e41c9b-2d3f-4e80-b6a1-5c9d8e2f7031";
export const FAKE_CALENDLY_NEW_INVITEE =
  "https://api.calendly.com/scheduled_events/8d1b6e3a-4f2c-4b97-8e0d-2a6c9f1e5b47/invitees/c5f0a9e2-7b1d-4c36-9a84-0e3d6b2f8a15";

const fixture = (provider: "gohighlevel" | "calendly", name: string) =>
  JSON.parse(readProviderFixture(provider, name)) as Json;

function defaultCalendlyInvitees(): Map<string, Json[]> {
  const { collection } = fixture("calendly", "api/GET_scheduled_events_uuid_invitees.200.json") as {
    collection: Json[];
  };
  const { scheduled_event: _event, ...oldInvitee } = fixture("calendly", "invitee.canceled.reschedule.json")
    .payload as Json;
  const other = {
    ...collection[0],
    uri: "https://api.calendly.com/scheduled_events/41a9c6e3-0d7b-4f28-b5e1-9c2a8d4f6e07/invitees/0b6e2d4f-8a1c-4e3b-9d57-6f2a1c8e4b90",
    email: "casey.lee@example.org",
    name: "Casey Lee",
    event: "https://api.calendly.com/scheduled_events/41a9c6e3-0d7b-4f28-b5e1-9c2a8d4f6e07",
    old_invitee: null,
  };
  return new Map([
    ["8d1b6e3a-4f2c-4b97-8e0d-2a6c9f1e5b47", collection],
    ["3c8f2a1d-9e47-4b6c-a2d5-7f1e0b9c4d83", [oldInvitee]],
    ["41a9c6e3-0d7b-4f28-b5e1-9c2a8d4f6e07", [other]],
  ]);
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(typeof body === "string" ? body : JSON.stringify(body));
}

const token = (offset: number) => Buffer.from(`offset:${offset}`).toString("base64url");
const offsetOf = (pageToken: string | undefined) => {
  if (!pageToken) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(pageToken, "base64url").toString());
  return match ? Number(match[1]) : null;
};

export async function startFakeBookingServer(): Promise<FakeBooking> {
  const ghlList = fixture("gohighlevel", "api/GET_contacts_contactId_appointments.200.json") as { events: unknown[] };
  const ghlDetail = fixture("gohighlevel", "api/GET_calendars_events_appointments_eventId.200.json") as { event: Json };
  const ghlEvents = fixture("gohighlevel", "api/GET_calendars_events.200.json") as { events: Json[] };
  const calendlyEvents = fixture("calendly", "api/GET_scheduled_events.200.json") as { collection: Json[] };
  const fake: FakeBooking = {
    baseUrl: "",
    requests: [],
    ghlToken: "ghl-pit-test",
    calendlyToken: "calendly-pat-test",
    ghl: {
      contactAppointments: new Map([[FAKE_GHL_CONTACT_ID, ghlList.events]]),
      appointments: new Map([[String(ghlDetail.event.id), ghlDetail.event]]),
      calendarEvents: ghlEvents.events,
      calendars: [
        { id: String(ghlEvents.events[0]!.calendarId), locationId: String(ghlEvents.events[0]!.locationId) },
      ].map((c) => ({ ...c, name: "Intro calls", isActive: true, calendarType: "round_robin", slotDuration: 30 })),
    },
    calendly: { events: calendlyEvents.collection, invitees: defaultCalendlyInvitees(), pageSize: 100 },
    script: [],
    oauth: {
      clientId: "oauth-client",
      clientSecret: "oauth-secret",
      refreshToken: "refresh-0",
      accessTokens: new Set(),
      refreshes: 0,
      expiresIn: 86_400,
      delayMs: 0,
    },
    expireOAuthTokens: () => fake.oauth.accessTokens.clear(),
    resetRateLimits: () => {
      ghlCalls = 0;
      calendlyCalls = 0;
    },
    close: async () => undefined,
  };
  let ghlCalls = 0;
  let calendlyCalls = 0;
  const accepted = (authorization: string | undefined, token: string) =>
    authorization === `Bearer ${token}` ||
    (authorization?.startsWith("Bearer ") === true && fake.oauth.accessTokens.has(authorization.slice(7)));

  async function oauthToken(request: IncomingMessage, response: ServerResponse) {
    let raw = "";
    for await (const chunk of request) raw += String(chunk);
    const form = new URLSearchParams(raw);
    if (fake.oauth.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.oauth.delayMs));
    if (form.get("client_id") !== fake.oauth.clientId || form.get("client_secret") !== fake.oauth.clientSecret) {
      return send(response, 401, { error: "invalid_client" });
    }
    if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== fake.oauth.refreshToken) {
      return send(response, 400, {
        error: "invalid_grant",
        error_description: "refresh token already used or unknown",
      });
    }
    fake.oauth.refreshes += 1;
    const n = fake.oauth.refreshes;
    fake.oauth.refreshToken = `refresh-${n}`;
    fake.oauth.accessTokens.add(`access-${n}`);
    send(response, 200, {
      access_token: `access-${n}`,
      refresh_token: `refresh-${n}`,
      token_type: "Bearer",
      expires_in: fake.oauth.expiresIn,
    });
  }

  const ghlHeaders = () => {
    ghlCalls += 1;
    return {
      "X-RateLimit-Limit-Daily": "200000",
      "X-RateLimit-Daily-Remaining": String(200_000 - ghlCalls),
      "X-RateLimit-Interval-Milliseconds": "10000",
      "X-RateLimit-Max": "100",
      "X-RateLimit-Remaining": String(Math.max(0, 100 - ghlCalls)),
    };
  };
  const calendlyHeaders = () => {
    calendlyCalls += 1;
    return {
      "X-RateLimit-Limit": "500",
      "X-RateLimit-Remaining": String(Math.max(0, 500 - calendlyCalls)),
      "X-RateLimit-Reset": "60",
    };
  };

  function page(response: ServerResponse, url: URL, items: Json[], headers: Record<string, string>) {
    const offset = offsetOf(url.searchParams.get("page_token") ?? undefined);
    if (offset === null) return send(response, 400, { title: "Invalid Argument", message: "bad page_token" }, headers);
    const size = Math.min(fake.calendly.pageSize, Number(url.searchParams.get("count") ?? 20));
    const next = offset + size < items.length ? token(offset + size) : null;
    const nextUrl = new URL(url);
    if (next) nextUrl.searchParams.set("page_token", next);
    send(
      response,
      200,
      {
        collection: items.slice(offset, offset + size),
        pagination: {
          count: Math.min(size, items.length - offset),
          next_page: next ? nextUrl.toString() : null,
          previous_page: null,
          next_page_token: next,
          previous_page_token: null,
        },
      },
      headers,
    );
  }

  function ghl(request: IncomingMessage, response: ServerResponse, url: URL) {
    const headers = ghlHeaders();
    if (!accepted(request.headers.authorization, fake.ghlToken)) {
      return send(response, 401, { statusCode: 401, message: "Invalid JWT" }, headers);
    }
    const contact = /^\/contacts\/([^/]+)\/appointments$/.exec(url.pathname);
    if (contact) {
      return send(
        response,
        200,
        { events: fake.ghl.contactAppointments.get(decodeURIComponent(contact[1]!)) ?? [] },
        headers,
      );
    }
    const one = /^\/calendars\/events\/appointments\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const event = fake.ghl.appointments.get(decodeURIComponent(one[1]!));
      return event
        ? send(response, 200, { event }, headers)
        : send(response, 404, { statusCode: 404, message: "Appointment not found" }, headers);
    }
    const q = (name: string) => url.searchParams.get(name);
    if (url.pathname === "/calendars/") {
      if (!q("locationId")) return send(response, 422, { statusCode: 422, message: "locationId is required" }, headers);
      return send(
        response,
        200,
        { calendars: fake.ghl.calendars.filter((c) => c.locationId === q("locationId")) },
        headers,
      );
    }
    const start = Number(q("startTime"));
    const end = Number(q("endTime"));
    if (!q("locationId") || !(q("calendarId") || q("userId") || q("groupId")) || !start || !end) {
      return send(
        response,
        422,
        { statusCode: 422, message: "locationId, an owner and startTime/endTime are required" },
        headers,
      );
    }
    const events = fake.ghl.calendarEvents.filter((e) => {
      const at = Date.parse(String(e.startTime));
      const owner =
        (q("calendarId") && e.calendarId === q("calendarId")) ||
        (q("groupId") && e.groupId === q("groupId")) ||
        (q("userId") &&
          (e.assignedUserId === q("userId") || (e.users as string[] | undefined)?.includes(q("userId")!)));
      return e.locationId === q("locationId") && owner && at >= start && at < end;
    });
    send(response, 200, { events }, headers);
  }

  function calendly(request: IncomingMessage, response: ServerResponse, url: URL) {
    const headers = calendlyHeaders();
    if (!accepted(request.headers.authorization, fake.calendlyToken)) {
      return send(response, 401, { title: "Unauthenticated", message: "The access token is invalid" }, headers);
    }
    const q = (name: string) => url.searchParams.get(name);
    const invitees = /^\/scheduled_events\/([^/]+)\/invitees$/.exec(url.pathname);
    if (invitees) {
      const email = q("email")?.toLowerCase();
      const all = fake.calendly.invitees.get(decodeURIComponent(invitees[1]!)) ?? [];
      return page(response, url, email ? all.filter((i) => String(i.email).toLowerCase() === email) : all, headers);
    }
    if (!q("organization") && !q("user")) {
      return send(response, 400, { title: "Invalid Argument", message: "organization or user is required" }, headers);
    }
    const email = q("invitee_email")?.toLowerCase();
    const min = q("min_start_time") ? Date.parse(q("min_start_time")!) : -Infinity;
    const max = q("max_start_time") ? Date.parse(q("max_start_time")!) : Infinity;
    const events = fake.calendly.events
      .filter((e) => {
        const uuid = String(e.uri).split("/").pop()!;
        const at = Date.parse(String(e.start_time));
        const withInvitee =
          !email || (fake.calendly.invitees.get(uuid) ?? []).some((i) => String(i.email).toLowerCase() === email);
        return withInvitee && (!q("status") || e.status === q("status")) && at >= min && at < max;
      })
      .sort((a, b) => Date.parse(String(a.start_time)) - Date.parse(String(b.start_time)));
    page(response, url, events, headers);
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "127.0.0.1"}`);
    fake.requests.push({
      method: request.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      version: request.headers.version as string | undefined,
    });
    const index = fake.script.findIndex((s) => !s.path || s.path.test(url.pathname));
    if (index >= 0) {
      const [scripted] = fake.script.splice(index, 1);
      if (scripted!.hang) return; // the socket stays open until the client gives up or close()
      return send(response, scripted!.status ?? 200, scripted!.rawBody ?? scripted!.body ?? {}, scripted!.headers);
    }
    if (request.method === "POST" && url.pathname === "/oauth/token") return void oauthToken(request, response);
    if (request.method !== "GET") return send(response, 405, { message: "Method not allowed" });
    if (url.pathname.startsWith("/contacts/") || url.pathname.startsWith("/calendars/"))
      return ghl(request, response, url);
    if (url.pathname.startsWith("/scheduled_events")) return calendly(request, response, url);
    send(response, 404, { message: "Not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
