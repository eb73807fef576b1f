// OAuth access tokens for the booking providers (docs/bookings.md, "Tokens"). GoHighLevel
// access tokens last ~24 h and Calendly's 2 h; both rotate the refresh token on every refresh
// (single use), so two processes refreshing at once would each burn the other's token. The
// refresh is therefore single-flight per connection under the connection row's lock: the
// first caller refreshes and commits the new pair (both encrypted, one UPDATE) before the
// lock is released; everyone waiting behind it re-reads the row and uses the new token. An
// `invalid_grant` answer re-reads the row once more (a refresh committed elsewhere) before it
// counts as a credential failure.
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import type { AccessTokenProvider } from "@/lib/providers/http-json";
import { ProviderApiError } from "@/lib/providers/provider-api-error";

export type OAuthClientCredentials = {
  clientId: string;
  clientSecret: string;
  /**
   * Where the pair is refreshed and codes are exchanged: server configuration only
   * (GHL_OAUTH_TOKEN_URL / CALENDLY_OAUTH_TOKEN_URL, or the provider's own). Never derived from a
   * connection's API base URL, which a workspace admin sets: the app's client secret would go there.
   */
  tokenUrl?: string;
};

export type OAuthConfig = {
  provider: AppointmentProvider;
  tokenUrl: string;
  credentials: OAuthClientCredentials;
  encryptionKey: Buffer;
  /** A token this close to its expiry is refreshed first (default 60 s). */
  skewMs?: number;
  timeoutMs?: number;
  now?: () => Date;
};

type Row = {
  oauthAccessTokenEnc: string | null;
  oauthRefreshTokenEnc: string | null;
  oauthAccessExpiresAt: Date | null;
};

const SELECT_TOKENS = { oauthAccessTokenEnc: true, oauthRefreshTokenEnc: true, oauthAccessExpiresAt: true } as const;

/** Stores a connection's OAuth pair (after the authorization-code exchange, or by an admin). */
export async function setOAuthTokens(args: {
  db: Db;
  connectionId: string;
  encryptionKey: Buffer;
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  /** The connect flow's state nonce (a reload of its callback is then recognized); null from the CLI. */
  stateNonce?: string | null;
}): Promise<void> {
  await args.db.providerConnection.update({
    where: { id: args.connectionId },
    data: {
      oauthAccessTokenEnc: encryptSecret(args.accessToken, args.encryptionKey),
      oauthRefreshTokenEnc: encryptSecret(args.refreshToken, args.encryptionKey),
      oauthAccessExpiresAt: args.expiresAt,
      // New credentials: the last reconcile error (typically "unauthorized") no longer describes them.
      lastReconcileError: null,
      lastReconcileErrorAt: null,
      oauthStateNonce: args.stateNonce ?? null,
    },
  });
}

function unauthorized(provider: AppointmentProvider, message: string) {
  return new ProviderApiError({ provider, kind: "unauthorized", message });
}

async function requestRefresh(config: OAuthConfig, refreshToken: string) {
  const body = new URLSearchParams({
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    client_id: config.credentials.clientId,
    client_secret: config.credentials.clientSecret,
  });
  let response: Response;
  try {
    response = await fetch(config.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new ProviderApiError({
      provider: config.provider,
      kind: "network",
      message: `token refresh failed: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok) {
    const code = typeof json?.error === "string" ? json.error : `HTTP ${response.status}`;
    return { ok: false as const, invalidGrant: code === "invalid_grant", code, status: response.status };
  }
  const access = json?.access_token;
  const refresh = json?.refresh_token;
  const expiresIn = Number(json?.expires_in);
  if (typeof access !== "string" || !access || typeof refresh !== "string" || !refresh || !(expiresIn > 0)) {
    throw new ProviderApiError({
      provider: config.provider,
      kind: "malformed",
      message: "token refresh answer has no token pair",
    });
  }
  return { ok: true as const, access, refresh, expiresIn };
}

/**
 * An AccessTokenProvider for the appointment clients: the stored token while it is valid and
 * not the one the provider just rejected, else a refresh (single-flight, see above).
 */
export function oauthTokenSource(args: { db: Db; connectionId: string; config: OAuthConfig }): AccessTokenProvider {
  const { db, connectionId, config } = args;
  const now = config.now ?? (() => new Date());
  const skew = config.skewMs ?? 60_000;
  const decrypt = (value: string | null) => (value ? decryptSecret(value, config.encryptionKey) : null);
  const usable = (row: Row, rejected: string | null) => {
    const access = decrypt(row.oauthAccessTokenEnc);
    const fresh = row.oauthAccessExpiresAt !== null && row.oauthAccessExpiresAt.getTime() - skew > now().getTime();
    return access && fresh && access !== rejected ? access : null;
  };

  return async ({ rejected }) => {
    const current = await db.providerConnection.findUnique({ where: { id: connectionId }, select: SELECT_TOKENS });
    if (!current?.oauthRefreshTokenEnc) throw unauthorized(config.provider, "connection has no OAuth refresh token");
    const ready = usable(current, rejected);
    if (ready) return ready;

    type Outcome = { token: string } | { failed: { code: string; invalidGrant: boolean }; used: string };
    const outcome = await db.$transaction(
      async (tx): Promise<Outcome> => {
        const [row] = await tx.$queryRaw<Row[]>`
          SELECT "oauthAccessTokenEnc", "oauthRefreshTokenEnc", "oauthAccessExpiresAt"
            FROM "ProviderConnection" WHERE "id" = ${connectionId}::uuid FOR UPDATE`;
        if (!row?.oauthRefreshTokenEnc) throw unauthorized(config.provider, "connection has no OAuth refresh token");
        // Someone refreshed while we waited for the lock: use theirs.
        const theirs = usable(row, rejected);
        if (theirs) return { token: theirs };
        const used = decrypt(row.oauthRefreshTokenEnc)!;
        const answer = await requestRefresh(config, used);
        if (!answer.ok) return { failed: answer, used };
        const expiresAt = new Date(now().getTime() + answer.expiresIn * 1000);
        await tx.$executeRaw`
          UPDATE "ProviderConnection"
             SET "oauthAccessTokenEnc" = ${encryptSecret(answer.access, config.encryptionKey)},
                 "oauthRefreshTokenEnc" = ${encryptSecret(answer.refresh, config.encryptionKey)},
                 "oauthAccessExpiresAt" = ${expiresAt}, "oauthTokenVersion" = "oauthTokenVersion" + 1,
                 "updatedAt" = now()
           WHERE "id" = ${connectionId}::uuid`;
        return { token: answer.access };
      },
      { maxWait: 30_000, timeout: 30_000 },
    );
    if ("token" in outcome) return outcome.token;

    if (outcome.failed.invalidGrant) {
      // The refresh token we held was already used: a pair committed by another writer wins.
      const after = await db.providerConnection.findUnique({ where: { id: connectionId }, select: SELECT_TOKENS });
      if (after && decrypt(after.oauthRefreshTokenEnc) !== outcome.used) {
        const token = usable(after, rejected);
        if (token) return token;
      }
    }
    throw unauthorized(config.provider, `token refresh refused (${outcome.failed.code.slice(0, 60)})`);
  };
}
