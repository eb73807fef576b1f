// Run-level behaviour of the processor: bounded by maxMs, incremental, safe when runs
// overlap (Vercel may deliver a cron twice or overlap slow runs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/lib/demo/seed-demo";
import { processResponseTiming } from "@/lib/response-timing/processor";
import { createPrismaClient } from "@/lib/prisma-client";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { rebuildFromScratch, timingSnapshot } from "../helpers/apply-history";

const now = new Date("2026-06-01T12:00:00.000Z");
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo({ connectionString: db.url, leads: 80, now });
});

afterAll(async () => {
  await db?.drop();
});

const queued = async () =>
  (await db.query<{ n: number }>(`select count(*)::int as n from "ResponseTimingQueue"`))[0]!.n;

describe("processResponseTiming runs", () => {
  it("validates its options", async () => {
    await expect(processResponseTiming({ db: db.prisma, batchSize: 0, maxMs: 10, lookbackDays: 90 })).rejects.toThrow(
      /batchSize/,
    );
    await expect(processResponseTiming({ db: db.prisma, batchSize: 10, maxMs: -1, lookbackDays: 90 })).rejects.toThrow(
      /maxMs/,
    );
    await expect(processResponseTiming({ db: db.prisma, batchSize: 10, maxMs: 10, lookbackDays: 0.5 })).rejects.toThrow(
      /lookbackDays/,
    );
  });

  it("stops starting batches once maxMs is spent and says work is left", async () => {
    expect(await queued()).toBeGreaterThan(5);
    const result = await processResponseTiming({ db: db.prisma, now, batchSize: 2, maxMs: 1, lookbackDays: 365 });
    expect(result).toMatchObject({ exhausted: false, skipped: 0, batches: 1 });
    expect(result.processed).toBeGreaterThan(0);
    expect(result.processed).toBeLessThanOrEqual(2);
    expect(await queued()).toBeGreaterThan(0);
  });

  it("five overlapping runs neither fail nor duplicate, and end where one run ends", async () => {
    const clients = Array.from({ length: 5 }, () => createPrismaClient(db.url, { max: 2 }));
    try {
      const results = await Promise.all(
        clients.map((client) =>
          processResponseTiming({ db: client, now, batchSize: 5, maxMs: 60_000, lookbackDays: 365 }),
        ),
      );
      // Each run waits its turn for the lock (bounded, 3 s) instead of skipping, so runs take turns batch by
      // batch; a run whose wait ran out stops with the batch counted as skipped.
      for (const r of results) expect(r.skipped === 1 || r.exhausted).toBe(true);
      for (
        let i = 0;
        i < 100 &&
        !(await processResponseTiming({ db: db.prisma, now, batchSize: 50, maxMs: 60_000, lookbackDays: 365 }))
          .exhausted;
        i++
      );
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
    const afterOverlap = await timingSnapshot(db.prisma);
    expect(afterOverlap.length).toBeGreaterThan(50);
    const ids = afterOverlap.map((r) => r.inboundMessageId);
    expect(new Set(ids).size).toBe(ids.length);

    await rebuildFromScratch(db.prisma, () =>
      processResponseTiming({ db: db.prisma, now, batchSize: 500, maxMs: 60_000, lookbackDays: 365 }),
    );
    expect(await timingSnapshot(db.prisma)).toEqual(afterOverlap);
  });

  it("a run with nothing new writes nothing", async () => {
    const before = await db.prisma.responseTimingEvent.findMany({ orderBy: { id: "asc" } });
    const result = await processResponseTiming({ db: db.prisma, now, batchSize: 200, maxMs: 15_000, lookbackDays: 90 });
    expect(result).toMatchObject({ processed: 0, skipped: 0, exhausted: true, anchorsWritten: 0, anchorsDeleted: 0 });
    expect(await db.prisma.responseTimingEvent.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("on a database whose history predates the capture triggers, the first run queues the lookback window once", async () => {
    await db.prisma.$executeRaw`DELETE FROM "ResponseTimingState"`;
    await db.prisma.$executeRaw`TRUNCATE "ResponseTimingEvent"`;
    const first = await processResponseTiming({
      db: db.prisma,
      now,
      batchSize: 10_000,
      maxMs: 60_000,
      lookbackDays: 30,
    });
    expect(first.processed).toBeGreaterThan(0);
    const recent = await db.query<{ n: number }>(
      `select count(distinct ("leadId", "channel"))::int as n from "Message" where "sentAt" >= $1`,
      [new Date(now.getTime() - 30 * 86_400_000)],
    );
    expect(first.processed).toBe(recent[0]!.n);
    const second = await processResponseTiming({
      db: db.prisma,
      now,
      batchSize: 10_000,
      maxMs: 60_000,
      lookbackDays: 30,
    });
    expect(second.processed).toBe(0);
  });
});
