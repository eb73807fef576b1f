// What the connect flow needs, built once per request from the parsed environment (routes call
// oauthConnectConfigFrom; the flow's functions take the result, DESIGN §4.2).
import { hkdfSync } from "node:crypto";
import type { Env } from "@/lib/env";
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import { resolvePublicBaseUrl } from "@/lib/connections/webhook-url";
import { OAUTH_PROVIDERS } from "./oauth-providers";

export type OAuthApp = { clientId: string; clientSecret: string; authorizeUrl: string; tokenUrl?: string };

export type OAuthConnectConfig = {
  /** Signs the `state` parameter (derived from BETTER_AUTH_SECRET, never used for anything else). */
  stateKey: Buffer;
  /** Encrypts the stored token pair (LEADCLOCK_ENCRYPTION_KEY). */
  encryptionKey: Buffer;
  /** The app's origin the provider redirects back to (redirect_uri = base + /api/oauth/<slug>/callback). */
  baseUrl: string;
  /** The configured OAuth apps; a provider without one has no "Connect with OAuth". */
  apps: Partial<Record<AppointmentProvider, OAuthApp>>;
  /** The code exchange's time limit (default 10 s). */
  timeoutMs?: number;
  now?: () => Date;
};

export type OAuthConnectEnv = Pick<
  Env,
  | "BETTER_AUTH_SECRET"
  | "BETTER_AUTH_URL"
  | "LEADCLOCK_PUBLIC_URL"
  | "GHL_OAUTH_CLIENT_ID"
  | "GHL_OAUTH_CLIENT_SECRET"
  | "GHL_OAUTH_AUTHORIZE_URL"
  | "GHL_OAUTH_TOKEN_URL"
  | "CALENDLY_OAUTH_CLIENT_ID"
  | "CALENDLY_OAUTH_CLIENT_SECRET"
  | "CALENDLY_OAUTH_AUTHORIZE_URL"
  | "CALENDLY_OAUTH_TOKEN_URL"
>;

/** A separate key for `state`, so a leaked state MAC says nothing about the session secret. */
export function deriveStateKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "leadclock", "oauth-connect-state/v1", 32));
}

/** The OAuth apps configured in the environment (id and secret both set; lib/env.ts checks the pair). */
export function oauthAppsFrom(
  env: Omit<OAuthConnectEnv, "BETTER_AUTH_SECRET" | "BETTER_AUTH_URL" | "LEADCLOCK_PUBLIC_URL">,
) {
  const apps: OAuthConnectConfig["apps"] = {};
  if (env.GHL_OAUTH_CLIENT_ID && env.GHL_OAUTH_CLIENT_SECRET) {
    apps.GHL = {
      clientId: env.GHL_OAUTH_CLIENT_ID,
      clientSecret: env.GHL_OAUTH_CLIENT_SECRET,
      authorizeUrl: env.GHL_OAUTH_AUTHORIZE_URL ?? OAUTH_PROVIDERS.GHL.defaultAuthorizeUrl,
      tokenUrl: env.GHL_OAUTH_TOKEN_URL,
    };
  }
  if (env.CALENDLY_OAUTH_CLIENT_ID && env.CALENDLY_OAUTH_CLIENT_SECRET) {
    apps.CALENDLY = {
      clientId: env.CALENDLY_OAUTH_CLIENT_ID,
      clientSecret: env.CALENDLY_OAUTH_CLIENT_SECRET,
      authorizeUrl: env.CALENDLY_OAUTH_AUTHORIZE_URL ?? OAUTH_PROVIDERS.CALENDLY.defaultAuthorizeUrl,
      tokenUrl: env.CALENDLY_OAUTH_TOKEN_URL,
    };
  }
  return apps;
}

/**
 * The origin the browser used for this request, honouring a proxy's X-Forwarded-Host/Proto
 * (the same rule as lib/connections/request-base-url.ts, for a route's Request).
 */
export function requestOrigin(request: Request): string {
  const host = (request.headers.get("x-forwarded-host") ?? request.headers.get("host"))?.split(",")[0]?.trim();
  if (!host) return new URL(request.url).origin;
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || (local ? "http" : "https");
  return `${proto}://${host}`;
}

export function oauthConnectConfigFrom(args: {
  env: OAuthConnectEnv;
  encryptionKey: Buffer;
  request: Request;
}): OAuthConnectConfig {
  const { env } = args;
  return {
    stateKey: deriveStateKey(env.BETTER_AUTH_SECRET),
    encryptionKey: args.encryptionKey,
    // The callback needs the admin's session cookie, so it must be on the origin people sign in
    // on (BETTER_AUTH_URL) rather than LEADCLOCK_PUBLIC_URL, which may be a hooks-only domain.
    baseUrl: env.BETTER_AUTH_URL
      ? resolvePublicBaseUrl({ authUrl: env.BETTER_AUTH_URL })
      : resolvePublicBaseUrl({ publicUrl: env.LEADCLOCK_PUBLIC_URL, requestOrigin: requestOrigin(args.request) }),
    apps: oauthAppsFrom(env),
  };
}
