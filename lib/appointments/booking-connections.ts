// A workspace's booking connections (GoHighLevel, Calendly) turned into readers the reconcile
// step can ask "what are this lead's appointments?" (docs/bookings.md). Credentials: the
// connection's OAuth pair when it has one (oauth-token.ts), else its stored API key (GHL
// private integration token / Calendly personal access token); neither → no credentials (the
// run counts it as skippedNoCreds). Secrets are decrypted here, on the server, and never leave.
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { createCalendlyAppointmentsClient } from "@/lib/providers/calendly/appointments";
import {
  createGhlAppointmentsClient,
  GHL_DEFAULT_API_BASE_URL,
  type GhlAppointmentList,
  type GhlCalendar,
} from "@/lib/providers/ghl/appointments";
import type { AccessTokenSource } from "@/lib/providers/http-json";
import type { InvalidAppointmentRecord, ProviderAppointment } from "@/lib/providers/provider-appointment";
import type { RateLimitInfo } from "@/lib/providers/rate-limit";
import { oauthTokenSource, type OAuthClientCredentials } from "./oauth-token";
import { sandboxBookingReader } from "./sandbox-reader";

export const CALENDLY_OAUTH_TOKEN_URL = "https://auth.calendly.com/oauth/token";

export type BookingCredentialsConfig = {
  encryptionKey: Buffer;
  /** OAuth app credentials per provider (env), needed only by OAuth connections. */
  oauth?: Partial<Record<AppointmentProvider, OAuthClientCredentials>>;
  timeoutMs?: number;
  now?: () => Date;
};

export type LeadForBooking = {
  id: string;
  email: string | null;
  ghlContactId: string | null;
  ghlAppointmentId: string | null;
};

export type BookingReader = {
  connectionId: string;
  provider: AppointmentProvider;
  /** null: the lead has no identity this provider can look up (no contactId / no email). */
  appointmentsOf(
    lead: LeadForBooking,
  ): Promise<{ appointments: ProviderAppointment[]; invalid: InvalidAppointmentRecord[] } | null>;
  /** GoHighLevel: one appointment by id, null when deleted (404). */
  findAppointment?(appointmentId: string): Promise<ProviderAppointment | null>;
  /** GoHighLevel live connections: the location's calendars and their events (the windowed backfill). */
  calendars?: {
    locationId: string;
    list(): Promise<GhlCalendar[]>;
    events(window: { calendarId: string; startTime: Date; endTime: Date }): Promise<GhlAppointmentList>;
  };
  lastRateLimit(): RateLimitInfo | null;
};

export type BookingConnectionRow = {
  id: string;
  clientId: string;
  provider: AppointmentProvider;
  externalAccountId: string;
  apiBaseUrl: string | null;
  apiKeyEnc: string | null;
  oauthRefreshTokenEnc: string | null;
  mode: "live" | "sandbox";
};

export const BOOKING_CONNECTION_SELECT = {
  id: true,
  clientId: true,
  provider: true,
  externalAccountId: true,
  apiBaseUrl: true,
  apiKeyEnc: true,
  oauthRefreshTokenEnc: true,
  mode: true,
} as const;

export async function listBookingConnections(db: Db, clientId: string): Promise<BookingConnectionRow[]> {
  const rows = await db.providerConnection.findMany({
    where: { clientId, provider: { in: ["GHL", "CALENDLY"] }, disabledAt: null },
    select: BOOKING_CONNECTION_SELECT,
    orderBy: [{ provider: "asc" }, { createdAt: "asc" }],
  });
  return rows as BookingConnectionRow[];
}

/** The token URL: the configured one (tests, staging), else the provider's. Never the connection's base URL. */
export function oauthTokenUrl(provider: AppointmentProvider, credentials?: Pick<OAuthClientCredentials, "tokenUrl">) {
  if (credentials?.tokenUrl) return credentials.tokenUrl;
  return provider === "GHL" ? `${GHL_DEFAULT_API_BASE_URL}/oauth/token` : CALENDLY_OAUTH_TOKEN_URL;
}

function tokenFor(db: Db, row: BookingConnectionRow, config: BookingCredentialsConfig): AccessTokenSource | null {
  if (row.oauthRefreshTokenEnc) {
    const credentials = config.oauth?.[row.provider];
    if (!credentials) return null;
    const tokenUrl = oauthTokenUrl(row.provider, credentials);
    return oauthTokenSource({
      db,
      connectionId: row.id,
      config: { provider: row.provider, tokenUrl, credentials, encryptionKey: config.encryptionKey, now: config.now },
    });
  }
  return row.apiKeyEnc ? decryptSecret(row.apiKeyEnc, config.encryptionKey) : null;
}

/** The reader of one connection, or null when it has no usable credentials. */
export function bookingReaderFor(
  db: Db,
  row: BookingConnectionRow,
  config: BookingCredentialsConfig & { locationTimeZone?: string | null },
): BookingReader | null {
  // The demo's sandbox connections have no API: answers come from the stored booking (sandbox-reader.ts).
  if (row.mode === "sandbox" && !row.apiBaseUrl && !row.apiKeyEnc && !row.oauthRefreshTokenEnc) {
    return sandboxBookingReader(db, row);
  }
  const accessToken = tokenFor(db, row, config);
  if (!accessToken) return null;
  const common = { apiBaseUrl: row.apiBaseUrl, accessToken, timeoutMs: config.timeoutMs, now: config.now };
  if (row.provider === "GHL") {
    const client = createGhlAppointmentsClient({ ...common, locationTimeZone: config.locationTimeZone ?? null });
    return {
      connectionId: row.id,
      provider: "GHL",
      async appointmentsOf(lead) {
        if (!lead.ghlContactId) return null;
        const { appointments, invalid } = await client.listContactAppointments({ contactId: lead.ghlContactId });
        return { appointments, invalid };
      },
      findAppointment: (appointmentId) => client.getAppointment({ appointmentId }),
      // A GHL connection's external account is its location (sub-account).
      calendars: {
        locationId: row.externalAccountId,
        list: () => client.listCalendars({ locationId: row.externalAccountId }),
        events: (window) => client.listCalendarEvents({ locationId: row.externalAccountId, ...window }),
      },
      lastRateLimit: client.lastRateLimit,
    };
  }
  const client = createCalendlyAppointmentsClient({ ...common });
  // The connection's account is the organization (or user) URI the subscription belongs to.
  const scope = /\/users\//.test(row.externalAccountId)
    ? { user: row.externalAccountId }
    : { organization: row.externalAccountId };
  return {
    connectionId: row.id,
    provider: "CALENDLY",
    async appointmentsOf(lead) {
      if (!lead.email) return null;
      const { appointments, invalid } = await client.listInviteeAppointments({ email: lead.email, scope });
      return { appointments, invalid };
    },
    lastRateLimit: client.lastRateLimit,
  };
}
