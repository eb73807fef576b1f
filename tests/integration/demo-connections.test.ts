// The demo seed's provider connections: one sandbox connection per provider in each
// workspace, with fixed account ids and deterministic row ids, random secrets encrypted
// with the given key, and every demo setter mapped to a GoHighLevel user id.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECTION_SECRETS_SELECT, loadConnectionSecrets } from "@/lib/connections/connection-secrets";
import { DEMO_ACCOUNT_IDS } from "@/lib/demo/demo-connections";
import { seedDemo } from "@/lib/demo/seed-demo";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const NOW = new Date("2026-03-02T15:00:00.000Z");
const key = randomBytes(32);
let db: TestDatabase;

const connections = () =>
  db.prisma.providerConnection.findMany({
    select: {
      id: true,
      provider: true,
      externalAccountId: true,
      mode: true,
      client: { select: { name: true } },
      ...CONNECTION_SECRETS_SELECT,
    },
    orderBy: { id: "asc" },
  });

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo({ connectionString: db.url, leads: 0, seed: 5, now: NOW, encryptionKey: key });
});

afterAll(async () => {
  await db?.drop();
});

describe("demo connections", () => {
  it("gives each demo workspace one sandbox connection per provider, its secret decryptable with the key", async () => {
    const rows = await connections();
    const byWorkspace = (name: string) =>
      rows
        .filter((r) => r.client.name === name)
        .map((r) => [r.provider, r.externalAccountId, r.mode])
        .sort();
    const expected = (k: keyof typeof DEMO_ACCOUNT_IDS) =>
      Object.entries(DEMO_ACCOUNT_IDS[k])
        .map(([provider, account]) => [provider, account, "sandbox"])
        .sort();
    expect(byWorkspace("Northwind Appointments")).toEqual(expected("northwind"));
    expect(byWorkspace("Brightside Growth")).toEqual(expected("brightside"));
    for (const row of rows) {
      const { webhookSecrets, apiKey } = loadConnectionSecrets(row, key, NOW);
      expect(apiKey).toBeNull();
      if (row.provider === "GHL") expect(webhookSecrets).toEqual([]);
      else expect(webhookSecrets).toEqual([expect.stringMatching(/^whsec_[\w-]{43}$/)]);
    }
  });

  it("maps every demo setter, and only setters, to a distinct GoHighLevel user id", async () => {
    // LEFT JOIN: an identity whose user is not a member of the identity's workspace shows up
    // with a null role instead of silently dropping out of the count.
    const identities = await db.query<{
      role: string | null;
      provider: string;
      externalUserId: string;
    }>(`
      SELECT cm.role::text AS role, i.provider::text AS provider, i."externalUserId"
        FROM "MemberProviderIdentity" i
        LEFT JOIN "ClientMember" cm ON cm."userId" = i."userId" AND cm."clientId" = i."clientId"`);
    const setters = await db.prisma.clientMember.count({ where: { role: "SETTER" } });
    expect(identities).toHaveLength(setters);
    expect(setters).toBeGreaterThan(0);
    expect(identities.every((i) => i.role === "SETTER" && i.provider === "GHL")).toBe(true);
    expect(identities.every((i) => /^[A-Za-z0-9]{20}$/.test(i.externalUserId))).toBe(true);
    expect(new Set(identities.map((i) => i.externalUserId)).size).toBe(setters);
  });

  it("reseeds with the same ids and account ids but fresh secrets", async () => {
    const before = await connections();
    const identitiesBefore = await db.query(`SELECT * FROM "MemberProviderIdentity" ORDER BY id`);
    const result = await seedDemo({
      connectionString: db.url,
      leads: 0,
      seed: 5,
      now: NOW,
      reset: true,
      encryptionKey: key,
    });
    expect(result.counts).toMatchObject({ ProviderConnection: 10, MemberProviderIdentity: identitiesBefore.length });
    const after = await connections();
    expect(after.map((r) => [r.id, r.provider, r.externalAccountId])).toEqual(
      before.map((r) => [r.id, r.provider, r.externalAccountId]),
    );
    const secret = (rows: typeof before) =>
      rows.filter((r) => r.provider !== "GHL").map((r) => loadConnectionSecrets(r, key, NOW).webhookSecrets[0]);
    const [a, b] = [secret(before), secret(after)];
    expect(a.every((s, i) => s !== b[i])).toBe(true);
    expect(await db.query(`SELECT * FROM "MemberProviderIdentity" ORDER BY id`)).toEqual(identitiesBefore);
  });
});
