// "Connect with OAuth" (lib/appointments/oauth-connect) on a real database against a token
// endpoint on 127.0.0.1: the authorize URL and signed state, the code exchange as the provider
// receives it, the stored pair (encrypted, usable by oauthTokenSource), and every refusal —
// provider errors, a token for another account, a state from someone else, a user no longer
// admin — writing nothing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { oauthTokenUrl } from "@/lib/appointments/booking-connections";
import { finishOAuthConnect, OAuthStateRejected } from "@/lib/appointments/oauth-connect/finish-oauth-connect";
import { deriveStateKey, type OAuthConnectConfig } from "@/lib/appointments/oauth-connect/oauth-config";
import { ConnectionNotFoundError } from "@/lib/appointments/oauth-connect/oauth-connection";
import { pkceFor } from "@/lib/appointments/oauth-connect/oauth-state";
import { startOAuthConnect } from "@/lib/appointments/oauth-connect/start-oauth-connect";
import { oauthTokenSource } from "@/lib/appointments/oauth-token";
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import { startFakeTokenServer, type FakeTokenServer } from "../helpers/fake-oauth-token-server";
import { createUser, createWorkspace } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const key = randomBytes(32);
const ORG = "https://api.calendly.com/organizations/AAAA1111";
let db: TestDatabase;
let fake: FakeTokenServer;
let config: OAuthConnectConfig;
const ids = { admin: "", setter: "", betaAdmin: "", alpha: "", ghl: "", calendly: "", smartlead: "" };

const ghlPair = (extra: Record<string, unknown> = {}) => ({
  status: 200,
  json: {
    access_token: "ghl-access-1",
    token_type: "Bearer",
    expires_in: 86_399,
    refresh_token: "ghl-refresh-1",
    scope: "calendars/events.readonly contacts.readonly",
    userType: "Location",
    locationId: "loc-alpha",
    companyId: "comp-1",
    userId: "ghl-user-1",
    ...extra,
  },
});
const calendlyPair = (extra: Record<string, unknown> = {}) => ({
  status: 200,
  json: {
    token_type: "Bearer",
    access_token: "cal-access-1",
    refresh_token: "cal-refresh-1",
    expires_in: 7200,
    created_at: 1_764_640_000,
    owner: "https://api.calendly.com/users/UUUU",
    organization: ORG,
    ...extra,
  },
});

async function start(provider: AppointmentProvider, connectionId: string, userId = ids.admin) {
  const started = await startOAuthConnect({ db: db.prisma, userId, provider, connectionId, config });
  if (!("authorizeUrl" in started)) throw new Error(`not started: ${started.outcome}`);
  return new URL(started.authorizeUrl);
}

async function connectOnce(provider: AppointmentProvider, connectionId: string, extra: Record<string, string> = {}) {
  const url = await start(provider, connectionId);
  const query = new URLSearchParams({ code: "code-1", state: url.searchParams.get("state")!, ...extra });
  return finishOAuthConnect({ db: db.prisma, userId: ids.admin, provider, query, config });
}

