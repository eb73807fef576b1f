// The bulk path of the backfill: for a large range (a whole workspace or everything), the
// per-batch statement's index lookups per anchor cost more than deriving the whole range
// set-based. So the rows of every thread are staged once — one window pass over the
// threads' messages, hash joins with AIDraft and BackgroundJob, DISTINCT ON for the first
// AI reply and the job — into session temp tables with statistics (stage-sql.ts), and then
// written in chunks of threads, each chunk one committed transaction under the timing lock
// (write-chunk-sql.ts). A crash loses at most the chunk in flight; --resume stages again
// after the last committed chunk. The cron waits for the lock for one chunk at most.
import type pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { DeriveCounts } from "../derive-sql";
import { deriveThreadsSql } from "../derive-sql";
import { RESPONSE_TIMING_LOCK } from "../timing-lock";
import type { BackfillMode } from "../backfill/parse-args";
import type { BackfillCursor } from "../backfill/state-file";
import { dropStagedSql, stageSteps, T } from "./stage-sql";
import { countChunkSql, dirtyThreadsCtes, dirtyThreadsSql, lockReferencesSql, writeChunkSql } from "./write-chunk-sql";

/** Session settings of the staging transaction: hash joins over the whole range, in memory. */
const STAGE_SETTINGS = ["SET LOCAL work_mem = '256MB'", "SET LOCAL enable_nestloop = off"];
const CHUNK_STATEMENT_TIMEOUT = "30s";
const LOCK_TIMEOUT = "60s";
/**
 * A writer's "updatedAt" is its transaction's start, which can precede its snapshot by the
 * time it waited for the lock; rows written up to this long before the staging snapshot
 * count as possibly newer than it (a conservative margin: such threads are only re-derived).
 */
const DIRTY_MARGIN_MS = 120_000;

export type BulkChunk = { count: number; end: BackfillCursor; counts: DeriveCounts; rederived: number };

export type BulkStage = {
  threads: number;
  anchors: number;
  /** True when chunks write with the per-row foreign-key triggers off (checked set-based instead). */
  rowChecksOff: boolean;
  /** Time of each staging step (ms), for the log and the benchmark. */
  steps: { name: string; ms: number }[];
  /** The next chunk after the previous one; null when every staged thread is done. */
  nextChunk(size: number): Promise<BulkChunk | null>;
  /** Drops the staged tables (also dropped with the session). */
  release(): Promise<void>;
};

async function query<R extends pg.QueryResultRow>(client: pg.ClientBase, sql: { text: string; values: unknown[] }) {
  return (await client.query<R>(sql.text, sql.values)).rows;
}

/**
 * Stages the rows of every thread in `threadsSource` (the backfill's thread list) in one
 * snapshot. Needs a session of its own (temp tables live across the chunks' commits).
 */
