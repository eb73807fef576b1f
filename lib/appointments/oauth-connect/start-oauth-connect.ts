// Step 1 of "Connect with OAuth": after the admin check, the provider's authorize URL with a
// signed `state` and our callback as redirect_uri, or "not_configured" when the server has no
// OAuth app for the provider (the page then explains which env variables to set). Nothing is written.
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import type { OAuthConnectConfig } from "./oauth-config";
import { findAdminOAuthConnection } from "./oauth-connection";
import { OAUTH_PROVIDERS, oauthCallbackUrl } from "./oauth-providers";
import { pkceFor, signOAuthState } from "./oauth-state";

export async function startOAuthConnect(args: {
  db: Db;
  userId: string;
  provider: AppointmentProvider;
  connectionId: unknown;
  config: OAuthConnectConfig;
}): Promise<{ clientId: string; connectionId: string } & ({ authorizeUrl: string } | { outcome: "not_configured" })> {
  const { config, provider } = args;
  const connection = await findAdminOAuthConnection({ ...args });
  const app = config.apps[provider];
  const ids = { clientId: connection.clientId, connectionId: connection.id };
  if (!app) return { ...ids, outcome: "not_configured" };

  const spec = OAUTH_PROVIDERS[provider];
  const state = signOAuthState({
    key: config.stateKey,
    connectionId: connection.id,
    clientId: connection.clientId,
    userId: args.userId,
    provider,
    now: (config.now ?? (() => new Date()))(),
  });
  const url = new URL(app.authorizeUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", app.clientId);
  url.searchParams.set("redirect_uri", oauthCallbackUrl(config.baseUrl, provider));
  if (spec.scope) url.searchParams.set("scope", spec.scope);
  url.searchParams.set("state", state);
  if (spec.pkce) {
    url.searchParams.set("code_challenge", pkceFor(config.stateKey, state).challenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  return { ...ids, authorizeUrl: url.toString() };
}
