// Step 2's request: the authorization code for a token pair at the provider's token URL
// (form-encoded, client credentials in the body like the refresh in ../oauth-token.ts). Every
// failure becomes one OAuthFailure code; the provider's own words are only logged (`detail`),
// never shown, and no token ever appears in either.
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import type { OAuthApp } from "./oauth-config";
import type { OAuthFailure } from "./oauth-outcome";
import { OAUTH_PROVIDERS } from "./oauth-providers";

export type TokenAnswer = {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  /** GoHighLevel: the location the token is for (absent for an agency/Company token). */
  locationId: string | null;
  /** Calendly: the user and organization URIs of the account that consented. */
  owner: string | null;
  organization: string | null;
};

export type ExchangeResult = { ok: true; answer: TokenAnswer } | { ok: false; outcome: OAuthFailure; detail: string };

const MAX_BODY_BYTES = 64 * 1024;
const CLIENT_ERRORS = new Set(["invalid_client", "unauthorized_client"]);
const str = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : null);

export async function exchangeOAuthCode(args: {
  provider: AppointmentProvider;
  tokenUrl: string;
  app: OAuthApp;
  code: string;
  redirectUri: string;
  codeVerifier?: string;
  timeoutMs?: number;
}): Promise<ExchangeResult> {
  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code: args.code,
    redirect_uri: args.redirectUri,
    client_id: args.app.clientId,
    client_secret: args.app.clientSecret,
    ...OAUTH_PROVIDERS[args.provider].tokenParams,
  });
  if (args.codeVerifier) body.set("code_verifier", args.codeVerifier);

  let status: number;
  let json: Record<string, unknown> | null;
  try {
    const response = await fetch(args.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(args.timeoutMs ?? 10_000),
    });
    status = response.status;
    const text = await response.text();
    try {
      json = text.length <= MAX_BODY_BYTES ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      json = null;
    }
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    return { ok: false, outcome: "unreachable", detail: name === "TimeoutError" ? "timeout" : `network (${name})` };
  }

  if (status < 200 || status >= 300) {
    const code = str(json?.error)?.slice(0, 60) ?? null;
    const detail = `HTTP ${status}${code ? ` ${code}` : ""}`;
    if (code === "invalid_grant") return { ok: false, outcome: "code_rejected", detail };
    if ((code && CLIENT_ERRORS.has(code)) || status === 401) return { ok: false, outcome: "client_rejected", detail };
    if (status >= 500) return { ok: false, outcome: "provider_error", detail };
    return { ok: false, outcome: "provider_refused", detail };
  }

  const accessToken = str(json?.access_token);
  const refreshToken = str(json?.refresh_token);
  const expiresIn = Number(json?.expires_in);
  if (!accessToken || !refreshToken || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    return { ok: false, outcome: "bad_answer", detail: `HTTP ${status} without access_token/refresh_token/expires_in` };
  }
  return {
    ok: true,
    answer: {
      accessToken,
      refreshToken,
      expiresInSeconds: expiresIn,
      locationId: str(json?.locationId),
      owner: str(json?.owner),
      organization: str(json?.organization),
    },
  };
}
