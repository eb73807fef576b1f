// The backfill against real demo data: dry run, apply = full rebuild, idempotence,
// progress lines, interruption + resume, the pooler page mode and deletions.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillResponseTiming, BatchFailedError, type BackfillOptions } from "@/lib/response-timing/backfill";
import { processResponseTiming, RESPONSE_TIMING_LOCK, SEEDED_KEY } from "@/lib/response-timing/processor";
import { readStateFile } from "@/lib/response-timing/backfill/state-file";
import type { TestDatabase } from "../helpers/test-database";
import { count, DEMO_NOW, eventRows, rebuildReference, seededDatabase } from "../helpers/backfill-fixtures";

let db: TestDatabase;
let reference: Record<string, unknown>[];
let dir: string;
const PROGRESS = /^\[batch (\d+)\] processed (\d+), total so far (\d+), elapsed \d+\.\ds$/;

beforeAll(async () => {
  const [a, b] = await Promise.all([seededDatabase(), seededDatabase()]);
  db = a;
  reference = await rebuildReference(b);
  await b.drop();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "backfill-test-"));
});

afterAll(async () => {
  await db?.drop();
  await fs.rm(dir, { recursive: true, force: true });
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
      batchSize: 500,
      log: (l) => lines.push(l),
      ...options,
    });
    return { result, lines, batches: lines.filter((l) => PROGRESS.test(l)).map((l) => Number(PROGRESS.exec(l)![1])) };
  } finally {
    await client.end();
  }
}

