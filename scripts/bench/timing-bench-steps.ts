// The benchmark's steps: running the processor to the end, and the read-only probes (EXPLAIN
// of the derive statement, table counts, the check that re-deriving every thread changes nothing).
import pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import type { ProcessResult } from "@/lib/response-timing/processor";
import type { BenchImplementation, BenchSummary } from "./timing-bench-types";

export type RebuildResult = ProcessResult & { wallMs: number; calls: number; error: string | null };

/**
 * Runs the processor until the queue is empty or `budgetMs` has passed (a batch already
 * started always finishes). A failing batch (e.g. its statement timeout) ends the run
 * with `error` set instead of throwing, so the benchmark can report it.
 */
export async function runUntilExhausted(
  impl: BenchImplementation,
  db: Db,
  options: { now: Date; batchSize: number; lookbackDays: number; budgetMs: number },
): Promise<RebuildResult> {
  const total: RebuildResult = {
    processed: 0,
    skipped: 0,
    lockWaitMs: 0,
    durationMs: 0,
    exhausted: false,
    anchorsWritten: 0,
    anchorsDeleted: 0,
    batches: 0,
    wallMs: 0,
    calls: 0,
    error: null,
  };
  const t0 = performance.now();
  while (!total.exhausted) {
    const left = options.budgetMs - (performance.now() - t0);
    if (left <= 0) {
      total.error = `did not finish within the ${Math.round(options.budgetMs / 1000).toLocaleString("en-US")} s budget`;
      break;
    }
    let r: ProcessResult;
    try {
      r = await impl.processResponseTiming({
        db,
        now: options.now,
        batchSize: options.batchSize,
        maxMs: left,
        lookbackDays: options.lookbackDays,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      total.error = message.includes("statement timeout")
        ? "a batch hit the processor's statement timeout (30 s)"
        : (message.trim().split("\n").filter(Boolean).slice(-1)[0] ?? message);
      break;
    }
    total.calls += 1;
    total.processed += r.processed;
    total.skipped += r.skipped;
    total.lockWaitMs += r.lockWaitMs;
    total.durationMs += r.durationMs;
    total.anchorsWritten += r.anchorsWritten;
    total.anchorsDeleted += r.anchorsDeleted;
    total.batches += r.batches;
    total.exhausted = r.exhausted;
    if (r.skipped > 0)
      throw new Error("The processor found its lock taken; nothing else should run against the benchmark database.");
  }
  total.wallMs = performance.now() - t0;
  return total;
}

const EXPLAIN_TIMEOUT_MS = 60_000;

type Explained = { plan: string; setupMs: number; note: string };

/**
 * EXPLAIN (ANALYZE, BUFFERS) of `build(batchSize)` after `setup`, in a transaction that is
 * rolled back. When the statement runs past EXPLAIN_TIMEOUT_MS, the estimated plan is
 * shown, followed by the analysed plan of a batch ten times smaller.
 */
export async function explain(
  client: pg.Client,
  setup: string[],
  build: (batchSize: number) => Prisma.Sql,
  batchSize: number,
): Promise<Explained> {
  const once = async (size: number, analyze: boolean) => {
    await client.query("BEGIN");
    try {
      await client.query(`SET LOCAL statement_timeout = ${EXPLAIN_TIMEOUT_MS}`);
      const t0 = performance.now();
      for (const statement of setup) await client.query(statement);
      const setupMs = performance.now() - t0;
      const sql = build(size);
      const { rows } = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN ${analyze ? "(ANALYZE, BUFFERS)" : ""} ${sql.text}`,
        sql.values,
      );
      return { plan: rows.map((row) => row["QUERY PLAN"]).join("\n"), setupMs };
    } finally {
      await client.query("ROLLBACK");
    }
  };
  try {
    return { ...(await once(batchSize, true)), note: "" };
  } catch (error) {
    if ((error as { code?: string }).code !== "57014") throw error;
    const estimated = await once(batchSize, false);
    const smaller = Math.max(1, Math.floor(batchSize / 10));
    const analysed = await once(smaller, true).catch((e: unknown) => ({
      plan: `(failed: ${e instanceof Error ? e.message : String(e)})`,
      setupMs: 0,
    }));
    return {
      plan: `${estimated.plan}\n\n-- EXPLAIN (ANALYZE, BUFFERS) with batch size ${smaller}:\n${analysed.plan}`,
      setupMs: estimated.setupMs,
      note: `EXPLAIN ANALYZE with batch size ${batchSize} ran past ${EXPLAIN_TIMEOUT_MS / 1000} s: estimated plan first, then the analysed plan of a batch of ${smaller}`,
    };
  }
}

export async function counts(client: pg.Client): Promise<Record<string, number>> {
  const tables = [
    "Client",
    "BusinessHours",
    "User",
    "ClientMember",
    "Lead",
    "Message",
    "AIDraft",
    "BackgroundJob",
    "ResponseTimingQueue",
    "ResponseTimingEvent",
  ];
  const { rows } = await client.query<Record<string, number>>(
    `SELECT ${tables.map((t) => `(SELECT count(*)::int FROM "${t}") AS "${t}"`).join(", ")},
            (SELECT count(*)::int FROM (SELECT DISTINCT "leadId", "channel" FROM "Message") t) AS "threads"`,
  );
  return rows[0] ?? {};
}

export const CHECK_BUDGET_MS = 600_000;
export const CHECK_CHUNK = 200;

type Check = NonNullable<BenchSummary["check"]>;

/**
 * The consistency check: a read-only derivation of every thread (in chunks of CHECK_CHUNK
 * threads, so that a derivation whose cost grows faster than its batch still finishes)
 * must find nothing to write or delete. Stops after CHECK_BUDGET_MS (`complete: false`).
 */
export async function checkAllThreads(impl: BenchImplementation, client: pg.Client): Promise<Check> {
  const t0 = performance.now();
  await client.query(`DROP TABLE IF EXISTS bench.check_threads;
    CREATE UNLOGGED TABLE bench.check_threads AS
      SELECT row_number() OVER (ORDER BY "leadId", "channel") AS rn, "leadId", "channel"
        FROM (SELECT DISTINCT "leadId", "channel" FROM "Message") t;
    CREATE UNIQUE INDEX ON bench.check_threads (rn);
    ANALYZE bench.check_threads`);
  const [{ total } = { total: 0 }] = (
    await client.query<{ total: number }>(`SELECT count(*)::int AS total FROM bench.check_threads`)
  ).rows;
  const check: Check = {
    ms: 0,
    threads: 0,
    threadsTotal: total,
    anchors: 0,
    stale: 0,
    missing: 0,
    ok: false,
    complete: false,
  };
  for (let from = 0; from < total && performance.now() - t0 < CHECK_BUDGET_MS; from += CHECK_CHUNK) {
    const sql = impl.deriveThreadsSql(
      Prisma.sql`threads AS (SELECT "leadId", "channel" FROM bench.check_threads WHERE rn > ${from} AND rn <= ${from + CHECK_CHUNK})`,
      { write: false },
    );
    const { rows } = await client.query<{ threads: number; anchors: number; written: number; deleted: number }>(
      sql.text,
      sql.values,
    );
    const row = rows[0] ?? { threads: 0, anchors: 0, written: 0, deleted: 0 };
    check.threads += row.threads;
    check.anchors += row.anchors;
    check.stale += row.written;
    check.missing += row.deleted;
  }
  check.ms = Math.round(performance.now() - t0);
  check.complete = check.threads === total;
  check.ok = check.complete && check.stale === 0 && check.missing === 0;
  return check;
}
