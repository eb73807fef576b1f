// Step 3, the callback: check the state (signature, expiry, same user), that the user is still
// an ADMIN of the connection's workspace and the connection is still there, exchange the code,
// check the token is for this connection's account, then store the pair encrypted. Any refusal
// writes nothing. A state that does not check out, and a connection the user may not manage,
// throw (the route answers them without naming a workspace); every later failure is returned
// as an outcome for the connections page.
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { oauthTokenUrl } from "../booking-connections";
import { setOAuthTokens } from "../oauth-token";
import type { OAuthConnectConfig } from "./oauth-config";
import { findAdminOAuthConnection, type OAuthConnectionRow } from "./oauth-connection";
import type { OAuthOutcome } from "./oauth-outcome";
import { exchangeOAuthCode, type TokenAnswer } from "./exchange-oauth-code";
import { OAUTH_PROVIDERS, oauthCallbackUrl } from "./oauth-providers";
import { pkceFor, verifyOAuthState } from "./oauth-state";

export const STATE_REJECTED = "This connect link is invalid or has expired. Start again from Settings → Connections.";

export class OAuthStateRejected extends SafeError {
  override name = "OAuthStateRejected";
  constructor(readonly reason: string) {
    super(STATE_REJECTED);
  }
}

export type FinishResult = {
  clientId: string;
  connectionId: string;
  outcome: OAuthOutcome;
  /** For the server log only: the provider's status/error code (never a token). */
  detail?: string;
};

const trimUri = (value: string) => value.trim().replace(/\/+$/, "");

/** Whether the token belongs to the connection's account (GHL location; Calendly org or user URI). */
export function tokenMatchesAccount(connection: OAuthConnectionRow, answer: TokenAnswer): boolean {
  if (connection.provider === "GHL") return answer.locationId === connection.externalAccountId.trim();
  const account = trimUri(connection.externalAccountId);
  const granted = /\/users\//.test(account) ? answer.owner : answer.organization;
  return granted !== null && trimUri(granted) === account;
}

export async function finishOAuthConnect(args: {
  db: Db;
  userId: string;
  provider: AppointmentProvider;
  query: URLSearchParams;
  config: OAuthConnectConfig;
}): Promise<FinishResult> {
  const { db, provider, query, config } = args;
  const now = config.now ?? (() => new Date());
  const rawState = query.get("state");
  const check = verifyOAuthState({ key: config.stateKey, state: rawState, userId: args.userId, provider, now: now() });
  if (!check.ok) throw new OAuthStateRejected(check.reason);
  const { state } = check;

  const connection = await findAdminOAuthConnection({
    db,
    userId: args.userId,
    connectionId: state.connectionId,
    provider,
    clientId: state.clientId,
  });
  const done = (outcome: OAuthOutcome, detail?: string): FinishResult => ({
    clientId: connection.clientId,
    connectionId: connection.id,
    outcome,
    detail,
  });

  // The same state again (a reload, a double navigation): its code was used and the pair stored.
  // Exchanging the code again would be refused, and may revoke what it issued.
  if (connection.oauthStateNonce !== null && connection.oauthStateNonce === state.nonce) return done("connected");

  const providerError = query.get("error");
  if (providerError)
    return done(providerError === "access_denied" ? "denied" : "provider_refused", providerError.slice(0, 60));
  const app = config.apps[provider];
  if (!app) return done("not_configured");
  const code = query.get("code");
  if (!code || code.length > 4096) return done("provider_refused", "callback without a code");

  const exchanged = await exchangeOAuthCode({
    provider,
    tokenUrl: oauthTokenUrl(provider, app),
    app,
    code,
    redirectUri: oauthCallbackUrl(config.baseUrl, provider),
    codeVerifier: OAUTH_PROVIDERS[provider].pkce ? pkceFor(config.stateKey, rawState!).verifier : undefined,
    timeoutMs: config.timeoutMs,
  });
  if (!exchanged.ok) return done(exchanged.outcome, exchanged.detail);
  const { answer } = exchanged;
  if (!tokenMatchesAccount(connection, answer)) {
    const granted = provider === "GHL" ? (answer.locationId ?? "an agency (Company) token") : answer.organization;
    return done("wrong_account", `token is for ${granted ?? "an unknown account"}`);
  }

  await setOAuthTokens({
    db,
    connectionId: connection.id,
    encryptionKey: config.encryptionKey,
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    expiresAt: new Date(now().getTime() + answer.expiresInSeconds * 1000),
    stateNonce: state.nonce,
  });
  return done("connected");
}