async function threadsSince(days: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(DISTINCT ("leadId", "channel"))::int AS n FROM "Message" WHERE "sentAt" >= $1`,
    [new Date(DEMO_NOW.getTime() - days * 86_400_000)],
  );
  return row!.n;
}

describe("backfillResponseTiming", () => {
  it("has demo data to work on", async () => {
    expect(reference.length).toBeGreaterThan(50);
    expect(await count(db, "ResponseTimingEvent")).toBe(0);
    expect(await count(db, "ResponseTimingQueue")).toBeGreaterThan(0);
  });

  it("dry run: writes nothing, not even queue deletions, and reports threads and anchors", async () => {
    const queued = await count(db, "ResponseTimingQueue");
    const file = path.join(dir, "dry.json");
    const { result, lines } = await backfill({ mode: "dry-run", batchSize: 20, stateFile: file });
    expect(await count(db, "ResponseTimingEvent")).toBe(0);
    expect(await count(db, "ResponseTimingQueue")).toBe(queued);
    expect(result).toMatchObject({
      threads: await threadsSince(365),
      anchors: reference.length,
      written: reference.length,
      deleted: 0,
      completed: true,
    });
    expect(
      lines.some((l) => /^ {2}anchors: \d+ in these threads, \d+ would be written, 0 would be deleted$/.test(l)),
    ).toBe(true);
    expect(lines).toContain("Dry run complete: nothing was written.");
    // A dry run records its progress too (it can only resume a dry run).
    expect(await readStateFile(file)).toMatchObject({
      mode: "dry-run",
      batchesDone: result.batches,
      totals: { threads: result.threads },
    });

    const recent = await backfill({ mode: "dry-run", lookbackDays: 30 });
    expect(recent.result.threads).toBe(await threadsSince(30));
    expect(recent.result.threads).toBeLessThan(result.threads);
  });

  it("apply: the table equals a full rebuild, row for row, and the rebuilt threads leave the queue", async () => {
    const { result, lines, batches } = await backfill({ mode: "apply", batchSize: 7 });
    expect(await eventRows(db)).toEqual(reference);
    expect(result).toMatchObject({
      anchors: reference.length,
      written: reference.length,
      deleted: 0,
      completed: true,
      firstBatch: 1,
    });
    expect(await count(db, "ResponseTimingQueue")).toBe(0);

    // Progress: batches numbered 1..n, X = threads of the batch, Y = running total.
    const progress = lines.filter((l) => l.startsWith("[batch"));
    expect(progress.length).toBe(Math.ceil(result.threads / 7));
    let total = 0;
    progress.forEach((line, i) => {
      const [, n, x, y] = PROGRESS.exec(line)!;
      total += Number(x);
      expect([Number(n), Number(y)]).toEqual([i + 1, total]);
    });
    expect(batches.at(-1)).toBe(result.batches);
    expect(total).toBe(result.threads);
  });

  it("a second apply writes and deletes nothing", async () => {
    const { result } = await backfill({ mode: "apply", batchSize: 50 });
    expect(result).toMatchObject({ written: 0, deleted: 0, anchors: reference.length });
    expect(await eventRows(db)).toEqual(reference);
  });

  it("interrupted after 2 batches, --resume continues after the last committed batch and ends equal to a clean run", async () => {
    await db.query(`TRUNCATE "ResponseTimingEvent"`);
    const file = path.join(dir, "resume.json");
    const first = await backfill({ mode: "apply", batchSize: 5, stateFile: file, stopAfterBatches: 2 });
    expect(first.result).toMatchObject({ completed: false, batches: 2, batchesThisRun: 2 });
    expect(first.batches).toEqual([1, 2]);
    const saved = await readStateFile(file);
    expect(saved).toMatchObject({ mode: "apply", batchesDone: 2, lookbackDays: 365, clientId: null, batchSize: 5 });
    expect(saved.totals.threads).toBe(10);
    const partial = await count(db, "ResponseTimingEvent");
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(reference.length);

    // Resumed later, with a different clock: the window start stays frozen.
    const second = await backfill({
      mode: "apply",
      batchSize: 5,
      stateFile: file,
      resume: saved,
      now: new Date(DEMO_NOW.getTime() + 86_400_000),
    });
    expect(second.result.from.toISOString()).toBe(saved.from);
    expect(second.batches[0]).toBe(3);
    expect(second.lines).toContain(
      "Resuming after batch 2 (cursor " + saved.cursor!.sentAt + " " + saved.cursor!.id + ").",
    );
    expect(second.result).toMatchObject({
      completed: true,
      firstBatch: 3,
      batches: Math.ceil(second.result.threads / 5),
      written: reference.length,
    });
    expect(second.result.batchesThisRun).toBe(second.result.batches - 2);
    expect(await eventRows(db)).toEqual(reference);
    expect((await readStateFile(file)).batchesDone).toBe(second.result.batches);
  });

  it("a failing batch rolls back whole; the state file keeps the last committed cursor", async () => {
    await db.query(`TRUNCATE "ResponseTimingEvent"`);
    // Thread order = first message (sentAt, id); make the 13th thread (batch 3 of 5) fail to write.
    const order = await db.query<{ leadId: string; channel: string }>(
      `SELECT "leadId", "channel"::text FROM (SELECT DISTINCT ON ("leadId", "channel") "leadId", "channel", "sentAt", "id"
         FROM "Message" ORDER BY "leadId", "channel", "sentAt", "id") f ORDER BY "sentAt", "id"`,
    );
    const bad = order
      .slice(10, 15)
      .find((t, i) => i >= 2 && reference.some((r) => r.leadId === t.leadId && r.channel === t.channel))!;
    await db.query(`CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."leadId" = '${bad.leadId}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
    await db.query(
      `CREATE TRIGGER test_fail BEFORE INSERT ON "ResponseTimingEvent" FOR EACH ROW EXECUTE FUNCTION test_fail()`,
    );
    const file = path.join(dir, "failed.json");
    const failure = backfill({ mode: "apply", batchSize: 5, stateFile: file });
    await expect(failure).rejects.toThrow(
      /^Batch 3 failed and was rolled back \(nothing of it was written\): injected failure$/,
    );
    await expect(failure).rejects.toBeInstanceOf(BatchFailedError);
    const saved = await readStateFile(file);
    expect(saved).toMatchObject({ batchesDone: 2, totals: { threads: 10 } });
    const written = await db.query<{ leadId: string; channel: string }>(
      `SELECT DISTINCT "leadId", "channel"::text FROM "ResponseTimingEvent"`,
    );
    const key = (t: { leadId: string; channel: string }) => `${t.leadId}/${t.channel}`;
    const firstTen = new Set(order.slice(0, 10).map(key));
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((t) => firstTen.has(key(t)))).toBe(true);

    await db.query(`DROP TRIGGER test_fail ON "ResponseTimingEvent"; DROP FUNCTION test_fail()`);
    const resumed = await backfill({ mode: "apply", batchSize: 5, stateFile: file, resume: saved });
    expect(resumed.batches[0]).toBe(3);
    expect(await eventRows(db)).toEqual(reference);
  });

  it("pages held in memory (behind a pooler) give the same table", async () => {
    await db.query(`TRUNCATE "ResponseTimingEvent"`);
    const { result } = await backfill({ mode: "apply", batchSize: 9, storage: "memory" });
    expect(result.written).toBe(reference.length);
    expect(await eventRows(db)).toEqual(reference);
  });

  it("apply waits for a running cron batch (the advisory lock) instead of skipping; a dry run does not wait", async () => {
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT pg_advisory_xact_lock(${RESPONSE_TIMING_LOCK.text})`);
      expect((await backfill({ mode: "dry-run" })).result.completed).toBe(true);
      let done = false;
      const apply = backfill({ mode: "apply" }).finally(() => void (done = true));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(done).toBe(false);
      await holder.query("COMMIT");
      expect((await apply).result).toMatchObject({ completed: true, written: 0 });
    } finally {
      await holder.end();
    }
  });

  it("only the given workspace; an unknown one is a clear error", async () => {
    const [workspace] = await db.query<{ id: string; n: number }>(
      `SELECT "clientId" AS id, count(DISTINCT ("leadId", "channel"))::int AS n FROM "Message" GROUP BY 1 ORDER BY 1 LIMIT 1`,
    );
    const { result } = await backfill({ mode: "dry-run", clientId: workspace!.id });
    expect(result).toMatchObject({ threads: workspace!.n, written: 0 });
    await expect(backfill({ mode: "dry-run", clientId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(
      /No workspace with id 00000000-0000-4000-8000-000000000000/,
    );
  });

  it("removes rows that are no longer anchors, counting them in dry run and apply", async () => {
    const [thread] = await db.query<{ leadId: string; channel: string; n: number }>(
      `SELECT "leadId", "channel"::text, count(*)::int AS n FROM "ResponseTimingEvent" GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 1`,
    );
    // Without outbound messages (and the drafts behind them) nothing in the thread was answered.
    await db.query(`DELETE FROM "Message" WHERE "leadId" = $1 AND "channel" = $2 AND "direction" = 'outbound'`, [
      thread!.leadId,
      thread!.channel,
    ]);
    const dry = await backfill({ mode: "dry-run" });
    expect(dry.result).toMatchObject({ written: 0, deleted: thread!.n });
    const applied = await backfill({ mode: "apply" });
    expect(applied.result).toMatchObject({ written: 0, deleted: thread!.n });
    expect(await count(db, "ResponseTimingEvent")).toBe(reference.length - thread!.n);
  });

  it("a completed apply over all workspaces records the cron's first-run seeding, so the first cron run does not queue history again", async () => {
    const seeded = async () =>
      db.query<{ value: Record<string, unknown> }>(`SELECT "value" FROM "ResponseTimingState" WHERE "key" = $1`, [
        SEEDED_KEY,
      ]);
    await db.query(`DELETE FROM "ResponseTimingState"`);
    const [workspace] = await db.query<{ id: string }>(
      `SELECT "clientId" AS id FROM "Message" GROUP BY 1 ORDER BY 1 LIMIT 1`,
    );

    // Not covered: a dry run, one workspace, a window shorter than the cron's, an interrupted run.
    expect((await backfill({ mode: "dry-run" })).result.queueSeeded).toBe(false);
    const one = await backfill({ mode: "apply", clientId: workspace!.id });
    expect(one.result.queueSeeded).toBe(false);
    expect(one.lines).toContain(
      "The cron's first run will still queue its lookback window: only one workspace was rebuilt.",
    );
    const short = await backfill({ mode: "apply", lookbackDays: 30, cronLookbackDays: 90 });
    expect(short.lines).toContain(
      "The cron's first run will still queue its lookback window: the window is shorter than the cron's 90-day lookback.",
    );
    expect((await backfill({ mode: "apply", batchSize: 5, stopAfterBatches: 1 })).result.queueSeeded).toBe(false);
    expect(await seeded()).toEqual([]);

    const full = await backfill({ mode: "apply", lookbackDays: 90, cronLookbackDays: 90 });
    expect(full.result).toMatchObject({ completed: true, queueSeeded: true });
    expect((await seeded())[0]?.value).toMatchObject({
      by: "backfill",
      lookbackDays: 90,
      from: full.result.from.toISOString(),
    });
    expect(await count(db, "ResponseTimingQueue")).toBe(0);
    // Recorded once: a later apply leaves the record alone.
    expect((await backfill({ mode: "apply" })).result.queueSeeded).toBe(false);

    // The first cron run finds nothing to do and changes nothing...
    const snapshot = await eventRows(db);
    const cron = () =>
      processResponseTiming({ db: db.prisma, now: DEMO_NOW, batchSize: 500, maxMs: 60_000, lookbackDays: 90 });
    expect(await cron()).toMatchObject({ processed: 0, batches: 0, exhausted: true, skipped: 0 });
    expect(await count(db, "ResponseTimingQueue")).toBe(0);
    expect(await eventRows(db)).toEqual(snapshot);
    // ...where, without the record, it would have queued and re-derived every thread of its 90 days.
    await db.query(`DELETE FROM "ResponseTimingState" WHERE "key" = $1`, [SEEDED_KEY]);
    const unseeded = await cron();
    expect(unseeded.processed).toBe(await threadsSince(90));
    expect(unseeded).toMatchObject({ anchorsWritten: 0, anchorsDeleted: 0, exhausted: true });
    expect(await eventRows(db)).toEqual(snapshot);
  });
});
