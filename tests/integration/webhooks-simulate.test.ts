// `npm run webhooks:simulate`: its payload builders produce deliveries the real provider
// adapters authenticate and parse as inbound messages, and the CLI, as a real process,
// posts them to a real HTTP server running the real ingest pipeline on a real database.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { generateGhlKeyPair, localGhlKeys } from "@/lib/dev-db/local-ghl-keys";
import type { Provider } from "@/lib/generated/prisma/enums";
import { ghlAdapter } from "@/lib/providers/ghl/adapter";
import { instantlyAdapter } from "@/lib/providers/instantly";
import { smartleadAdapter } from "@/lib/providers/smartlead";
import { unipileAdapter } from "@/lib/providers/unipile";
import type { WebhookAdapter, WebhookAdapterConfig } from "@/lib/providers/webhook-adapter";
import { resolveWebhookConfig } from "@/lib/webhooks/config";
import { receiveWebhook } from "@/lib/webhooks/ingest";
import { buildSimulatedDelivery, type BuildDeliveryArgs } from "@/lib/webhooks/simulate/build-delivery";
import type { SimulateProvider, SimulatedLead } from "@/lib/webhooks/simulate/types";
import { runCli } from "../helpers/backfill-fixtures";
import { createWorkspace } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const ADAPTERS: Record<SimulateProvider, WebhookAdapter> = {
  ghl: ghlAdapter,
  unipile: unipileAdapter,
  smartlead: smartleadAdapter,
  instantly: instantlyAdapter,
};

const keys = generateGhlKeyPair();
const config: WebhookAdapterConfig = resolveWebhookConfig({
  GHL_WEBHOOK_ED25519_PUBLIC_KEY: keys.publicKeyPem,
  GHL_WEBHOOK_RSA_PUBLIC_KEY: generateKeyPairSync("rsa", { modulusLength: 2048 })
    .publicKey.export({ type: "spki", format: "pem" })
    .toString(),
  encryptionKey: randomBytes(32),
});

const lead: SimulatedLead = {
  name: "Jordan Rivera",
  email: "jordan.rivera@example.org",
  phone: "+15555550142",
  providerLeadId: null,
  linkedinUrl: null,
};
const connection = {
  id: "6f1c2a1e-8f0b-4d43-9a55-0c4a8f7f1b2d",
  externalAccountId: "acct-1",
  webhookSecret: "whsec_test",
};

function parseWith(provider: SimulateProvider, args: Partial<BuildDeliveryArgs> = {}) {
  const now = new Date();
  const text = `Can we talk Thursday? (${provider})`;
  const delivery = buildSimulatedDelivery({
    provider,
    connection,
    lead,
    text,
    now,
    ghlPrivateKeyPem: keys.privateKeyPem,
    ...args,
  });
  const adapter = ADAPTERS[provider];
  const rawBody = Buffer.from(delivery.body);
  const connectionForWebhook = {
    id: connection.id,
    clientId: "00000000-0000-4000-8000-000000000001",
    provider: adapter.provider,
    externalAccountId: connection.externalAccountId,
    mode: "sandbox" as const,
    webhookSecrets: [connection.webhookSecret],
  };
  const auth = adapter.authenticate({
    rawBody,
    headers: delivery.headers,
    connection: connectionForWebhook,
    receivedAt: now,
    config,
  });
  const parsed = adapter.parse({ rawBody: delivery.body, headers: delivery.headers, receivedAt: now });
  return { delivery, auth, parsed, text, adapter, now, connectionForWebhook };
}

