// Types of the response-timing benchmark (shared by its steps and its report).
import type pg from "pg";
import type { deriveThreadsSql } from "@/lib/response-timing/derive-sql";
import type { claimQueuedThreadsCtes, processResponseTiming } from "@/lib/response-timing/processor";
import type { IncrementalResult } from "./timing-bench-incremental";

export type BenchIo = { log: (line: string) => void };

/** The implementation under test; the defaults are the real ones (a candidate can be benchmarked the same way). */
export type BenchImplementation = {
  label: string;
  processResponseTiming: typeof processResponseTiming;
  deriveThreadsSql: typeof deriveThreadsSql;
  claimQueuedThreadsCtes: typeof claimQueuedThreadsCtes;
  /** Runs right after the migrations, e.g. to try a schema change. */
  prepare?: (client: pg.Client) => Promise<void>;
};

export type Phase = { ms: number; ratio: number; target: number; pass: boolean; error?: string | null };

export type RebuildPhase = Phase & {
  batches: number;
  threads: number;
  anchorsWritten: number;
  anchorsDeleted: number;
  threadsTotal: number;
};

export type BenchSummary = {
  implementation: string;
  messages: number;
  batchSize: number;
  /** 1-minute load average at the start and the end of the run. */
  loadAverage: [number, number];
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string; postgres: string };
  postgresSettings: Record<string, string>;
  queueFilledBy: string;
  generation: {
    ms: number;
    vacuumAnalyzeMs: number;
    rows: Record<string, number>;
    messageHeapMb: number;
    messageIndexesMb: number;
    avgBodyChars: number;
  };
  floorMs: number;
  floorRunsMs: number[];
  floorReadingBodyMs: number;
  fullRebuild: RebuildPhase & { events: number; path: string; stagingMs: { name: string; ms: number }[] };
  incremental: Phase &
    IncrementalResult & { batches: number; processed: number; anchorsWritten: number; anchorsDeleted: number };
  nothingNew: Phase & { runsMs: number[] };
  /** Incremental time against a baseline run's (--baseline), e.g. 5M against 1M. */
  historyIndependence: {
    baselineMessages: number;
    baselineMs: number;
    ms: number;
    ratio: number;
    target: number;
    pass: boolean;
  } | null;
  check: {
    ms: number;
    threads: number;
    threadsTotal: number;
    anchors: number;
    stale: number;
    missing: number;
    ok: boolean;
    complete: boolean;
  } | null;
  pass: boolean;
};
