// lib/connections on real PostgreSQL: create (a secret per provider that uses one,
// encrypted at rest), uniqueness app-wide, rotation and its 24-hour grace period, mode,
// disable/enable, API credentials, health counts — and no secret, plain or encrypted, in
// anything the safe view returns.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "@/lib/connections/create-connection";
import { CONNECTION_SECRETS_SELECT, loadConnectionSecrets } from "@/lib/connections/connection-secrets";
import { disableConnection } from "@/lib/connections/disable-connection";
import { enableConnection } from "@/lib/connections/enable-connection";
import { listConnections } from "@/lib/connections/list-connections";
import { rotateWebhookSecret } from "@/lib/connections/rotate-webhook-secret";
import { setConnectionCredentials } from "@/lib/connections/set-connection-credentials";
import { setConnectionMode } from "@/lib/connections/set-connection-mode";
import { SafeError } from "@/lib/safe-error";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";

let db: TestDatabase;
let alpha: string;
let beta: string;
const key = randomBytes(32);
const baseUrl = "https://hooks.example.test";
const now = new Date("2026-03-02T12:00:00.000Z");
const HOUR = 3_600_000;

const create = (clientId: string, input: Record<string, unknown>) =>
  createConnection({ db: db.prisma, key, clientId, input, baseUrl });
const secretsOf = async (id: string, at = now) =>
  loadConnectionSecrets(
    await db.prisma.providerConnection.findUniqueOrThrow({ where: { id }, select: CONNECTION_SECRETS_SELECT }),
    key,
    at,
  );
/** Every row as stored, for "nothing was written" checks. */
const snapshot = () => db.query(`SELECT * FROM "ProviderConnection" ORDER BY id`);

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  beta = (await createWorkspace(db.prisma, "Beta Secret Workspace")).id;
});

afterAll(async () => {
  await db?.drop();
});

