import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { oauthConnectConfigFrom } from "./oauth-config";

const valid = { DATABASE_URL: "postgres://u:p@localhost:5432/db", BETTER_AUTH_SECRET: "s".repeat(40) };
const key = Buffer.alloc(32, 1);
const request = (headers: Record<string, string> = {}) =>
  new Request("http://10.0.0.5:3000/api/oauth/ghl/start", { headers });

describe("OAuth connect config", () => {
  it("has an app only when id and secret are both set; authorize URLs default to the providers'", () => {
    const env = parseEnv({
      ...valid,
      GHL_OAUTH_CLIENT_ID: "g-id",
      GHL_OAUTH_CLIENT_SECRET: "g-secret",
      CALENDLY_OAUTH_AUTHORIZE_URL: "https://staging.example.test/oauth/authorize",
    });
    const config = oauthConnectConfigFrom({ env, encryptionKey: key, request: request({ host: "localhost:3000" }) });
    expect(config.apps).toEqual({
      GHL: {
        clientId: "g-id",
        clientSecret: "g-secret",
        authorizeUrl: "https://marketplace.gohighlevel.com/oauth/chooselocation",
      },
    });
    expect(config.baseUrl).toBe("http://localhost:3000");
    expect(config.stateKey).toHaveLength(32);
    expect(config.stateKey.equals(Buffer.from(valid.BETTER_AUTH_SECRET))).toBe(false);
  });

  it("returns to the sign-in origin (BETTER_AUTH_URL) even when webhooks use another public URL", () => {
    const env = parseEnv({
      ...valid,
      BETTER_AUTH_URL: "https://app.example.com/",
      LEADCLOCK_PUBLIC_URL: "https://hooks.example.com",
    });
    expect(oauthConnectConfigFrom({ env, encryptionKey: key, request: request() }).baseUrl).toBe(
      "https://app.example.com",
    );
    const proxied = oauthConnectConfigFrom({
      env: parseEnv(valid),
      encryptionKey: key,
      request: request({ host: "10.0.0.5:3000", "x-forwarded-host": "app.example.org", "x-forwarded-proto": "https" }),
    });
    expect(proxied.baseUrl).toBe("https://app.example.org");
  });

  it("refuses an authorize URL that is not http(s), naming the variable", () => {
    expect(() => parseEnv({ ...valid, GHL_OAUTH_AUTHORIZE_URL: "javascript:alert(1)" })).toThrow(
      /GHL_OAUTH_AUTHORIZE_URL must be an http\(s\) URL of the authorize page/,
    );
    expect(() => parseEnv({ ...valid, CALENDLY_OAUTH_AUTHORIZE_URL: "not a url" })).toThrow(
      /CALENDLY_OAUTH_AUTHORIZE_URL must be an http\(s\) URL/,
    );
  });
});
