// The two OAuth routes with real better-auth sessions on a real database, the token endpoint on
// 127.0.0.1: signed out → sign-in and back; only the workspace's admin gets a provider redirect;
// the callback stores the pair and lands on the connections page with the outcome; a bad state
// or a foreign user gets plain text; no answer ever carries a token.
import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_REJECTED } from "@/lib/appointments/oauth-connect/finish-oauth-connect";
import { listConnections } from "@/lib/connections/list-connections";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { startFakeTokenServer, type FakeTokenServer } from "../helpers/fake-oauth-token-server";
import { createUser, createWorkspace } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const APP = "http://localhost:3000";
const PASSWORD = "correct horse battery";
const key = randomBytes(32);
let db: TestDatabase;
let fake: FakeTokenServer;
let startRoute: typeof import("@/app/api/oauth/[provider]/start/route");
let callbackRoute: typeof import("@/app/api/oauth/[provider]/callback/route");
let alpha: string;
let ghl: string;
let calendly: string;
const cookies = { admin: "", setter: "" };

const pair = (extra: Record<string, unknown> = {}) => ({
  status: 200,
  json: {
    access_token: "route-access",
    refresh_token: "route-refresh",
    expires_in: 86_399,
    locationId: "loc-route",
    ...extra,
  },
});

async function signIn(email: string): Promise<string> {
  const { getAuth } = await import("@/lib/auth/auth");
  const { headers } = await getAuth().api.signInEmail({ body: { email, password: PASSWORD }, returnHeaders: true });
  return headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

function call(route: "start" | "callback", provider: string, query: string, cookie?: string) {
  const request = new Request(`${APP}/api/oauth/${provider}/${route}?${query}`, {
    headers: cookie ? { cookie } : {},
  });
  const handler = route === "start" ? startRoute.GET : callbackRoute.GET;
  return handler(request, { params: Promise.resolve({ provider }) });
}

async function stateFor(connectionId: string): Promise<string> {
  const response = await call("start", "ghl", `connectionId=${connectionId}`, cookies.admin);
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location")!).searchParams.get("state")!;
}

const tokens = (id: string) =>
  db.prisma.providerConnection.findUniqueOrThrow({
    where: { id },
    select: { oauthAccessTokenEnc: true, oauthRefreshTokenEnc: true, oauthAccessExpiresAt: true },
  });

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeTokenServer(pair());
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    BETTER_AUTH_SECRET: "test-secret-that-is-long-enough-0123456789",
    BETTER_AUTH_URL: APP,
    LEADCLOCK_ENCRYPTION_KEY: key.toString("base64"),
    GHL_OAUTH_CLIENT_ID: "route-ghl-client",
    GHL_OAUTH_CLIENT_SECRET: "route-ghl-secret",
    GHL_OAUTH_AUTHORIZE_URL: "https://ghl.example.test/oauth/chooselocation",
    GHL_OAUTH_TOKEN_URL: `${fake.baseUrl}/oauth/token`,
  });
  alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  const admin = await createUser(db.prisma, "admin@alpha.test", [{ clientId: alpha, role: "ADMIN" }]);
  const setter = await createUser(db.prisma, "setter@alpha.test", [{ clientId: alpha, role: "SETTER" }]);
  const hash = await hashPassword(PASSWORD);
  for (const user of [admin, setter]) {
    await db.prisma.account.create({
      data: { id: `acc-${user.id}`, accountId: user.id, providerId: "credential", userId: user.id, password: hash },
    });
  }
  const conn = (provider: "GHL" | "CALENDLY", externalAccountId: string) =>
    db.prisma.providerConnection
      .create({ data: { clientId: alpha, provider, externalAccountId, apiBaseUrl: "http://127.0.0.1:9" } })
      .then((c) => c.id);
  ghl = await conn("GHL", "loc-route");
  calendly = await conn("CALENDLY", "https://api.calendly.com/organizations/ROUTE");
  startRoute = await import("@/app/api/oauth/[provider]/start/route");
  callbackRoute = await import("@/app/api/oauth/[provider]/callback/route");
  cookies.admin = await signIn("admin@alpha.test");
  cookies.setter = await signIn("setter@alpha.test");
});

afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