const tokensOf = (id: string) =>
  db.prisma.providerConnection.findUniqueOrThrow({
    where: { id },
    select: { oauthAccessTokenEnc: true, oauthRefreshTokenEnc: true, oauthAccessExpiresAt: true, updatedAt: true },
  });

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeTokenServer(ghlPair());
  ids.alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  const beta = (await createWorkspace(db.prisma, "Beta")).id;
  ids.admin = (await createUser(db.prisma, "admin@alpha.test", [{ clientId: ids.alpha, role: "ADMIN" }])).id;
  ids.setter = (await createUser(db.prisma, "setter@alpha.test", [{ clientId: ids.alpha, role: "SETTER" }])).id;
  ids.betaAdmin = (await createUser(db.prisma, "admin@beta.test", [{ clientId: beta, role: "ADMIN" }])).id;
  const conn = (provider: "GHL" | "CALENDLY" | "SMARTLEAD", externalAccountId: string) =>
    db.prisma.providerConnection
      // A workspace admin sets the API base URL: the code exchange must never go there (the app's
      // client secret would), so it points nowhere and every exchange below still reaches `fake`.
      .create({ data: { clientId: ids.alpha, provider, externalAccountId, apiBaseUrl: "http://127.0.0.1:9" } })
      .then((c) => c.id);
  ids.ghl = await conn("GHL", "loc-alpha");
  ids.calendly = await conn("CALENDLY", ORG);
  ids.smartlead = await conn("SMARTLEAD", "sl-1");
  config = {
    stateKey: deriveStateKey("test-secret-that-is-long-enough-0123456789"),
    encryptionKey: key,
    baseUrl: "http://app.example.test",
    apps: {
      GHL: {
        clientId: "ghl-client",
        clientSecret: "ghl-secret",
        authorizeUrl: "https://ghl.example.test/oauth/chooselocation",
        tokenUrl: `${fake.baseUrl}/oauth/token`,
      },
      CALENDLY: {
        clientId: "cal-client",
        clientSecret: "cal-secret",
        authorizeUrl: "https://cal.example.test/oauth/authorize",
        tokenUrl: `${fake.baseUrl}/oauth/token`,
      },
    },
    timeoutMs: 500,
  };
});

afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

beforeEach(async () => {
  fake.requests.length = 0;
  fake.script.length = 0;
  fake.fallback = ghlPair();
  await db.prisma.providerConnection.updateMany({
    data: { oauthAccessTokenEnc: null, oauthRefreshTokenEnc: null, oauthAccessExpiresAt: null },
  });
});