describe("simulated deliveries are what the adapters accept", () => {
  it.each([
    ["ghl", "sms", { phone: lead.phone }],
    ["ghl", "email", { email: lead.email }],
    ["unipile", "linkedin", {}],
    ["smartlead", "email", { email: lead.email }],
    ["instantly", "email", { email: lead.email }],
  ] as const)(
    "%s (%s): authentic, an inbound message with the text, for the connection's account",
    (provider, channel, identity) => {
      const { delivery, auth, parsed, text, adapter } = parseWith(provider, {
        ghlChannel: channel === "email" ? "email" : "sms",
      });
      expect(auth).toEqual({ ok: true });
      expect(parsed.kind).toBe("message");
      if (parsed.kind !== "message") return;
      expect(parsed).toMatchObject({ direction: "inbound", channel, lead: identity, isAutoReply: false });
      expect(parsed.body).toContain(text);
      expect(delivery.providerMessageIds).toContain(parsed.providerMessageId);
      expect(Math.abs(parsed.sentAt.getTime() - Date.now())).toBeLessThan(60_000);
      expect(parsed.sentAtSource).toBe("provider");
      // Not mistaken for another account's event (the pipeline would store it as ignored).
      const account = adapter.accountIdOf?.(delivery.body) ?? null;
      if (adapter.connectionBy === "path") expect([null, connection.externalAccountId]).toContain(account);
      else expect(account).toBe(connection.externalAccountId);
    },
  );

  it("GoHighLevel: signed with the key pair, verified by the app's check (tampering or another key fails)", () => {
    const { delivery, now } = parseWith("ghl");
    expect(
      ghlAdapter.authenticateApp?.({
        rawBody: Buffer.from(delivery.body),
        headers: delivery.headers,
        receivedAt: now,
        config,
      }),
    ).toEqual({ ok: true });
    const tampered = Buffer.from(delivery.body.replace("Thursday", "Friday"));
    expect(
      ghlAdapter.authenticateApp?.({ rawBody: tampered, headers: delivery.headers, receivedAt: now, config }).ok,
    ).toBe(false);
    const other = buildSimulatedDelivery({
      provider: "ghl",
      connection,
      lead,
      text: "hi",
      now,
      ghlPrivateKeyPem: generateGhlKeyPair().privateKeyPem,
    });
    expect(
      ghlAdapter.authenticateApp?.({
        rawBody: Buffer.from(other.body),
        headers: other.headers,
        receivedAt: now,
        config,
      }).ok,
    ).toBe(false);
  });

  it("shared-secret providers: the wrong secret fails authentication", () => {
    for (const provider of ["unipile", "smartlead", "instantly"] as const) {
      const { delivery, adapter, now, connectionForWebhook } = parseWith(provider);
      const auth = adapter.authenticate({
        rawBody: Buffer.from(delivery.body),
        headers: delivery.headers,
        connection: { ...connectionForWebhook, webhookSecrets: ["whsec_other"] },
        receivedAt: now,
        config,
      });
      expect(auth.ok, provider).toBe(false);
    }
  });

  it("every delivery has fresh ids: the same lead twice is two messages, not a duplicate", () => {
    for (const provider of ["ghl", "unipile", "smartlead", "instantly"] as const) {
      const a = parseWith(provider).parsed;
      const b = parseWith(provider).parsed;
      expect(a.dedupeKey, provider).not.toBe(b.dedupeKey);
    }
  });

  it("a lead without the channel's contact point is refused with a message", () => {
    const build = (provider: SimulateProvider, without: Partial<SimulatedLead>) => () =>
      buildSimulatedDelivery({
        provider,
        connection,
        lead: { ...lead, ...without },
        text: "x",
        now: new Date(),
        ghlPrivateKeyPem: keys.privateKeyPem,
      });
    expect(build("ghl", { phone: null })).toThrow(/phone/);
    expect(build("smartlead", { email: null })).toThrow(/email/);
    expect(build("instantly", { email: null })).toThrow(/email/);
  });
});

const cli = (args: string[], env: Record<string, string> = {}) => runCli("webhooks-simulate.ts", args, env);