describe("GET /api/oauth/[provider]/start", () => {
  it("sends a signed-out browser to sign-in, coming back to the same URL", async () => {
    const response = await call("start", "ghl", `connectionId=${ghl}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(
      `${APP}/sign-in?next=${encodeURIComponent(`/api/oauth/ghl/start?connectionId=${ghl}`)}`,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("redirects the admin to the provider with the callback as redirect_uri", async () => {
    const response = await call("start", "ghl", `connectionId=${ghl}`, cookies.admin);
    expect(response.status).toBe(302);
    const url = new URL(response.headers.get("location")!);
    expect(`${url.origin}${url.pathname}`).toBe("https://ghl.example.test/oauth/chooselocation");
    expect(url.searchParams.get("client_id")).toBe("route-ghl-client");
    expect(url.searchParams.get("redirect_uri")).toBe(`${APP}/api/oauth/ghl/callback`);
    expect(url.searchParams.get("state")).toMatch(/^v1\./);
    expect(response.headers.get("location")).not.toContain("route-ghl-secret");
  });

  it("answers a setter, a bad id and an unknown provider with the same 404; Calendly unconfigured → page hint", async () => {
    for (const [provider, query, cookie] of [
      ["ghl", `connectionId=${ghl}`, cookies.setter],
      ["ghl", "connectionId=nope", cookies.admin],
      ["ghl", "", cookies.admin],
      ["hubspot", `connectionId=${ghl}`, cookies.admin],
    ] as const) {
      const response = await call("start", provider, query, cookie);
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/not found/i);
    }
    const response = await call("start", "calendly", `connectionId=${calendly}`, cookies.admin);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(
      `${APP}/w/${alpha}/settings/connections?oauth=not_configured&connection=${calendly}#connection-${calendly}`,
    );
  });
});

describe("GET /api/oauth/[provider]/callback", () => {
  it("stores the pair and lands on the connections page; the list then shows OAuth without a token", async () => {
    const state = await stateFor(ghl);
    const response = await call(
      "callback",
      "ghl",
      new URLSearchParams({ code: "c1", state }).toString(),
      cookies.admin,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(
      `${APP}/w/${alpha}/settings/connections?oauth=connected&connection=${ghl}#connection-${ghl}`,
    );
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(fake.requests.at(-1)).toMatchObject({ code: "c1", redirect_uri: `${APP}/api/oauth/ghl/callback` });
    expect(decryptSecret((await tokens(ghl)).oauthRefreshTokenEnc!, key)).toBe("route-refresh");

    const [listed] = (await listConnections({ db: db.prisma, clientId: alpha, baseUrl: APP })).filter(
      (c) => c.id === ghl,
    );
    expect(listed).toMatchObject({ hasOAuth: true, oauthAccessExpiresAt: expect.any(Date) });
    expect(JSON.stringify(listed)).not.toMatch(/route-access|route-refresh|v1:|Enc"/);
  });

  it("a provider refusal or a token for another location → the page with the reason, nothing written", async () => {
    await db.prisma.providerConnection.update({
      where: { id: ghl },
      data: { oauthAccessTokenEnc: null, oauthRefreshTokenEnc: null, oauthAccessExpiresAt: null },
    });
    for (const [answer, outcome] of [
      [{ status: 400, json: { error: "invalid_grant" } }, "code_rejected"],
      [pair({ locationId: "loc-elsewhere" }), "wrong_account"],
    ] as const) {
      fake.script.push(answer);
      const state = await stateFor(ghl);
      const response = await call(
        "callback",
        "ghl",
        new URLSearchParams({ code: "c", state }).toString(),
        cookies.admin,
      );
      expect(response.headers.get("location")).toContain(`?oauth=${outcome}&connection=${ghl}`);
      expect(await tokens(ghl)).toEqual({
        oauthAccessTokenEnc: null,
        oauthRefreshTokenEnc: null,
        oauthAccessExpiresAt: null,
      });
    }
    const denied = await call(
      "callback",
      "ghl",
      new URLSearchParams({ error: "access_denied", state: await stateFor(ghl) }).toString(),
      cookies.admin,
    );
    expect(denied.headers.get("location")).toContain("?oauth=denied&");
  });

  it("a tampered state, another user's state or no session: refused before any exchange", async () => {
    const before = fake.requests.length;
    const state = await stateFor(ghl);
    const tampered = await call(
      "callback",
      "ghl",
      new URLSearchParams({ code: "c", state: `${state}A` }).toString(),
      cookies.admin,
    );
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toBe(`${STATE_REJECTED}\n`);
    const setter = await call("callback", "ghl", new URLSearchParams({ code: "c", state }).toString(), cookies.setter);
    expect(setter.status).toBe(400);
    const signedOut = await call("callback", "ghl", new URLSearchParams({ code: "c", state }).toString());
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(
      new RegExp(`^${APP}/sign-in\\?next=%2Fapi%2Foauth%2Fghl%2Fcallback`),
    );
    expect(fake.requests.length).toBe(before);
  });
});