describe("connect with OAuth", () => {
  it("GoHighLevel: authorize URL, code exchange, an encrypted pair oauthTokenSource uses and refreshes", async () => {
    const now = new Date(); // one injected clock: the stored expiry is exactly now + expires_in
    const fixed = { ...config, now: () => now };
    const started = await startOAuthConnect({
      db: db.prisma,
      userId: ids.admin,
      provider: "GHL",
      connectionId: ids.ghl,
      config: fixed,
    });
    const url = new URL("authorizeUrl" in started ? started.authorizeUrl : "http://not-started");
    expect(url.origin + url.pathname).toBe("https://ghl.example.test/oauth/chooselocation");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "ghl-client",
      redirect_uri: "http://app.example.test/api/oauth/ghl/callback",
      scope: "calendars.readonly calendars/events.readonly contacts.readonly",
      state: expect.stringMatching(/^v1\./),
    });

    const query = new URLSearchParams({ code: "the-code", state: url.searchParams.get("state")! });
    const result = await finishOAuthConnect({
      db: db.prisma,
      userId: ids.admin,
      provider: "GHL",
      query,
      config: fixed,
    });
    expect(result).toEqual({ clientId: ids.alpha, connectionId: ids.ghl, outcome: "connected", detail: undefined });
    expect(fake.requests).toEqual([
      {
        grant_type: "authorization_code",
        code: "the-code",
        redirect_uri: "http://app.example.test/api/oauth/ghl/callback",
        client_id: "ghl-client",
        client_secret: "ghl-secret",
        user_type: "Location",
      },
    ]);

    const row = await tokensOf(ids.ghl);
    expect(row.oauthAccessTokenEnc).toMatch(/^v1:/);
    expect(row.oauthAccessTokenEnc).not.toContain("ghl-access-1");
    expect(decryptSecret(row.oauthRefreshTokenEnc!, key)).toBe("ghl-refresh-1");
    expect(row.oauthAccessExpiresAt).toEqual(new Date(now.getTime() + 86_399_000));

    const source = oauthTokenSource({
      db: db.prisma,
      connectionId: ids.ghl,
      config: {
        provider: "GHL",
        tokenUrl: oauthTokenUrl("GHL", { tokenUrl: `${fake.baseUrl}/oauth/token` }),
        credentials: { clientId: "ghl-client", clientSecret: "ghl-secret" },
        encryptionKey: key,
      },
    });
    expect(await source({ rejected: null })).toBe("ghl-access-1");
    fake.script.push(ghlPair({ access_token: "ghl-access-2", refresh_token: "ghl-refresh-2" }));
    expect(await source({ rejected: "ghl-access-1" })).toBe("ghl-access-2");
    expect(fake.requests[1]).toMatchObject({ grant_type: "refresh_token", refresh_token: "ghl-refresh-1" });
  });

  it("Calendly: PKCE challenge on the way out, the matching verifier in the exchange", async () => {
    fake.fallback = calendlyPair();
    const url = await start("CALENDLY", ids.calendly);
    const state = url.searchParams.get("state")!;
    const { verifier, challenge } = pkceFor(config.stateKey, state);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "cal-client",
      redirect_uri: "http://app.example.test/api/oauth/calendly/callback",
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    const query = new URLSearchParams({ code: "cal-code", state });
    const result = await finishOAuthConnect({ db: db.prisma, userId: ids.admin, provider: "CALENDLY", query, config });
    expect(result.outcome).toBe("connected");
    expect(fake.requests[0]).toEqual({
      grant_type: "authorization_code",
      code: "cal-code",
      redirect_uri: "http://app.example.test/api/oauth/calendly/callback",
      client_id: "cal-client",
      client_secret: "cal-secret",
      code_verifier: verifier,
    });
    expect(decryptSecret((await tokensOf(ids.calendly)).oauthAccessTokenEnc!, key)).toBe("cal-access-1");

    // The callback reloaded (the same state and code): connected, without a second exchange of the used code.
    const again = await finishOAuthConnect({ db: db.prisma, userId: ids.admin, provider: "CALENDLY", query, config });
    expect(again.outcome).toBe("connected");
    expect(fake.requests).toHaveLength(1);
    // A new attempt (a new state) exchanges its own code.
    const next = (await start("CALENDLY", ids.calendly)).searchParams.get("state")!;
    const fresh = new URLSearchParams({ code: "cal-code-2", state: next });
    expect(
      (await finishOAuthConnect({ db: db.prisma, userId: ids.admin, provider: "CALENDLY", query: fresh, config }))
        .outcome,
    ).toBe("connected");
    expect(fake.requests).toHaveLength(2);
  });

  it("provider failures and a token for another account: a clear outcome, nothing written", async () => {
    const cases: [AppointmentProvider, string, FakeTokenServer["fallback"], string][] = [
      [
        "GHL",
        ids.ghl,
        { status: 400, json: { error: "invalid_grant", error_description: "code used" } },
        "code_rejected",
      ],
      ["GHL", ids.ghl, { status: 401, json: { error: "invalid_client" } }, "client_rejected"],
      ["GHL", ids.ghl, { status: 500, body: "<html>oops</html>" }, "provider_error"],
      ["GHL", ids.ghl, { hang: true }, "unreachable"],
      ["GHL", ids.ghl, { status: 200, json: { access_token: "a", expires_in: 10 } }, "bad_answer"],
      ["GHL", ids.ghl, ghlPair({ locationId: "loc-other" }), "wrong_account"],
      ["GHL", ids.ghl, ghlPair({ userType: "Company", locationId: undefined }), "wrong_account"],
      [
        "CALENDLY",
        ids.calendly,
        calendlyPair({ organization: "https://api.calendly.com/organizations/BBBB" }),
        "wrong_account",
      ],
    ];
    for (const [provider, connectionId, answer, outcome] of cases) {
      fake.fallback = answer;
      const before = await tokensOf(connectionId);
      const result = await connectOnce(provider, connectionId);
      expect({ outcome: result.outcome, clientId: result.clientId }).toEqual({ outcome, clientId: ids.alpha });
      expect(result.detail ?? "").not.toMatch(/ghl-access|cal-access|ghl-refresh/);
      expect(await tokensOf(connectionId)).toEqual(before);
    }
    expect((await connectOnce("GHL", ids.ghl, { error: "access_denied" })).outcome).toBe("denied");
    expect((await connectOnce("GHL", ids.ghl, { error: "invalid_scope" })).outcome).toBe("provider_refused");
    expect(await tokensOf(ids.ghl)).toMatchObject({ oauthRefreshTokenEnc: null });
  });

  it("without the provider's OAuth app: not_configured, before anything is signed", async () => {
    const bare = { ...config, apps: {} };
    const started = await startOAuthConnect({
      db: db.prisma,
      userId: ids.admin,
      provider: "GHL",
      connectionId: ids.ghl,
      config: bare,
    });
    expect(started).toEqual({ clientId: ids.alpha, connectionId: ids.ghl, outcome: "not_configured" });
  });

  it("refuses strangers, setters, other workspaces' admins, wrong providers and bad ids alike", async () => {
    const tries: [string, AppointmentProvider, unknown][] = [
      [ids.setter, "GHL", ids.ghl],
      [ids.betaAdmin, "GHL", ids.ghl],
      ["no-such-user", "GHL", ids.ghl],
      [ids.admin, "CALENDLY", ids.ghl],
      [ids.admin, "GHL", ids.smartlead],
      [ids.admin, "GHL", "not-a-uuid"],
      [ids.admin, "GHL", null],
      [ids.admin, "GHL", "00000000-0000-4000-8000-000000000000"],
    ];
    for (const [userId, provider, connectionId] of tries) {
      await expect(startOAuthConnect({ db: db.prisma, userId, provider, connectionId, config })).rejects.toThrow(
        ConnectionNotFoundError,
      );
    }
  });

  it("at the callback: another user's state, a demoted admin and a deleted connection are refused, nothing written", async () => {
    const url = await start("GHL", ids.ghl);
    const query = new URLSearchParams({ code: "c", state: url.searchParams.get("state")! });
    const finish = (userId: string, provider: AppointmentProvider = "GHL") =>
      finishOAuthConnect({ db: db.prisma, userId, provider, query, config });
    await expect(finish(ids.setter)).rejects.toThrow(OAuthStateRejected);
    await expect(finish(ids.admin, "CALENDLY")).rejects.toThrow(OAuthStateRejected);
    const tampered = new URLSearchParams({ code: "c", state: `${query.get("state")}x` });
    await expect(
      finishOAuthConnect({ db: db.prisma, userId: ids.admin, provider: "GHL", query: tampered, config }),
    ).rejects.toThrow(OAuthStateRejected);
    const late = { ...config, now: () => new Date(Date.now() + 16 * 60 * 1000) };
    await expect(
      finishOAuthConnect({ db: db.prisma, userId: ids.admin, provider: "GHL", query, config: late }),
    ).rejects.toMatchObject({ reason: "expired" });

    await db.prisma.clientMember.update({
      where: { clientId_userId: { clientId: ids.alpha, userId: ids.admin } },
      data: { role: "MANAGER" },
    });
    await expect(finish(ids.admin)).rejects.toThrow(ConnectionNotFoundError);
    await db.prisma.clientMember.update({
      where: { clientId_userId: { clientId: ids.alpha, userId: ids.admin } },
      data: { role: "ADMIN" },
    });

    const doomed = await db.prisma.providerConnection.create({
      data: { clientId: ids.alpha, provider: "GHL", externalAccountId: "loc-doomed", apiBaseUrl: fake.baseUrl },
    });
    const doomedUrl = await start("GHL", doomed.id);
    await db.prisma.providerConnection.delete({ where: { id: doomed.id } });
    await expect(
      finishOAuthConnect({
        db: db.prisma,
        userId: ids.admin,
        provider: "GHL",
        query: new URLSearchParams({ code: "c", state: doomedUrl.searchParams.get("state")! }),
        config,
      }),
    ).rejects.toThrow(ConnectionNotFoundError);

    expect(fake.requests).toEqual([]);
    expect(await tokensOf(ids.ghl)).toMatchObject({ oauthAccessTokenEnc: null, oauthRefreshTokenEnc: null });
  });
});
