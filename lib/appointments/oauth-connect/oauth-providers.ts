// The two booking providers' OAuth authorization-code flows (docs/bookings.md, "Connecting
// with OAuth"): where the admin is sent to consent, what is asked for, and the route slugs.
// GoHighLevel: the marketplace "choose location" page, a Location (sub-account) token, the
// read scopes the appointment client needs. Calendly: auth.calendly.com with PKCE (Calendly
// recommends it for every app); its scopes are the ones configured on the OAuth app.
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";

export type OAuthProviderSpec = {
  slug: "ghl" | "calendly";
  defaultAuthorizeUrl: string;
  /** Space-separated scopes sent with the authorize request; null → the app's configured scopes. */
  scope: string | null;
  pkce: boolean;
  /** Extra fields of the code exchange. */
  tokenParams: Record<string, string>;
  /** The env variables of the OAuth app, for hints. */
  envPrefix: "GHL_OAUTH" | "CALENDLY_OAUTH";
};

export const OAUTH_PROVIDERS: Record<AppointmentProvider, OAuthProviderSpec> = {
  GHL: {
    slug: "ghl",
    defaultAuthorizeUrl: "https://marketplace.gohighlevel.com/oauth/chooselocation",
    // calendars.readonly: the windowed backfill lists the location's calendars (GET /calendars/).
    scope: "calendars.readonly calendars/events.readonly contacts.readonly",
    pkce: false,
    tokenParams: { user_type: "Location" },
    envPrefix: "GHL_OAUTH",
  },
  CALENDLY: {
    slug: "calendly",
    defaultAuthorizeUrl: "https://auth.calendly.com/oauth/authorize",
    scope: null,
    pkce: true,
    tokenParams: {},
    envPrefix: "CALENDLY_OAUTH",
  },
};

/** The provider of a route slug (`/api/oauth/<slug>/…`), or null. */
export function oauthProviderFromSlug(slug: string): AppointmentProvider | null {
  if (slug === "ghl") return "GHL";
  if (slug === "calendly") return "CALENDLY";
  return null;
}

export function isOAuthProvider(provider: string): provider is AppointmentProvider {
  return provider === "GHL" || provider === "CALENDLY";
}

/** The redirect_uri registered on the provider's OAuth app. */
export function oauthCallbackUrl(baseUrl: string, provider: AppointmentProvider): string {
  return `${baseUrl.replace(/\/+$/, "")}/api/oauth/${OAUTH_PROVIDERS[provider].slug}/callback`;
}

/** The start route the connections page links to. */
export function oauthStartPath(provider: AppointmentProvider, connectionId: string): string {
  return `/api/oauth/${OAUTH_PROVIDERS[provider].slug}/start?connectionId=${encodeURIComponent(connectionId)}`;
}
