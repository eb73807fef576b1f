// `npm run connections -- oauth` as a real process on a real database: store a pair (encrypted,
// never printed), see it in `list`, clear it; refusals (unknown id, a provider without OAuth)
// exit 1 writing nothing; bad flags exit 2 with the usage.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { runCli } from "../helpers/backfill-fixtures";
import { createWorkspace } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;
let env: Record<string, string>;
const key = randomBytes(32);
const ids = { ghl: "", calendly: "", smartlead: "" };
const cli = (args: string[]) => runCli("connections.ts", args, env);
const tokens = (id: string) =>
  db.prisma.providerConnection.findUniqueOrThrow({
    where: { id },
    select: { oauthAccessTokenEnc: true, oauthRefreshTokenEnc: true, oauthAccessExpiresAt: true },
  });

beforeAll(async () => {
  db = await createTestDatabase();
  const alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  const conn = (provider: "GHL" | "CALENDLY" | "SMARTLEAD", externalAccountId: string) =>
    db.prisma.providerConnection.create({ data: { clientId: alpha, provider, externalAccountId } }).then((c) => c.id);
  ids.ghl = await conn("GHL", "loc-cli");
  ids.calendly = await conn("CALENDLY", "https://api.calendly.com/organizations/CLI");
  ids.smartlead = await conn("SMARTLEAD", "sl-cli");
  env = {
    DATABASE_URL: db.url,
    LEADCLOCK_ENCRYPTION_KEY: key.toString("base64"),
    LEADCLOCK_PUBLIC_URL: "https://hooks.example.test",
  };
});

afterAll(async () => {
  await db?.drop();
});

describe("connections CLI: oauth", () => {
  it("stores a pair (--expires-in, --json and --expires-at, text), lists it, clears it; never prints a token", async () => {
    const [stored, text] = await Promise.all([
      cli([
        "oauth",
        "--id",
        ids.ghl,
        "--access-token",
        "cli-at",
        "--refresh-token",
        "cli-rt",
        "--expires-in",
        "3600",
        "--json",
      ]),
      cli([
        "oauth",
        "--id",
        ids.calendly,
        "--access-token",
        "cal-at",
        "--refresh-token",
        "cal-rt",
        "--expires-at",
        "2030-01-02T03:04:05Z",
      ]),
    ]);
    expect(stored.stderr).toBe("");
    expect(stored.code).toBe(0);
    const body = JSON.parse(stored.stdout) as { id: string; hasOAuth: boolean; oauthAccessExpiresAt: string };
    expect(body).toMatchObject({ id: ids.ghl, hasOAuth: true, oauthAccessExpiresAt: expect.any(String) });
    const row = await tokens(ids.ghl);
    expect(row.oauthAccessExpiresAt?.toISOString()).toBe(body.oauthAccessExpiresAt);
    expect(decryptSecret(row.oauthAccessTokenEnc!, key)).toBe("cli-at");
    expect(decryptSecret(row.oauthRefreshTokenEnc!, key)).toBe("cli-rt");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `Stored the OAuth token pair of connection ${ids.calendly} (access token expires 2030-01-02T03:04:05.000Z).`,
    );
    expect(`${stored.stdout}${text.stdout}`).not.toMatch(/cli-at|cli-rt|cal-at|cal-rt/);

    const [listed, listedText] = await Promise.all([cli(["list", "--json"]), cli(["list"])]);
    const all = JSON.parse(listed.stdout) as { id: string; hasOAuth: boolean; oauthAccessExpiresAt: string | null }[];
    expect(all.find((c) => c.id === ids.calendly)).toMatchObject({
      hasOAuth: true,
      oauthAccessExpiresAt: "2030-01-02T03:04:05.000Z",
    });
    expect(all.find((c) => c.id === ids.smartlead)).toMatchObject({ hasOAuth: false, oauthAccessExpiresAt: null });
    expect(listedText.stdout).toContain("OAuth: access token expires 2030-01-02T03:04:05.000Z");
    expect(`${listed.stdout}${listedText.stdout}`).not.toMatch(/cli-at|cli-rt|cal-at|cal-rt|v1:/);

    const cleared = await cli(["oauth", "--id", ids.ghl, "--clear"]);
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain(`Removed the OAuth token pair of connection ${ids.ghl}.`);
    expect(await tokens(ids.ghl)).toEqual({
      oauthAccessTokenEnc: null,
      oauthRefreshTokenEnc: null,
      oauthAccessExpiresAt: null,
    });
  });

  it("refuses an unknown id and a provider without OAuth with exit 1, writing nothing", async () => {
    const before = await db.query(`SELECT * FROM "ProviderConnection" ORDER BY id`);
    const nobody = "00000000-0000-4000-8000-000000000000";
    const pair = ["--access-token", "a", "--refresh-token", "r", "--expires-in", "60"];
    const [unknown, smartlead] = await Promise.all([
      cli(["oauth", "--id", nobody, ...pair]),
      cli(["oauth", "--id", ids.smartlead, ...pair]),
    ]);
    expect([unknown.code, smartlead.code]).toEqual([1, 1]);
    expect(unknown.stderr).toContain(`No connection with id ${nobody}. Nothing was written.`);
    expect(smartlead.stderr).toContain("SmartLead connections have no OAuth (only GoHighLevel and Calendly).");
    expect(await db.query(`SELECT * FROM "ProviderConnection" ORDER BY id`)).toEqual(before);
  });

  it("answers bad flags with the usage and exit 2", async () => {
    const [noExpiry, both] = await Promise.all([
      cli(["oauth", "--id", ids.ghl, "--access-token", "a", "--refresh-token", "r"]),
      cli(["oauth", "--id", ids.ghl, "--clear", "--access-token", "a"]),
    ]);
    expect([noExpiry.code, both.code]).toEqual([2, 2]);
    expect(noExpiry.stderr).toContain("connections: give exactly one of --expires-in SECONDS or --expires-at ISO");
    expect(both.stderr).toContain("--clear cannot be combined with token flags");
    expect(noExpiry.stderr).toContain("oauth --id UUID --clear [--json]");
    expect((await tokens(ids.ghl)).oauthRefreshTokenEnc).toBeNull();
  });
});
