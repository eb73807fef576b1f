// The demo seed against a real PostgreSQL: deterministic contents, --reset behaviour,
// and the internal consistency the response-timing processor relies on (docs/definitions.md).
import { verifyPassword } from "better-auth/crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeChosenDelaySeconds } from "../../lib/background-jobs/delayed-auto-send";
import { DEMO_LOGINS, DEMO_PASSWORD } from "../../lib/demo/demo-logins";
import { DEMO_TABLES, SeedRefusedError, seedDemo } from "../../lib/demo/seed-demo";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const NOW = new Date("2026-03-02T15:00:00.000Z");
const LEADS = 800;
const SEED = 42;

let databases: TestDatabase[] = [];
let urlA = "";
let urlB = "";
let db: pg.Client;

async function tableDigests(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const digests: Record<string, string> = {};
    for (const table of DEMO_TABLES) {
      // Password hashes carry a random salt; everything else must match byte for byte.
      const { rows } = await client.query<{ digest: string; n: number }>(
        `SELECT md5(coalesce(string_agg((to_jsonb(t) - 'password')::text, E'\\n' ORDER BY t.id), '')) AS digest, count(*)::int AS n
           FROM "${table}" t`,
      );
      digests[table] = `${rows[0]?.n}:${rows[0]?.digest}`;
    }
    return digests;
  } finally {
    await client.end();
  }
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
  return rows[0]?.n ?? -1;
}

beforeAll(async () => {
  // Two migrated databases, so the same seed can be written twice and compared.
  databases = [await createTestDatabase(), await createTestDatabase()];
  [urlA, urlB] = databases.map((d) => d.url) as [string, string];
  await Promise.all([urlA, urlB].map((url) => seedDemo({ connectionString: url, leads: LEADS, seed: SEED, now: NOW })));
  db = new pg.Client({ connectionString: urlA });
  await db.connect();
}, 240_000);

afterAll(async () => {
  await db?.end();
  for (const database of databases) await database.drop();
}, 60_000);

describe("determinism and --reset", () => {
  it("gives identical table contents for the same seed, now and lead count", async () => {
    const [a, b] = await Promise.all([tableDigests(urlA), tableDigests(urlB)]);
    expect(b).toEqual(a);
    expect(a.Lead).toMatch(new RegExp(`^${LEADS}:`));
  });

  it("refuses a non-empty database without reset, and reseeds identically with it", async () => {
    const before = await tableDigests(urlB);
    await expect(seedDemo({ connectionString: urlB, leads: 10, seed: SEED, now: NOW })).rejects.toBeInstanceOf(
      SeedRefusedError,
    );
    expect(await tableDigests(urlB)).toEqual(before);

    await seedDemo({ connectionString: urlB, leads: LEADS, seed: SEED + 1, now: NOW, reset: true });
    expect((await tableDigests(urlB)).Message).not.toBe(before.Message);
    await seedDemo({ connectionString: urlB, leads: LEADS, seed: SEED, now: NOW, reset: true, chunkLeads: 150 });
    expect(await tableDigests(urlB)).toEqual(before);
  }, 120_000);
});

