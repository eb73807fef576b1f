import { describe, expect, it } from "vitest";
import type { ConnectionForWebhook } from "@/lib/providers/webhook-adapter";
import { readProviderFixture } from "@/tests/helpers/provider-fixtures";
import { unipileAdapter } from "./index";

const CURRENT = "unipile-current-secret-0123456789";
const PREVIOUS = "unipile-previous-secret-9876543210";
const rawBody = Buffer.from(readProviderFixture("unipile", "message_received.linkedin.inbound.json"));
const receivedAt = new Date("2026-10-14T16:00:00.000Z");

const connection = (webhookSecrets: string[]): ConnectionForWebhook => ({
  id: "8d1c1f0e-3c35-4d0b-9a55-0d7a3f1d2b6e",
  clientId: "1b7c4a53-2f1e-4c8e-8f0a-6e2d9b3c4a51",
  provider: "UNIPILE",
  externalAccountId: "Qm7xK2pVtR9cLw4NbZ8sHa",
  mode: "sandbox",
  webhookSecrets,
});
const authenticate = (headers: Record<string, string>, secrets: string[] = [CURRENT]) =>
  unipileAdapter.authenticate({ rawBody, headers, connection: connection(secrets), receivedAt });

describe("Unipile-Auth", () => {
  it("accepts the connection's secret in the Unipile-Auth header", () => {
    expect(authenticate({ "unipile-auth": CURRENT })).toEqual({ ok: true });
  });

  it("accepts the previous secret during a rotation's grace, and the current one too", () => {
    expect(authenticate({ "unipile-auth": PREVIOUS }, [CURRENT, PREVIOUS])).toEqual({ ok: true });
    expect(authenticate({ "unipile-auth": CURRENT }, [CURRENT, PREVIOUS])).toEqual({ ok: true });
    // After the grace the previous one is no longer passed in: refused.
    expect(authenticate({ "unipile-auth": PREVIOUS }, [CURRENT]).ok).toBe(false);
  });

  it.each([
    [
      "a wrong secret",
      { "unipile-auth": "not-the-secret" },
      "Unipile-Auth does not match the connection's webhook secret",
    ],
    ["a prefix of the secret", { "unipile-auth": CURRENT.slice(0, 10) }, "does not match"],
    ["the secret with a suffix", { "unipile-auth": `${CURRENT}x` }, "does not match"],
    ["no header", {}, "missing Unipile-Auth header"],
    ["an empty header", { "unipile-auth": "" }, "missing Unipile-Auth header"],
    ["the secret in another header", { "x-webhook-secret": CURRENT }, "missing Unipile-Auth header"],
  ])("refuses %s", (_label, headers, reason) => {
    const result = authenticate(headers);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it("fails closed when the connection has no usable secret", () => {
    expect(authenticate({ "unipile-auth": "" }, [])).toEqual({ ok: false, reason: "connection has no webhook secret" });
    expect(authenticate({ "unipile-auth": " " }, [" "])).toEqual({
      ok: false,
      reason: "connection has no webhook secret",
    });
  });

  it("never keeps the secret header in the event log", () => {
    expect(unipileAdapter.keptHeaders).not.toContain("unipile-auth");
  });

  it("names the account the payload is for, so a tenant-wide webhook cannot feed another connection", () => {
    expect(unipileAdapter.connectionBy).toBe("path");
    expect(unipileAdapter.accountIdOf?.(rawBody.toString("utf8"))).toBe("Qm7xK2pVtR9cLw4NbZ8sHa");
    expect(unipileAdapter.accountIdOf?.("not json")).toBeNull();
  });
});
