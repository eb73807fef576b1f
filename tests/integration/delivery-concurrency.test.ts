// Concurrent runs: 10 cron runs at once over 500 due auto-sends send each exactly once,
// and a connection's rate budget (persisted in PostgreSQL) holds while 4 runs share it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { widenedWindowMs } from "@/lib/delivery/rate-budget";
import { createPrismaClient, type Db } from "@/lib/prisma-client";
import { startFakeProviderServer, type FakeProviders } from "../helpers/fake-provider-server";
import {
  createDeliveryWorkspace,
  createSendConnection,
  drainAutoSends,
  seedAutoSendsBulk,
} from "../helpers/delivery-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;
let fake: FakeProviders;
const T0 = new Date("2026-10-14T15:00:00.000Z");

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeProviderServer({ uniqueIds: true });
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});
beforeEach(() => fake.reset());

/** The most timestamps (ms) inside any window of `windowMs`. */
function densest(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("concurrent runs", () => {
  it("10 concurrent cron runs over 500 due auto-sends: each sent exactly once", async () => {
    const clientId = (await createDeliveryWorkspace(db.prisma, "Busy Co")).id;
    const connections = await Promise.all(
      Array.from({ length: 10 }, () => createSendConnection(db.prisma, fake, { clientId, provider: "GHL" })),
    );
    await seedAutoSendsBulk(db.prisma, { clientId, connections, count: 500, inboundAt: T0, runAt: () => T0 });
    // Rounds of 10 runs at once until the queue is empty (a loaded machine may not drain it in one
    // run's time budget); each round's clock is later, so retried jobs come due too.
    // Each run has its own connection pool, as separate cron invocations do.
    const pools: Db[] = Array.from({ length: 10 }, () => createPrismaClient(db.url, { max: 3 }));
    for (let round = 0; round < 10; round++) {
      const now = () => new Date(T0.getTime() + 300_000 + round * 600_000);
      await Promise.all(
        pools.map((pool, i) => drainAutoSends(pool, now, { concurrency: 4, runnerId: `runner-${round}-${i}` })),
      );
      const left = await db.prisma.backgroundJob.count({ where: { clientId, status: { in: ["PENDING", "RUNNING"] } } });
      if (left === 0) break;
    }
    await Promise.all(pools.map((pool) => pool.$disconnect()));
    expect(fake.accepted).toHaveLength(500);
    const drafts = fake.requests.map((r) => String(r.body?.message));
    expect(new Set(drafts).size).toBe(500);
    const [counts] = await db.query<{ messages: string; sends: string; jobs: string; drafts: string }>(
      `SELECT (SELECT count(*) FROM "Message" WHERE "clientId" = $1 AND "direction" = 'outbound' AND "sentBy" = 'ai') AS messages,
              (SELECT count(*) FROM "OutboundSend" WHERE "clientId" = $1 AND "status" = 'sent') AS sends,
              (SELECT count(*) FROM "BackgroundJob" WHERE "clientId" = $1 AND "status" = 'SUCCEEDED') AS jobs,
              (SELECT count(*) FROM "AIDraft" WHERE "clientId" = $1 AND "status" = 'SENT') AS drafts`,
      [clientId],
    );
    expect(counts).toEqual({ messages: "500", sends: "500", jobs: "500", drafts: "500" });
  }, 300_000);

  it("the per-connection rate limit holds under 4 concurrent runs (SmartLead: 10 / s, 60 / min)", async () => {
    const clientId = (await createDeliveryWorkspace(db.prisma, "Paced Co")).id;
    const connection = await createSendConnection(db.prisma, fake, { clientId, provider: "SMARTLEAD" });
    await seedAutoSendsBulk(db.prisma, {
      clientId,
      connections: [connection],
      count: 35,
      inboundAt: T0,
      runAt: () => T0,
    });
    // The real clock: the budget spaces real requests over several seconds, and jobs wait for
    // their slots, so runs repeat (a little apart) until all are sent or a generous deadline —
    // never a fixed number of rounds, which a fast machine finishes before the slots come due.
    const deadline = Date.now() + 90_000;
    for (let round = 0; fake.accepted.length < 35 && Date.now() < deadline; round++) {
      await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          drainAutoSends(db.prisma, () => new Date(), { concurrency: 4, runnerId: `r${round}-${i}` }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(fake.accepted).toHaveLength(35);
    const slots = (await db.prisma.outboundSend.findMany({ where: { clientId }, select: { attemptedAt: true } })).map(
      (s) => s.attemptedAt!.getTime(),
    );
    // The budget's own slots never put more than the limit in any (widened) window...
    expect(densest(slots, widenedWindowMs(1_000))).toBeLessThanOrEqual(10);
    expect(densest(slots, widenedWindowMs(60_000))).toBeLessThanOrEqual(60);
    // (Arrival times at the server are not asserted: on a loaded machine a request can leave late
    // and bunch with the next ones. The benchmark reports the rate the server saw; a provider that
    // counts one too many answers 429, which reschedules at its Retry-After.)
    expect(fake.requests).toHaveLength(35);
  }, 120_000);
});