describe("consistency of the seeded rows", () => {
  it("links every AI outbound to a draft triggered by an earlier inbound of the same thread", async () => {
    expect(await count(`SELECT 1 FROM "Message" WHERE "sentBy" = 'ai'`)).toBeGreaterThan(100);
    const broken = await count(`
      SELECT m.id FROM "Message" m
        LEFT JOIN "AIDraft" d ON d.id = m."aiDraftId"
        LEFT JOIN "Message" t ON t.id = d."triggerMessageId"
       WHERE m."sentBy" = 'ai'
         AND (m.direction <> 'outbound' OR m."sentByUserId" IS NOT NULL OR d.id IS NULL OR t.direction <> 'inbound'
              OR t."leadId" <> m."leadId" OR t.channel <> m.channel OR d.channel <> m.channel
              OR (t."sentAt", t.id) >= (m."sentAt", m.id))`);
    expect(broken).toBe(0);
  });

  it("schedules every delayed auto-send at trigger + the deterministic chosen delay", async () => {
    const { rows } = await db.query<{
      triggerId: string;
      sentAt: Date;
      runAt: Date;
      min: number;
      max: number;
      draftTrigger: string;
    }>(`
      SELECT t.id AS "triggerId", t."sentAt", j."runAt", c."aiDelayMinSeconds" AS min, c."aiDelayMaxSeconds" AS max,
             d."triggerMessageId" AS "draftTrigger"
        FROM "BackgroundJob" j
        JOIN "Message" t ON t.id = j."messageId"
        JOIN "Client" c ON c.id = j."clientId"
        JOIN "AIDraft" d ON d.id = j."draftId"
       WHERE j.type = 'AI_AUTO_SEND_DELAYED'`);
    expect(rows.length).toBe(await count(`SELECT 1 FROM "BackgroundJob"`));
    const wrong = rows.filter(
      (r) =>
        r.draftTrigger !== r.triggerId ||
        r.runAt.getTime() !== r.sentAt.getTime() + computeChosenDelaySeconds(r.triggerId, r.min, r.max) * 1000,
    );
    expect(wrong).toEqual([]);
    const badLifecycle = await count(`
      SELECT 1 FROM "BackgroundJob" j
       WHERE (j.status = 'SUCCEEDED' AND (j."startedAt" < j."runAt" OR j."finishedAt" <= j."startedAt"
              OR NOT EXISTS (SELECT 1 FROM "Message" m WHERE m."aiDraftId" = j."draftId" AND m."sentBy" = 'ai')))
          OR (j.status IN ('CANCELED', 'PENDING') AND EXISTS (SELECT 1 FROM "Message" m WHERE m."aiDraftId" = j."draftId" AND m."sentBy" = 'ai'))
          OR (j.status = 'PENDING' AND j."startedAt" IS NOT NULL)`);
    expect(badLifecycle).toBe(0);
  });

  it("attributes setter messages to members of the workspace, and inbound messages to nobody", async () => {
    expect(
      await count(`
      SELECT 1 FROM "Message" m WHERE m."sentBy" = 'setter' AND NOT EXISTS
        (SELECT 1 FROM "ClientMember" cm WHERE cm."clientId" = m."clientId" AND cm."userId" = m."sentByUserId")`),
    ).toBe(0);
    expect(
      await count(`
      SELECT 1 FROM "Message" WHERE (direction = 'inbound' AND ("sentBy" IS NOT NULL OR "sentByUserId" IS NOT NULL OR "aiDraftId" IS NOT NULL))
         OR (direction = 'outbound' AND "sentBy" IS NULL) OR ("sentBy" = 'system' AND ("sentByUserId" IS NOT NULL OR "aiDraftId" IS NOT NULL))`),
    ).toBe(0);
  });

  it("keeps Lead.lastInboundAt / lastOutboundAt equal to the messages", async () => {
    expect(
      await count(`
      SELECT 1 FROM "Lead" l
       WHERE l."lastInboundAt" IS DISTINCT FROM (SELECT max("sentAt") FROM "Message" m WHERE m."leadId" = l.id AND m.direction = 'inbound')
          OR l."lastOutboundAt" IS DISTINCT FROM (SELECT max("sentAt") FROM "Message" m WHERE m."leadId" = l.id AND m.direction = 'outbound')`),
    ).toBe(0);
  });

  it("gives messages, drafts and jobs the clientId of their lead", async () => {
    for (const table of ["Message", "AIDraft", "BackgroundJob"]) {
      expect(
        await count(`SELECT 1 FROM "${table}" x JOIN "Lead" l ON l.id = x."leadId" WHERE x."clientId" <> l."clientId"`),
      ).toBe(0);
    }
  });

  it("has leads on all three channels in both workspaces", async () => {
    const { rows } = await db.query<{ name: string; channels: string[] }>(`
      SELECT c.name, array_agg(DISTINCT m.channel::text ORDER BY m.channel::text) AS channels
        FROM "Message" m JOIN "Client" c ON c.id = m."clientId" GROUP BY c.name ORDER BY c.name`);
    expect(rows).toEqual([
      { name: "Brightside Growth", channels: ["email", "linkedin", "sms"] },
      { name: "Northwind Appointments", channels: ["email", "linkedin", "sms"] },
    ]);
  });

  it("contains the interesting cases: unanswered streaks, human-sent drafts, cancellations, pending jobs, ties", async () => {
    const lastOfThread = `SELECT direction FROM (SELECT direction, row_number() OVER (PARTITION BY "leadId", channel ORDER BY "sentAt" DESC, id DESC) AS rn FROM "Message") x WHERE rn = 1`;
    expect(await count(`${lastOfThread} AND direction = 'inbound'`)).toBeGreaterThan(5);
    expect(
      await count(`SELECT 1 FROM "Message" WHERE "sentBy" = 'setter' AND "aiDraftId" IS NOT NULL`),
    ).toBeGreaterThan(5);
    expect(await count(`SELECT 1 FROM "Message" WHERE "sentBy" = 'system'`)).toBeGreaterThan(5);
    expect(await count(`SELECT 1 FROM "BackgroundJob" WHERE status = 'CANCELED'`)).toBeGreaterThan(5);
    expect(
      await count(`SELECT 1 FROM "BackgroundJob" WHERE status = 'PENDING' AND "runAt" > $1`, [NOW]),
    ).toBeGreaterThan(0);
    expect(
      await count(
        `SELECT 1 FROM "Message" a JOIN "Message" b ON a."leadId" = b."leadId" AND a.channel = b.channel AND a."sentAt" = b."sentAt" AND a.id < b.id`,
      ),
    ).toBeGreaterThan(0);
    expect(await count(`SELECT 1 FROM "Message" WHERE "sentAt" > $1 OR "createdAt" > $1`, [NOW])).toBe(0);
  });

  it("records booking outcomes coherently", async () => {
    expect(
      await count(`SELECT 1 FROM "Lead" WHERE "appointmentBookedAt" IS NOT NULL AND "appointmentStatus" <> 'CANCELED'`),
    ).toBeGreaterThan(20);
    expect(
      await count(`SELECT 1 FROM "Lead" WHERE "appointmentStatus" IS NOT NULL AND "appointmentBookedAt" IS NULL`),
    ).toBeGreaterThan(0);
    expect(
      await count(`
      SELECT 1 FROM "Lead" WHERE ("appointmentStatus" = 'CANCELED') <> ("appointmentCanceledAt" IS NOT NULL)
         OR ("appointmentStatus" IS NULL) <> ("appointmentProvider" IS NULL)
         OR ("appointmentProvider" = 'GHL' AND "ghlAppointmentId" IS NULL)
         OR ("appointmentProvider" = 'CALENDLY' AND "calendlyScheduledEventUri" IS NULL)`),
    ).toBe(0);
  });

  it("creates the demo logins with working credentials and the documented roles", async () => {
    const { rows } = await db.query<{
      email: string;
      role: string;
      workspace: string;
      password: string;
      providerId: string;
    }>(`
      SELECT u.email, cm.role::text AS role, c.name AS workspace, a.password, a."providerId"
        FROM "User" u JOIN "ClientMember" cm ON cm."userId" = u.id JOIN "Client" c ON c.id = cm."clientId"
        JOIN "Account" a ON a."userId" = u.id AND a."accountId" = u.id`);
    for (const login of DEMO_LOGINS) {
      const mine = rows.filter((r) => r.email === login.email);
      expect(mine.map((r) => `${r.workspace}:${r.role}`).sort()).toEqual(
        login.workspaceNames.map((w) => `${w}:${login.role}`).sort(),
      );
      expect(mine[0]?.providerId).toBe("credential");
      expect(await verifyPassword({ hash: mine[0]?.password ?? "", password: DEMO_PASSWORD })).toBe(true);
    }
  }, 30_000);
});
