// The OAuth state of one booking connection (GoHighLevel, Calendly) and its "Connect with
// OAuth" link to /api/oauth/<slug>/start. A server component: it only knows whether a pair is
// stored and when the access token expires, never a token. Without the provider's OAuth app
// configured on the server it names the env variables instead of offering the button.
import { OAUTH_PROVIDERS, oauthStartPath } from "@/lib/appointments/oauth-connect/oauth-providers";
import { formatInTimeZone } from "@/lib/format";
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";

const link =
  "inline-block rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50";

export function ConnectionOAuth({
  connectionId,
  provider,
  hasOAuth,
  accessExpiresAt,
  appConfigured,
  timeZone,
  now,
}: {
  connectionId: string;
  provider: AppointmentProvider;
  hasOAuth: boolean;
  accessExpiresAt: Date | null;
  appConfigured: boolean;
  timeZone: string;
  now: Date;
}) {
  const prefix = OAUTH_PROVIDERS[provider].envPrefix;
  const state = !hasOAuth
    ? "Not connected"
    : accessExpiresAt && accessExpiresAt > now
      ? `OAuth connected, access token expires ${formatInTimeZone(accessExpiresAt, timeZone)}`
      : `OAuth connected, access token expired${accessExpiresAt ? ` ${formatInTimeZone(accessExpiresAt, timeZone)}` : ""} (renewed on next use)`;
  return (
    <div className="space-y-1">
      <span data-testid="oauth-state">{state}</span>
      {appConfigured ? (
        <a href={oauthStartPath(provider, connectionId)} className={link} data-testid="oauth-connect">
          {hasOAuth ? "Reconnect with OAuth" : "Connect with OAuth"}
        </a>
      ) : (
        <span className="block text-xs text-slate-500" data-testid="oauth-hint">
          {`${hasOAuth ? "Tokens cannot be renewed: " : "To connect with OAuth, "}set ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET on the server.`}
        </span>
      )}
    </div>
  );
}
