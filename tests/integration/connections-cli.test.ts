// `npm run connections` as a real process on a real database: add (text and --json),
// list, rotate, disable, exit codes, and nothing written when refused.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECTION_SECRETS_SELECT, loadConnectionSecrets } from "@/lib/connections/connection-secrets";
import { runCli } from "../helpers/backfill-fixtures";
import { createWorkspace } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;
let env: Record<string, string>;
let alpha: string;
const key = randomBytes(32);
const HOOKS = "https://hooks.example.test";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const cli = (args: string[]) => runCli("connections.ts", args, env);
const secretsOf = async (id: string) =>
  loadConnectionSecrets(
    await db.prisma.providerConnection.findUniqueOrThrow({ where: { id }, select: CONNECTION_SECRETS_SELECT }),
    key,
  );

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  env = { DATABASE_URL: db.url, LEADCLOCK_ENCRYPTION_KEY: key.toString("base64"), LEADCLOCK_PUBLIC_URL: HOOKS };
});

afterAll(async () => {
  await db?.drop();
});

describe("connections CLI", () => {
  it("adds connections, printing the id, webhook URL and secret (text and --json)", async () => {
    const ghl = await cli(["add", "--client-id", alpha, "--provider", "ghl", "--account", "loc-123", "--json"]);
    expect(ghl.stderr).toBe("");
    expect(ghl.code).toBe(0);
    const added = JSON.parse(ghl.stdout) as Record<string, unknown>;
    expect(added).toMatchObject({
      id: expect.stringMatching(UUID),
      clientId: alpha,
      provider: "ghl",
      externalAccountId: "loc-123",
      mode: "live",
      webhookUrl: `${HOOKS}/api/webhooks/ghl`,
      webhookSecret: null,
      disabledAt: null,
    });

    const unipile = await cli([
      "add",
      ...["--client-id", alpha, "--provider", "unipile", "--account", "acc-9", "--mode", "sandbox"],
      ...["--api-key", "uni-key", "--base-url", "http://127.0.0.1:9/"],
    ]);
    expect(unipile.code).toBe(0);
    const id = /Id:\s+(\S+)/.exec(unipile.stdout)?.[1];
    const secret = /Webhook secret: (\S+)/.exec(unipile.stdout)?.[1];
    expect(id).toMatch(UUID);
    expect(unipile.stdout).toContain(`Webhook URL:    ${HOOKS}/api/webhooks/unipile/${id}`);
    expect(unipile.stdout).toContain("Added Unipile (LinkedIn) connection to Alpha.");
    expect(secret).toMatch(/^whsec_/);
    expect(await secretsOf(id!)).toEqual({ webhookSecrets: [secret], apiKey: "uni-key" });
    expect(await db.prisma.providerConnection.findUniqueOrThrow({ where: { id } })).toMatchObject({
      mode: "sandbox",
      apiBaseUrl: "http://127.0.0.1:9",
    });
  });

  it("lists with health and never prints a secret; rotates; disables", async () => {
    const listed = await cli(["list", "--json"]);
    expect(listed.code).toBe(0);
    const all = JSON.parse(listed.stdout) as { id: string; provider: string; accepted24h: number }[];
    expect(all.map((c) => c.provider).sort()).toEqual(["ghl", "unipile"]);
    expect(all.every((c) => c.accepted24h === 0)).toBe(true);
    expect(listed.stdout).not.toMatch(/whsec_|v1:|Enc"|uni-key/);
    const unipile = all.find((c) => c.provider === "unipile")!;

    const text = await cli(["list", "--client-id", alpha]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${unipile.id}  unipile   sandbox  acc-9`);
    expect(text.stdout).toContain(`${HOOKS}/api/webhooks/unipile/${unipile.id}`);

    const [old] = (await secretsOf(unipile.id)).webhookSecrets;
    const rotated = await cli(["rotate", "--id", unipile.id, "--json"]);
    expect(rotated.code).toBe(0);
    const body = JSON.parse(rotated.stdout) as { webhookSecret: string; previousValidUntil: string };
    expect(body.webhookSecret).not.toBe(old);
    expect((await secretsOf(unipile.id)).webhookSecrets).toEqual([body.webhookSecret, old]);

    const disabled = await cli(["disable", "--id", unipile.id]);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toContain(`Disabled connection ${unipile.id}`);
    const row = await db.prisma.providerConnection.findUniqueOrThrow({ where: { id: unipile.id } });
    expect(row.disabledAt).toBeInstanceOf(Date);
    expect((await cli(["list"])).stdout).toContain(`${unipile.id}  unipile   disabled acc-9`);
  });

  it("refuses an unknown workspace, a taken account and an unknown id with exit 1, writing nothing", async () => {
    const before = await db.query(`SELECT * FROM "ProviderConnection" ORDER BY id`);
    const nobody = "00000000-0000-4000-8000-000000000000";
    const [unknownClient, taken, unknownId, unknownList] = await Promise.all([
      cli(["add", "--client-id", nobody, "--provider", "smartlead", "--account", "s-1"]),
      cli(["add", "--client-id", alpha, "--provider", "ghl", "--account", "loc-123"]),
      cli(["disable", "--id", nobody]),
      cli(["list", "--client-id", nobody]),
    ]);
    expect([unknownClient.code, taken.code, unknownId.code, unknownList.code]).toEqual([1, 1, 1, 1]);
    expect(unknownClient.stderr).toContain(`No workspace with id ${nobody}. Nothing was written.`);
    expect(taken.stderr).toContain("This GoHighLevel account is already connected to a Leadclock workspace.");
    expect(unknownId.stderr).toContain(`No connection with id ${nobody}.`);
    expect(unknownList.stderr).toContain(`No workspace with id ${nobody}`);
    expect(await db.query(`SELECT * FROM "ProviderConnection" ORDER BY id`)).toEqual(before);
  });

  it("answers bad flags with the usage and exit 2", async () => {
    const results = await Promise.all([
      cli([]),
      cli(["add", "--client-id", alpha, "--account", "x"]),
      cli(["add", "--client-id", "nope", "--provider", "ghl", "--account", "x"]),
      cli(["add", "--client-id", alpha, "--provider", "ghl", "--account", "x", "--mode", "test"]),
      cli(["disable"]),
      cli(["list", "--frobnicate"]),
      cli(["delete", "--id", alpha]),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    expect(results.map((r) => r.stderr.split("\n")[0])).toEqual([
      "connections: a command is required (add, list, rotate, mode, disable, enable or oauth)",
      "connections: --provider is required (ghl, unipile, smartlead, instantly, calendly)",
      "connections: --client-id must be a UUID, e.g. 0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a39",
      "connections: --mode must be live or sandbox",
      "connections: --id UUID is required",
      expect.stringMatching(/^connections: Unknown option '--frobnicate'/),
      'connections: unknown command "delete" (add, list, rotate, mode, disable, enable or oauth)',
    ]);
    for (const r of results) expect(r.stderr).toContain("Usage: npm run connections -- <command> [options]");
    expect(await db.prisma.providerConnection.count()).toBe(2);
  });
  it("refuses to write a secret with a key that does not open the stored ones (exit 1, nothing written)", async () => {
    const other = { ...env, LEADCLOCK_ENCRYPTION_KEY: randomBytes(32).toString("base64") };
    const before = await db.prisma.providerConnection.count();
    const added = await runCli(
      "connections.ts",
      ["add", "--client-id", alpha, "--provider", "instantly", "--account", "ws-wrong-key"],
      other,
    );
    expect(added.code).toBe(1);
    expect(added.stderr).toContain("LEADCLOCK_ENCRYPTION_KEY does not open the secrets already stored");
    expect(await db.prisma.providerConnection.count()).toBe(before);
    const some = await db.prisma.providerConnection.findFirstOrThrow({ where: { webhookSecretEnc: { not: null } } });
    const stored = some.webhookSecretEnc;
    const rotated = await runCli("connections.ts", ["rotate", "--id", some.id], other);
    expect(rotated.code).toBe(1);
    expect((await db.prisma.providerConnection.findUniqueOrThrow({ where: { id: some.id } })).webhookSecretEnc).toBe(
      stored,
    );
  });
});
