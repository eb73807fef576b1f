import { describe, expect, it } from "vitest";
import { resolvePublicBaseUrl, webhookUrlFor } from "./webhook-url";

const id = "0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a39";

describe("webhook URLs", () => {
  it("gives GoHighLevel one app-wide URL and the others one per connection", () => {
    const baseUrl = "https://app.example.com/";
    expect(webhookUrlFor({ baseUrl, provider: "GHL", connectionId: id })).toBe(
      "https://app.example.com/api/webhooks/ghl",
    );
    expect(
      (["UNIPILE", "SMARTLEAD", "INSTANTLY", "CALENDLY"] as const).map((provider) =>
        webhookUrlFor({ baseUrl, provider, connectionId: id }),
      ),
    ).toEqual([
      `https://app.example.com/api/webhooks/unipile/${id}`,
      `https://app.example.com/api/webhooks/smartlead/${id}`,
      `https://app.example.com/api/webhooks/instantly/${id}`,
      `https://app.example.com/api/webhooks/calendly/${id}`,
    ]);
  });

  it("prefers LEADCLOCK_PUBLIC_URL, then BETTER_AUTH_URL, then the request origin", () => {
    const requestOrigin = "http://localhost:3000";
    expect(
      resolvePublicBaseUrl({ publicUrl: "https://hooks.example.com/", authUrl: "https://a.test", requestOrigin }),
    ).toBe("https://hooks.example.com");
    expect(resolvePublicBaseUrl({ publicUrl: "https://example.com/leadclock/", requestOrigin })).toBe(
      "https://example.com/leadclock",
    );
    expect(resolvePublicBaseUrl({ publicUrl: " ", authUrl: "https://auth.example.com/api/auth", requestOrigin })).toBe(
      "https://auth.example.com",
    );
    expect(resolvePublicBaseUrl({ publicUrl: "not a url", authUrl: null, requestOrigin })).toBe(requestOrigin);
    expect(resolvePublicBaseUrl({ publicUrl: "ftp://x.test", requestOrigin: "https://h.test/path?q=1" })).toBe(
      "https://h.test",
    );
    expect(() => resolvePublicBaseUrl({})).toThrow(/LEADCLOCK_PUBLIC_URL/);
  });
});