describe("creating a connection", () => {
  it("generates an encrypted webhook secret for the providers that use one, none for GoHighLevel", async () => {
    const providers = ["ghl", "unipile", "smartlead", "instantly", "calendly"];
    const created = [];
    for (const provider of providers) {
      created.push(await create(alpha, { provider, externalAccountId: ` acct-${provider} `, mode: "sandbox" }));
    }
    expect(created.map((c) => [c.connection.provider, c.connection.externalAccountId, c.connection.mode])).toEqual([
      ["GHL", "acct-ghl", "sandbox"],
      ["UNIPILE", "acct-unipile", "sandbox"],
      ["SMARTLEAD", "acct-smartlead", "sandbox"],
      ["INSTANTLY", "acct-instantly", "sandbox"],
      ["CALENDLY", "acct-calendly", "sandbox"],
    ]);
    expect(created[0]!.webhookSecret).toBeNull();
    expect(created[0]!.connection.webhookUrl).toBe(`${baseUrl}/api/webhooks/ghl`);
    for (const c of created.slice(1)) {
      expect(c.webhookSecret).toMatch(/^whsec_[\w-]{43}$/);
      expect(c.connection.webhookUrl).toBe(
        `${baseUrl}/api/webhooks/${c.connection.provider.toLowerCase()}/${c.connection.id}`,
      );
      expect(c.connection.hasWebhookSecret).toBe(true);
      // Stored encrypted, and the stored value decrypts to what the admin was shown.
      const [row] = await db.query<{ webhookSecretEnc: string }>(
        `SELECT "webhookSecretEnc" FROM "ProviderConnection" WHERE id = $1`,
        [c.connection.id],
      );
      expect(row!.webhookSecretEnc).toMatch(/^v1:/);
      expect(row!.webhookSecretEnc).not.toContain(c.webhookSecret!);
      expect((await secretsOf(c.connection.id)).webhookSecrets).toEqual([c.webhookSecret]);
    }
    expect(new Set(created.map((c) => c.webhookSecret)).size).toBe(5);
  });

  it("stores an API key encrypted and a normalized base URL", async () => {
    const { connection } = await create(alpha, {
      provider: "GHL",
      externalAccountId: "loc-with-key",
      apiKey: " pit-123 ",
      apiBaseUrl: "http://127.0.0.1:4010/",
    });
    expect(connection).toMatchObject({ hasApiKey: true, apiBaseUrl: "http://127.0.0.1:4010", mode: "live" });
    expect((await secretsOf(connection.id)).apiKey).toBe("pit-123");
  });

  it("refuses bad input with a clear message and writes nothing", async () => {
    const before = await snapshot();
    const cases: [Record<string, unknown>, string][] = [
      [
        { provider: "hubspot", externalAccountId: "x" },
        "Provider must be one of ghl, unipile, smartlead, instantly, calendly.",
      ],
      [{ provider: "ghl", externalAccountId: "   " }, "Enter the provider's account id."],
      [{ provider: "ghl", externalAccountId: "x".repeat(201) }, "Account ids are at most 200 characters."],
      [{ provider: "ghl", externalAccountId: "a\nb" }, "Account ids cannot contain control characters."],
      [{ provider: "ghl", externalAccountId: "x", mode: "test" }, "Mode must be live or sandbox."],
      [
        { provider: "ghl", externalAccountId: "x", apiBaseUrl: "ftp://x.test" },
        "The API base URL must be an http or https URL.",
      ],
      [
        { provider: "ghl", externalAccountId: "x", apiBaseUrl: "not a url" },
        "The API base URL must be an http or https URL.",
      ],
      [
        { provider: "ghl", externalAccountId: "x", apiBaseUrl: "https://u:p@x.test" },
        "Put credentials in the API key, not in the base URL.",
      ],
      // Paths are appended to the base URL: a query or fragment would swallow them (and a
      // token pasted there would be shown on the page).
      [
        { provider: "ghl", externalAccountId: "x", apiBaseUrl: "https://x.test/v2?api_key=secret" },
        "The API base URL cannot have a query string or a #fragment.",
      ],
      [
        { provider: "ghl", externalAccountId: "x", apiBaseUrl: "https://x.test/#v2" },
        "The API base URL cannot have a query string or a #fragment.",
      ],
      // Postgres refuses NUL in text: a clear message, not "Something went wrong".
      [{ provider: "ghl", externalAccountId: "x", label: "a\u0000b" }, "Labels cannot contain control characters."],
    ];
    for (const [input, message] of cases) {
      await expect(create(alpha, input), JSON.stringify(input)).rejects.toThrow(new SafeError(message));
    }
    await expect(
      create("00000000-0000-4000-8000-000000000000", { provider: "ghl", externalAccountId: "x" }),
    ).rejects.toThrow("Workspace not found.");
    expect(await snapshot()).toEqual(before);
  });

  it("keeps (provider, account) unique app-wide without naming the workspace that has it", async () => {
    await create(beta, { provider: "unipile", externalAccountId: "shared-account" });
    const before = await snapshot();
    const attempts = await Promise.allSettled([
      create(alpha, { provider: "unipile", externalAccountId: "shared-account" }),
      create(beta, { provider: "UNIPILE", externalAccountId: " shared-account " }),
    ]);
    for (const attempt of attempts) {
      expect(attempt.status).toBe("rejected");
      const error = (attempt as PromiseRejectedResult).reason as Error;
      expect(error).toBeInstanceOf(SafeError);
      expect(error.message).toMatch(
        /^This Unipile \(LinkedIn\) account is already connected to a Leadclock workspace\./,
      );
      expect(error.message).not.toContain("Beta");
    }
    expect(await snapshot()).toEqual(before);
    // The same account id at another provider is a different account.
    await expect(create(alpha, { provider: "instantly", externalAccountId: "shared-account" })).resolves.toBeTruthy();
  });

  it("of two concurrent creates of one account, exactly one wins", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        create(i % 2 ? alpha : beta, { provider: "smartlead", externalAccountId: "race" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(
      await db.prisma.providerConnection.count({ where: { provider: "SMARTLEAD", externalAccountId: "race" } }),
    ).toBe(1);
  });
});

describe("rotating the webhook secret", () => {
  it("keeps the previous secret valid for 24 hours, then only the new one", async () => {
    const { connection, webhookSecret: first } = await create(alpha, {
      provider: "instantly",
      externalAccountId: "rot-1",
    });
    const rotated = await rotateWebhookSecret({
      db: db.prisma,
      key,
      clientId: alpha,
      connectionId: connection.id,
      baseUrl,
      now,
    });
    expect(rotated.webhookSecret).not.toBe(first);
    expect(rotated.previousValidUntil).toEqual(new Date(now.getTime() + 24 * HOUR));
    expect(rotated.connection.previousSecretValidUntil).toEqual(rotated.previousValidUntil);
    expect((await secretsOf(connection.id, new Date(now.getTime() + 23 * HOUR))).webhookSecrets).toEqual([
      rotated.webhookSecret,
      first,
    ]);
    expect((await secretsOf(connection.id, new Date(now.getTime() + 24 * HOUR))).webhookSecrets).toEqual([
      rotated.webhookSecret,
    ]);

    // A second rotation retires the first secret at once: only the last two are ever valid.
    const again = await rotateWebhookSecret({
      db: db.prisma,
      key,
      clientId: alpha,
      connectionId: connection.id,
      baseUrl,
      now: new Date(now.getTime() + HOUR),
    });
    expect((await secretsOf(connection.id, new Date(now.getTime() + 2 * HOUR))).webhookSecrets).toEqual([
      again.webhookSecret,
      rotated.webhookSecret,
    ]);
  });

  it("serializes concurrent rotations: every secret shown ends up current or previous, in order", async () => {
    const { connection } = await create(alpha, { provider: "calendly", externalAccountId: "rot-race" });
    const rotations = await Promise.all(
      Array.from({ length: 2 }, () =>
        rotateWebhookSecret({ db: db.prisma, key, clientId: alpha, connectionId: connection.id, baseUrl, now }),
      ),
    );
    const stored = (await secretsOf(connection.id)).webhookSecrets;
    expect([...stored].sort()).toEqual(rotations.map((r) => r.webhookSecret).sort());
  });

  it("refuses GoHighLevel, disabled connections and other workspaces' connections", async () => {
    const ghl = (await create(alpha, { provider: "ghl", externalAccountId: "rot-ghl" })).connection;
    const off = (await create(alpha, { provider: "unipile", externalAccountId: "rot-off" })).connection;
    await disableConnection({ db: db.prisma, clientId: alpha, connectionId: off.id, now });
    const before = await snapshot();
    const rotate = (clientId: string, connectionId: string) =>
      rotateWebhookSecret({ db: db.prisma, key, clientId, connectionId, baseUrl, now });
    await expect(rotate(alpha, ghl.id)).rejects.toThrow(/GoHighLevel signs its webhooks with its own keys/);
    await expect(rotate(alpha, off.id)).rejects.toThrow(/disabled/);
    await expect(rotate(beta, off.id)).rejects.toThrow(new SafeError("Connection not found."));
    await expect(rotate(alpha, "not-a-uuid")).rejects.toThrow(new SafeError("Connection not found."));
    expect(await snapshot()).toEqual(before);
  });
});

describe("mode, disable, enable and credentials", () => {
  it("switches mode, disables idempotently and enables again, only in the connection's workspace", async () => {
    const { connection } = await create(alpha, { provider: "smartlead", externalAccountId: "state-1" });
    const ref = { db: db.prisma, clientId: alpha, connectionId: connection.id };
    expect(await setConnectionMode({ ...ref, mode: "sandbox" })).toEqual({ id: connection.id, mode: "sandbox" });
    await expect(setConnectionMode({ ...ref, mode: "staging" })).rejects.toThrow("Mode must be live or sandbox.");
    await expect(setConnectionMode({ ...ref, clientId: beta, mode: "live" })).rejects.toThrow("Connection not found.");

    expect(await disableConnection({ ...ref, now })).toEqual({
      id: connection.id,
      disabledAt: now,
      alreadyDisabled: false,
    });
    const later = new Date(now.getTime() + HOUR);
    expect(await disableConnection({ ...ref, now: later })).toEqual({
      id: connection.id,
      disabledAt: now,
      alreadyDisabled: true,
    });
    await expect(disableConnection({ ...ref, clientId: beta, now })).rejects.toThrow("Connection not found.");
    await expect(enableConnection({ ...ref, clientId: beta })).rejects.toThrow("Connection not found.");
    expect((await db.prisma.providerConnection.findUniqueOrThrow({ where: { id: connection.id } })).disabledAt).toEqual(
      now,
    );
    await enableConnection(ref);
    expect(await db.prisma.providerConnection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({
      disabledAt: null,
      mode: "sandbox",
    });
  });

  it("sets, replaces and removes the API key and the base URL", async () => {
    const { connection } = await create(alpha, { provider: "ghl", externalAccountId: "cred-1" });
    const set = (input: unknown, clientId = alpha) =>
      setConnectionCredentials({ db: db.prisma, key, clientId, connectionId: connection.id, input });
    expect(await set({ apiKey: "k1", apiBaseUrl: "https://staging.example.test/v2/" })).toEqual({
      id: connection.id,
      hasApiKey: true,
      apiBaseUrl: "https://staging.example.test/v2",
    });
    expect(await set({ apiKey: "k2" })).toMatchObject({
      hasApiKey: true,
      apiBaseUrl: "https://staging.example.test/v2",
    });
    expect((await secretsOf(connection.id)).apiKey).toBe("k2");
    expect(await set({ apiKey: "", apiBaseUrl: "" })).toMatchObject({ hasApiKey: true, apiBaseUrl: null });
    expect((await secretsOf(connection.id)).apiKey).toBe("k2");
    await expect(set({ apiKey: "k3", removeApiKey: true })).rejects.toThrow("Either enter a new API key or remove it");
    await expect(set({ apiBaseUrl: "javascript:alert(1)" })).rejects.toThrow("http or https URL");
    await expect(set({ apiKey: "k4" }, beta)).rejects.toThrow("Connection not found.");
    expect((await secretsOf(connection.id)).apiKey).toBe("k2");
    expect(await set({ removeApiKey: true })).toMatchObject({ hasApiKey: false });
    expect((await secretsOf(connection.id)).apiKey).toBeNull();
  });
});

describe("listing with health", () => {
  it("counts accepted and rejected deliveries of the last 24 hours per connection", async () => {
    const gamma = (await createWorkspace(db.prisma, "Gamma")).id;
    const a = (await create(gamma, { provider: "ghl", externalAccountId: "health-a" })).connection;
    const b = (await create(gamma, { provider: "instantly", externalAccountId: "health-b" })).connection;
    await db.prisma.providerConnection.update({
      where: { id: a.id },
      data: { lastEventAt: now, lastError: "signature did not verify", lastErrorAt: now },
    });
    let n = 0;
    const event = (connectionId: string | null, status: string, hoursAgo: number) => ({
      provider: "GHL" as const,
      connectionId,
      clientId: gamma,
      dedupeKey: `k-${n++}`,
      receivedAt: new Date(now.getTime() - hoursAgo * HOUR),
      headers: {},
      rawBody: "{}",
      rawBodyBytes: 2,
      rawBodySha256: "x",
      status: status as "processed",
    });
    await db.prisma.webhookEvent.createMany({
      data: [
        event(a.id, "processed", 1),
        event(a.id, "duplicate", 2),
        event(a.id, "ignored", 23.9),
        event(a.id, "rejected", 3),
        event(a.id, "processed", 24.1), // too old
        event(a.id, "rejected", 30), // too old
        event(b.id, "rejected", 0.5),
        event(null, "processed", 1), // no connection
      ],
    });
    const list = await listConnections({ db: db.prisma, clientId: gamma, baseUrl, now });
    expect(list.map((c) => [c.externalAccountId, c.accepted24h, c.rejected24h, c.lastEventAt, c.lastError])).toEqual([
      ["health-a", 3, 1, now, "signature did not verify"],
      ["health-b", 0, 1, null, null],
    ]);
    const everywhere = await listConnections({ db: db.prisma, clientId: null, baseUrl, now });
    expect(new Set(everywhere.map((c) => c.clientId))).toEqual(new Set([alpha, beta, gamma]));
  });

  it("never carries a secret, plain or encrypted, in the safe view", async () => {
    const { connection, webhookSecret } = await create(alpha, {
      provider: "unipile",
      externalAccountId: "leak-check",
      apiKey: "api-key-plain-text",
    });
    const rotated = await rotateWebhookSecret({
      db: db.prisma,
      key,
      clientId: alpha,
      connectionId: connection.id,
      baseUrl,
      now,
    });
    const stored = await db.query<Record<string, string | null>>(
      `SELECT "webhookSecretEnc", "previousWebhookSecretEnc", "apiKeyEnc" FROM "ProviderConnection"`,
    );
    const ciphertexts = stored.flatMap((row) => Object.values(row)).filter((v): v is string => !!v);
    expect(ciphertexts.length).toBeGreaterThan(10);

    const views = [
      JSON.stringify(await listConnections({ db: db.prisma, clientId: alpha, baseUrl, now })),
      JSON.stringify(await listConnections({ db: db.prisma, clientId: null, baseUrl, now })),
      JSON.stringify(rotated.connection),
      JSON.stringify(connection),
    ];
    for (const view of views) {
      expect(view).not.toMatch(/v1:[\w-]+:/);
      expect(view).not.toMatch(/Enc"/);
      for (const c of ciphertexts) expect(view).not.toContain(c.split(":")[3]);
      for (const plain of [webhookSecret!, rotated.webhookSecret, "api-key-plain-text", "whsec_"]) {
        expect(view).not.toContain(plain);
      }
    }
    expect(JSON.parse(views[2]!)).toMatchObject({ hasApiKey: true, hasWebhookSecret: true });
  });
});
