// The backfill's bulk path (lib/response-timing/bulk/) against real demo data: the same rows
// as the cron's statement, byte for byte; dry run through the same staging; chunks that each
// commit and resume; threads changed after the staging snapshot; the path picked by size.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillResponseTiming, BULK_MIN_THREADS, type BackfillOptions } from "@/lib/response-timing/backfill";
import { processResponseTiming } from "@/lib/response-timing/processor";
import { readStateFile } from "@/lib/response-timing/backfill/state-file";
import type { TestDatabase } from "../helpers/test-database";
import { count, DEMO_NOW, eventRows, rebuildReference, seededDatabase } from "../helpers/backfill-fixtures";

let db: TestDatabase;
let reference: Record<string, unknown>[];

beforeAll(async () => {
  const [a, b] = await Promise.all([seededDatabase(), seededDatabase()]);
  db = a;
  reference = await rebuildReference(b);
  await b.drop();
});

afterAll(async () => {
  await db?.drop();
});

async function backfill(options: Partial<Omit<BackfillOptions, "client">>) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const lines: string[] = [];
  try {
    const result = await backfillResponseTiming({
      client,
      mode: "apply",
      now: DEMO_NOW,
      lookbackDays: 365,
      path: "bulk",
      batchSize: 9,
      log: (l) => lines.push(l),
      ...options,
    });
    return { result, lines };
  } finally {
    await client.end();
  }
}

describe("backfillResponseTiming, bulk path", () => {
  it("dry run: stages and counts like the batched path, writes nothing, consumes no queue rows", async () => {
    const queued = await count(db, "ResponseTimingQueue");
    expect(queued).toBeGreaterThan(0);
    const bulk = await backfill({ mode: "dry-run" });
    const batched = await backfill({ mode: "dry-run", path: "batched" });
    expect(bulk.result.path).toBe("bulk");
    expect(bulk.result).toMatchObject({
      threads: batched.result.threads,
      anchors: reference.length,
      written: reference.length,
      deleted: 0,
      completed: true,
    });
    expect(bulk.lines.some((l) => l.startsWith("Path: bulk (--path bulk)"))).toBe(true);
    expect(bulk.lines.some((l) => /^Staged \d+ anchors of \d+ threads in /.test(l))).toBe(true);
    expect(await count(db, "ResponseTimingEvent")).toBe(0);
    expect(await count(db, "ResponseTimingQueue")).toBe(queued);
  });

  it("apply: the table equals the cron's rebuild row for row, the queue is consumed, a second run writes nothing", async () => {
    const { result, lines } = await backfill({ mode: "apply" });
    expect(await eventRows(db)).toEqual(reference);
    expect(result).toMatchObject({ path: "bulk", anchors: reference.length, written: reference.length, deleted: 0 });
    expect(result.batches).toBe(Math.ceil(result.threads / 9));
    expect(lines.filter((l) => l.startsWith("[batch")).length).toBe(result.batches);
    expect(await count(db, "ResponseTimingQueue")).toBe(0);

    const again = await backfill({ mode: "apply", batchSize: 1000 });
    expect(again.result).toMatchObject({ written: 0, deleted: 0, anchors: reference.length });
    const batchedCheck = await backfill({ mode: "dry-run", path: "batched" });
    expect(batchedCheck.result).toMatchObject({ written: 0, deleted: 0 });
  });

  it("interrupted after 2 chunks, --resume stages what is left and ends equal to a clean run", async () => {
    await db.query(`TRUNCATE "ResponseTimingEvent"`);
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "backfill-bulk-")), "state.json");
    const first = await backfill({ stopAfterBatches: 2, stateFile: file });
    expect(first.result).toMatchObject({ completed: false, batches: 2 });
    const partial = await count(db, "ResponseTimingEvent");
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(reference.length);
    const saved = await readStateFile(file);
    expect(saved).toMatchObject({ batchesDone: 2, batchSize: 9, totals: { threads: 18 } });
    const resumed = await backfill({ stateFile: file, resume: saved });
    expect(resumed.result).toMatchObject({ completed: true, firstBatch: 3 });
    expect(await eventRows(db)).toEqual(reference);
  });

  it("threads changed after the staging snapshot are re-derived live, whether still queued or already derived by the cron", async () => {
    await db.query(`TRUNCATE "ResponseTimingEvent"`);
    // Two answered threads: one gets a new inbound + reply after the snapshot and stays queued;
    // the other gets a new inbound, and the cron derives it before the rebuild's chunk does.
    const threads = await db.query<{ leadId: string; channel: string; clientId: string }>(
      `SELECT "leadId", "channel"::text, min("clientId"::text) AS "clientId" FROM "Message" GROUP BY 1, 2
        HAVING bool_or("direction" = 'outbound') ORDER BY 1, 2 LIMIT 2`,
    );
    const later = new Date(DEMO_NOW.getTime() - 60_000);
    const insert = (t: { leadId: string; channel: string; clientId: string }, direction: string, sec: number) =>
      db.query(
        `INSERT INTO "Message" ("id", "clientId", "leadId", "channel", "direction", "body", "sentAt", "sentBy")
         VALUES (gen_random_uuid(), $1, $2, $3::"MessageChannel", $4::"MessageDirection", 'late', $5, $6::"MessageSender")`,
        [
          t.clientId,
          t.leadId,
          t.channel,
          direction,
          new Date(later.getTime() + sec * 1000),
          direction === "outbound" ? "system" : null,
        ],
      );
    const { result, lines } = await backfill({
      batchSize: 1000,
      onStaged: async () => {
        await insert(threads[0]!, "inbound", 0);
        await insert(threads[0]!, "outbound", 1);
        await insert(threads[1]!, "inbound", 0);
        await insert(threads[1]!, "outbound", 1);
        // The cron consumes every queued change now (including the first thread's; re-queue it).
        await processResponseTiming({
          db: db.prisma,
          now: DEMO_NOW,
          batchSize: 500,
          maxMs: 60_000,
          lookbackDays: 3650,
        });
        await insert(threads[0]!, "inbound", 2);
      },
    });
    expect(result.completed).toBe(true);
    expect(lines.some((l) => /^ {2}\d+ thread\(s\) changed after the staging snapshot/.test(l))).toBe(true);
    // Nothing is left for a live derivation to change.
    const check = await backfill({ mode: "dry-run", path: "batched" });
    expect(check.result).toMatchObject({ written: 0, deleted: 0 });
    await db.query(`DELETE FROM "Message" WHERE "body" = 'late'`);
    await processResponseTiming({ db: db.prisma, now: DEMO_NOW, batchSize: 500, maxMs: 60_000, lookbackDays: 3650 });
    expect(await eventRows(db)).toEqual(reference);
  });

  it("auto picks by size and says which; bulk needs a direct connection", async () => {
    const { result, lines } = await backfill({ mode: "dry-run", path: "auto", batchSize: undefined });
    expect(result.threads).toBeLessThan(BULK_MIN_THREADS);
    expect(result.path).toBe("batched");
    expect(lines).toContain(
      `Path: batched (${result.threads} threads, fewer than 5,000): the cron's statement per batch of 500 threads.`,
    );
    await expect(backfill({ mode: "dry-run", storage: "memory" })).rejects.toThrow(
      /bulk path needs a direct connection/,
    );
  });
});
