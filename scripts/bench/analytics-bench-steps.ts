// Steps of the analytics benchmark: timing repeated runs, the sequential-scan floor, the
// anchors CSV export's throughput, and EXPLAIN of the tab's statement.
import type pg from "pg";
import { anchorsCsv } from "@/lib/analytics/analytics-csv";
import { iterateAnchorRows } from "@/lib/analytics/anchor-export";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AnalyticsFilters } from "@/lib/analytics/response-timing-analytics-sql";
import type { Db } from "@/lib/prisma-client";

export type RunStats = { runs: number; p50Ms: number; p90Ms: number; maxMs: number };

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

/** Nearest-rank percentile of a sample. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** One untimed warm-up, then `runs` timed calls. */
export async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<RunStats> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) samples.push((await timed(fn))[1]);
  return { runs, p50Ms: percentile(samples, 0.5), p90Ms: percentile(samples, 0.9), maxMs: Math.max(...samples) };
}

/**
 * The floor: one single-core sequential scan of "ResponseTimingEvent" reading a column of
 * every row (no index, no parallel workers). Second of two runs (warm cache).
 */
export async function floorScan(client: pg.Client): Promise<{ ms: number; rows: number; heapMb: number }> {
  await client.query(
    "SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off; SET max_parallel_workers_per_gather = 0",
  );
  let ms = 0;
  let rows = 0;
  for (let run = 0; run < 2; run += 1) {
    const [result, elapsed] = await timed(() =>
      client.query<{ rows: number }>(
        `SELECT count(*)::int AS rows, sum("setterResponseMs") AS total FROM "ResponseTimingEvent"`,
      ),
    );
    ms = elapsed;
    rows = result.rows[0]?.rows ?? 0;
  }
  await client.query(
    "RESET enable_indexscan; RESET enable_bitmapscan; RESET enable_indexonlyscan; RESET max_parallel_workers_per_gather",
  );
  const size = await client.query<{ bytes: string }>(`SELECT pg_relation_size('"ResponseTimingEvent"') AS bytes`);
  return { ms, rows, heapMb: Math.round(Number(size.rows[0]?.bytes ?? 0) / 2 ** 20) };
}

export type ExportStats = {
  rows: number;
  bytes: number;
  ms: number;
  rowsPerSecond: number;
  mbPerSecond: number;
  peakHeapDeltaMb: number;
};

/** Streams the anchors CSV of a window to nowhere, counting rows and bytes and watching the heap. */
export async function exportThroughput(db: Db, filters: AnalyticsFilters, timeZone: string): Promise<ExportStats> {
  let rows = 0;
  let bytes = 0;
  let peak = 0;
  const heapBefore = process.memoryUsage().heapUsed;
  async function* counted() {
    for await (const page of iterateAnchorRows({ db, filters })) {
      rows += page.length;
      yield page;
    }
  }
  const [, ms] = await timed(async () => {
    for await (const chunk of anchorsCsv(counted(), timeZone)) {
      bytes += Buffer.byteLength(chunk);
      peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore);
    }
  });
  return {
    rows,
    bytes,
    ms,
    rowsPerSecond: rows / (ms / 1000),
    mbPerSecond: bytes / 2 ** 20 / (ms / 1000),
    peakHeapDeltaMb: Math.round(peak / 2 ** 20),
  };
}

export async function explainAnalyze(db: Db, statement: Prisma.Sql): Promise<string> {
  const rows = await db.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${statement}`);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}