// Each CLI run is a cold `tsx` start (seconds on a busy 2-core machine).
describe("webhooks:simulate CLI", { timeout: 180_000 }, () => {
  it("bad flags are usage errors (exit 2)", async () => {
    const results = await Promise.all([
      cli([]),
      cli(["--provider", "hubspot"]),
      cli(["--provider", "ghl", "--client-id", "nope"]),
      cli(["--provider", "smartlead", "--channel", "sms"]),
      cli(["--provider", "ghl", "--url", "ftp://example.org"]),
      cli(["--provider", "ghl", "--frobnicate"]),
      cli(["--provider", "ghl", "--lead", " "]),
      cli(["--provider", "ghl", "extra"]),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    for (const result of results) {
      expect(result.stderr).toMatch(/^webhooks:simulate: .+\n\nUsage: npm run webhooks:simulate/);
      expect(result.stdout).toBe("");
    }
    expect(results[1]!.stderr).toContain("--provider must be one of ghl, unipile, smartlead, instantly");
    expect(results[2]!.stderr).toContain("--client-id must be a UUID");
    expect(results[3]!.stderr).toContain("--channel applies to --provider ghl only");
  });

  it("--help prints the usage (exit 0)", async () => {
    const result = await cli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run webhooks:simulate/);
  });

  it("no app at --url: a clear message and exit 1, before touching any database", async () => {
    const closed = await listen(() => undefined);
    await new Promise((resolve) => closed.server.close(resolve));
    const result = await cli(["--provider", "ghl", "--url", closed.url], {
      DATABASE_URL: "postgresql://x:y@127.0.0.1:9/none",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No Leadclock app answers at ${closed.url} (ECONNREFUSED)`);
    expect(result.stderr).toContain("npm run demo");
  });
});

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("webhooks:simulate against the real pipeline", { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let app: { server: http.Server; url: string };
  const encryptionKey = randomBytes(32);
  const secret = "whsec_simulate_test_secret";
  let clientId: string;
  let smsLeadId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The CLI signs GoHighLevel deliveries with the repository's local pair (.data/), as it does for npm run demo.
    const local = localGhlKeys(path.resolve(import.meta.dirname, "../.."));
    const appConfig = resolveWebhookConfig({ GHL_WEBHOOK_ED25519_PUBLIC_KEY: local.publicKeyPem, encryptionKey });
    const workspace = await createWorkspace(db.prisma, "Simulate Co");
    clientId = workspace.id;
    const enc = encryptSecret(secret, encryptionKey);
    await db.prisma.providerConnection.createMany({
      data: [
        { clientId, provider: "GHL", externalAccountId: "simLocation01", mode: "sandbox" },
        { clientId, provider: "SMARTLEAD", externalAccountId: "4242", mode: "sandbox", webhookSecretEnc: enc },
        {
          clientId,
          provider: "INSTANTLY",
          externalAccountId: "019a0c3e-7b21-7d4f-9a8e-3c5b1f2d6e90",
          mode: "sandbox",
          webhookSecretEnc: enc,
        },
        {
          clientId,
          provider: "UNIPILE",
          externalAccountId: "Qm7xK2pVtR9cLw4NbZ8sHa",
          mode: "sandbox",
          webhookSecretEnc: enc,
        },
      ],
    });
    const smsLead = await db.prisma.lead.create({
      data: { clientId, name: "Casey Ng", phone: "+12125550123", ghlContactId: "Hn4TgQw9ZkLm2PxR7sBv" },
    });
    smsLeadId = smsLead.id;
    await db.prisma.lead.create({
      data: {
        clientId,
        name: "Robin Li",
        linkedinUrl: "https://www.linkedin.com/in/robin",
        unipileAttendeeId: "ACoAAC7q8r9EXAMPLE",
      },
    });

    // The app's webhook routes and health check, in front of the real pipeline.
    const providers: Record<string, Provider> = {
      ghl: "GHL",
      unipile: "UNIPILE",
      smartlead: "SMARTLEAD",
      instantly: "INSTANTLY",
    };
    app = await listen(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const match = /^\/api\/webhooks\/(\w+)(?:\/([^/]+))?$/.exec(req.url ?? "");
      if (req.url === "/api/health") return void res.writeHead(200).end('{"status":"ok"}');
      if (req.method !== "POST" || !match || !providers[match[1]!]) return void res.writeHead(404).end();
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(`${app.url}${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
      const response = await receiveWebhook({
        request,
        provider: providers[match[1]!]!,
        connectionId: match[2] ?? null,
        db: db.prisma,
        config: appConfig,
        now: new Date(),
        log: { warn: () => undefined, error: () => undefined },
      });
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    });
  });

  afterAll(async () => {
    await new Promise((resolve) => app?.server.close(resolve));
    await db?.drop();
  });

  const env = () => ({ DATABASE_URL: db.url, LEADCLOCK_ENCRYPTION_KEY: encryptionKey.toString("base64") });
  const base = () => ["--client-id", clientId, "--url", app.url];

  it("ghl by default: an SMS from the lead that has the channel, stored, with the CRM link", async () => {
    const result = await cli(["--provider", "ghl", ...base(), "--text", "Yes please, call me tomorrow"], env());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`→ POST ${app.url}/api/webhooks/ghl`);
    expect(result.stdout).toMatch(/← 200 \{"received":true,"result":"stored"\}/);
    expect(result.stdout).toContain(`Open the CRM: ${app.url}/w/${clientId}/crm?lead=${smsLeadId}`);
    const messages = await db.prisma.message.findMany({ where: { leadId: smsLeadId } });
    expect(messages.map((m) => [m.channel, m.direction, m.body])).toEqual([
      ["sms", "inbound", "Yes please, call me tomorrow"],
    ]);
  });

  it("an unknown --lead creates a new lead (SmartLead email; Instantly by the same address is the same lead)", async () => {
    const first = await cli(["--provider", "smartlead", ...base(), "--lead", "New.Person@Example.org"], env());
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("New Person (new lead)");
    const created = await db.prisma.lead.findMany({ where: { clientId, email: "new.person@example.org" } });
    expect(created).toHaveLength(1);
    expect(first.stdout).toContain(`crm?lead=${created[0]!.id}`);

    const second = await cli(["--provider", "instantly", ...base(), "--lead", "new.person@example.org"], env());
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`crm?lead=${created[0]!.id}`);
    expect(await db.prisma.message.count({ where: { leadId: created[0]!.id } })).toBe(2);
  });

  it("unipile: the LinkedIn lead; a --lead without a LinkedIn identity is refused (exit 1)", async () => {
    const ok = await cli(["--provider", "unipile", ...base()], env());
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("lead: Robin Li");
    const refused = await cli(["--provider", "unipile", ...base(), "--lead", "+12125550123"], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("has no LinkedIn (Unipile) identity");
  });

  it("a workspace without that provider's connection: exit 1 saying how to add one", async () => {
    const other = await createWorkspace(db.prisma, "Empty Co");
    const result = await cli(["--provider", "ghl", "--client-id", other.id, "--url", app.url], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No enabled GoHighLevel connection in workspace ${other.id}`);
    expect(result.stderr).toContain("npm run connections -- add");
  });
});
