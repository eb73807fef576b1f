// The benchmark's full rebuild: `backfill:response-timing --apply` over everything on an
// empty ResponseTimingEvent, through the same function and path choice as the CLI; and the
// clean-up that lets a kept cluster (--reuse) start again from its generated data.
import type pg from "pg";
import { backfillResponseTiming, type BackfillPath } from "@/lib/response-timing/backfill";
import { INCREMENTAL_MESSAGES } from "./timing-bench-incremental";

export type RebuildReport = {
  ms: number;
  path: BackfillPath;
  batches: number;
  threads: number;
  anchors: number;
  written: number;
  stagingMs: { name: string; ms: number }[];
  error: string | null;
};

/** The whole history: the generated data spans 120 days. */
const LOOKBACK_DAYS = 365;

export async function rebuildThroughBackfill(
  client: pg.Client,
  options: { now: Date; path: BackfillPath | "auto"; log: (line: string) => void },
): Promise<RebuildReport> {
  const t0 = performance.now();
  try {
    const result = await backfillResponseTiming({
      client,
      mode: "apply",
      now: options.now,
      lookbackDays: LOOKBACK_DAYS,
      path: options.path,
      // Only the summary lines: one line per chunk would drown the report.
      log: (line) => {
        if (!line.startsWith("[batch") && !line.startsWith("  anchors:")) options.log(`  ${line}`);
      },
    });
    return {
      ms: performance.now() - t0,
      path: result.path,
      batches: result.batches,
      threads: result.threads,
      anchors: result.anchors,
      written: result.written,
      stagingMs: result.stagingMs,
      error: null,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ms: performance.now() - t0,
      path: options.path === "auto" ? "bulk" : options.path,
      batches: 0,
      threads: 0,
      anchors: 0,
      written: 0,
      stagingMs: [],
      error: message,
    };
  }
}

/**
 * A kept cluster after an earlier run: remove what its incremental step added (the ids
 * are deterministic: timing-bench-incremental.ts) and empty the derived tables, so the
 * data is again exactly what the generator wrote.
 */
export async function resetReusedData(client: pg.Client): Promise<void> {
  const n = `generate_series(0, ${INCREMENTAL_MESSAGES - 1}) AS n`;
  await client.query(`
      DELETE FROM "BackgroundJob" WHERE "id" IN (SELECT bench.mid('inc-job', n) FROM ${n} UNION ALL SELECT bench.mid('inc-job-inbound', n) FROM ${n});
      DELETE FROM "Message" WHERE "id" IN (SELECT bench.mid('inc-msg', n) FROM ${n});
      DELETE FROM "AIDraft" WHERE "id" IN (SELECT bench.mid('inc-draft', n) FROM ${n});
      DELETE FROM "Lead" WHERE "id" IN (SELECT bench.mid('lead', 1000000000 + n) FROM ${n});
      TRUNCATE "ResponseTimingEvent", "ResponseTimingQueue";
      DELETE FROM "ResponseTimingState";`);
}