export async function stageBulk(
  client: pg.ClientBase,
  options: {
    threadsSource: Prisma.Sql;
    mode: BackfillMode;
    clock?: () => number;
  },
): Promise<BulkStage> {
  const clock = options.clock ?? (() => performance.now());
  const steps: { name: string; ms: number }[] = [];
  await client.query(dropStagedSql);
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
  let marker: Date;
  try {
    for (const setting of STAGE_SETTINGS) await client.query(setting);
    // The first statement takes the snapshot; its clock is the snapshot's time.
    const [row] = await query<{ at: Date }>(client, { text: "SELECT clock_timestamp() AS at", values: [] });
    marker = new Date((row?.at ?? new Date()).getTime() - DIRTY_MARGIN_MS);
    for (const step of stageSteps({ threadsSource: options.threadsSource })) {
      const t0 = clock();
      await client.query(step.sql.text, step.sql.values);
      if (step.index) await client.query(step.index);
      if (step.analyze) await client.query(`ANALYZE pg_temp.${T[step.analyze]}`);
      steps.push({ name: step.name, ms: Math.round(clock() - t0) });
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  const [sizes] = await query<{ threads: number; anchors: number }>(client, {
    text: `SELECT (SELECT count(*) FROM pg_temp.${T.threads})::int AS threads, (SELECT count(*) FROM pg_temp.${T.desired})::int AS anchors`,
    values: [],
  });
  const threads = sizes?.threads ?? 0;
  const rowChecksOff = options.mode === "apply" && (await maySkipRowChecks(client));
  let done = 0;

  const endOf = async (rn: number): Promise<BackfillCursor> => {
    const [end] = await query<{ sentAt: Date; id: string }>(client, {
      text: `SELECT "sentAt", "id" FROM pg_temp.${T.threads} WHERE rn = $1`,
      values: [rn],
    });
    if (!end) throw new Error(`bulk rebuild: staged thread ${rn} is missing`);
    return { sentAt: end.sentAt.toISOString(), id: end.id };
  };

  return {
    threads,
    anchors: sizes?.anchors ?? 0,
    steps,
    rowChecksOff,
    async nextChunk(size) {
      if (done >= threads) return null;
      const range = { lo: done, hi: Math.min(threads, done + size) };
      const end = await endOf(range.hi);
      const chunk =
        options.mode === "apply"
          ? await writeChunk(client, range, marker, rowChecksOff)
          : await countChunk(client, range);
      done = range.hi;
      return { count: range.hi - range.lo, end, ...chunk };
    },
    async release() {
      await client.query(dropStagedSql);
    },
  };
}

type ChunkCounts = DeriveCounts & { dequeued?: number };

async function countChunk(client: pg.ClientBase, range: { lo: number; hi: number }) {
  await client.query("BEGIN READ ONLY");
  try {
    const [counts] = await query<ChunkCounts>(client, countChunkSql(range));
    await client.query("COMMIT");
    return { counts: pick(counts), rederived: 0 };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

const pick = (c: ChunkCounts | undefined): DeriveCounts => ({
  threads: c?.threads ?? 0,
  anchors: c?.anchors ?? 0,
  written: c?.written ?? 0,
  deleted: c?.deleted ?? 0,
});

/** One committed transaction: lock, dirty threads through the batch statement, the rest from the stage. */
async function writeChunk(
  client: pg.ClientBase,
  range: { lo: number; hi: number },
  marker: Date,
  rowChecksOff: boolean,
) {
  await client.query("BEGIN");
  try {
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    await client.query(`SELECT pg_advisory_xact_lock(${RESPONSE_TIMING_LOCK.text})`);
    await client.query(`SET LOCAL statement_timeout = '${CHUNK_STATEMENT_TIMEOUT}'`);
    // The staged statements join the table being filled: its statistics lag (empty at the
    // start), and a nested loop over it per chunk thread grew quadratic (a 10,000-thread chunk
    // ran into the timeout at 1M). Hash joins keep each chunk linear; the batch statement for
    // the dirty threads runs with the planner's defaults (its LATERAL lookups need them).
    await client.query("SET LOCAL enable_nestloop = off");
    await query(client, dirtyThreadsSql(range, marker));
    await query(client, lockReferencesSql(range));
    const [dirty] = await query<{ n: number }>(client, {
      text: `SELECT count(*)::int AS n FROM pg_temp.rt_bulk_dirty`,
      values: [],
    });
    let live: DeriveCounts = { threads: 0, anchors: 0, written: 0, deleted: 0 };
    if (dirty?.n) {
      await client.query("SET LOCAL enable_nestloop = on");
      [live = live] = await query<DeriveCounts>(client, deriveThreadsSql(dirtyThreadsCtes, { write: true }));
      await client.query("SET LOCAL enable_nestloop = off");
    }
    // The references are locked and checked above; the per-row triggers would only repeat it.
    if (rowChecksOff) await client.query("SET LOCAL session_replication_role = replica");
    const staged = pick((await query<ChunkCounts>(client, writeChunkSql(range)))[0]);
    await client.query("COMMIT");
    return {
      counts: {
        threads: staged.threads + live.threads,
        anchors: staged.anchors + live.anchors,
        written: staged.written + live.written,
        deleted: staged.deleted + live.deleted,
      },
      rederived: dirty?.n ?? 0,
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/**
 * Whether this role may turn the per-row foreign-key triggers off for its own writes
 * (superuser, or PostgreSQL 15+ GRANT SET ON PARAMETER session_replication_role).
 */
async function maySkipRowChecks(client: pg.ClientBase): Promise<boolean> {
  await client.query("BEGIN");
  try {
    await client.query("SET LOCAL session_replication_role = replica");
    return true;
  } catch {
    return false;
  } finally {
    await client.query("ROLLBACK");
  }
}
