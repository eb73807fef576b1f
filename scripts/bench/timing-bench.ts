// `npm run bench:timing`: the response-timing engine against a sequential-scan floor, on a
// throwaway embedded PostgreSQL filled with reproducible generated data (or a kept one, --reuse).
//
// Targets (issue 11; ratios to one single-core sequential scan of "Message", same warm cache):
// full rebuild (`backfill --apply`, empty table) ≤ 60×, incremental (1,000 new messages) ≤ 0.3×,
// nothing new ≤ 0.05×, and with --baseline (a 1M run's JSON) incremental ≤ 1.3× the 1M time.
import { deriveThreadsSql } from "@/lib/response-timing/derive-sql";
import { claimQueuedThreadsCtes, processResponseTiming } from "@/lib/response-timing/processor";
import { withBenchCluster } from "./bench-cluster";
import type { BenchArgs } from "./timing-bench-args";
import os from "node:os";
import fs from "node:fs/promises";
import {
  BENCH_NOW,
  BENCH_SPAN_DAYS,
  generateBenchData,
  reusableBenchData,
  type GenerationResult,
} from "./timing-bench-data";
import { rebuildThroughBackfill, resetReusedData } from "./timing-bench-rebuild";
import { insertIncrementalMessages } from "./timing-bench-incremental";
import { describeBenchMachine } from "./timing-bench-machine";
import type { BenchImplementation, BenchIo, BenchSummary, Phase, RebuildPhase } from "./timing-bench-types";
import {
  CHECK_BUDGET_MS,
  CHECK_CHUNK,
  checkAllThreads,
  counts,
  explain,
  runUntilExhausted,
} from "./timing-bench-steps";

const TARGETS = { fullRebuild: 60, incremental: 0.3, nothingNew: 0.05, historyIndependence: 1.3 } as const;
/** The seeding lookback of the full rebuild: must cover the generated data (120 days). */
const REBUILD_LOOKBACK_DAYS = 365;
const NOTHING_NEW_RUNS = 5;
const UNBOUNDED_MS = 3_600_000;

const REAL_IMPLEMENTATION: BenchImplementation = {
  label: "lib/response-timing",
  processResponseTiming,
  deriveThreadsSql,
  claimQueuedThreadsCtes,
};

/** Key of the processor's "queue already seeded" flag (lib/response-timing/processor.ts). */
const SEEDED_KEY = "queue-seeded";

const fmt = (n: number) => n.toLocaleString("en-US");
const ms = (n: number) => `${fmt(Math.round(n))}ms`;
const ratio = (r: number) => (r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toFixed(3));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

function phase(elapsed: number, floor: number, target: number): Phase {
  const r = elapsed / floor;
  return { ms: Math.round(elapsed), ratio: r, target, pass: r <= target };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

/** The processor runs of the incremental step may run this long before they are reported as failed. */
const budgetMsFor = (floorMs: number) => Math.max(600_000, 20 * TARGETS.fullRebuild * floorMs);
const load = () => os.loadavg()[0]!.toFixed(2);

/** The incremental time of a 1M run (its --json summary), for the history-independence figure. */
async function readBaseline(file: string): Promise<{ messages: number; incrementalMs: number }> {
  const json = JSON.parse(await fs.readFile(file, "utf8")) as Partial<BenchSummary>;
  const incrementalMs = json.incremental?.ms;
  if (typeof json.messages !== "number" || typeof incrementalMs !== "number")
    throw new Error(`--baseline ${file} is not a bench:timing --json summary`);
  return { messages: json.messages, incrementalMs };
}

export async function runTimingBench(
  args: BenchArgs,
  io: BenchIo,
  impl: BenchImplementation = REAL_IMPLEMENTATION,
): Promise<{ code: number; summary: BenchSummary | null }> {
  const { log } = io;
  const baseline = args.baseline ? await readBaseline(args.baseline) : null;
  return withBenchCluster(
    { prefix: "leadclock-bench-", keep: args.keep, log, prepare: impl.prepare, reuseDir: args.reuse },
    async ({ client: pgClient, db: prisma }) => {
      const { machine, postgresSettings, version } = await describeBenchMachine(pgClient, impl.label, log);
      const loadAtStart = load();
      log(`Load average (1 min) at the start: ${loadAtStart}`);

      // ── 1. Data ──────────────────────────────────────────────────────────────
      let generation: GenerationResult = { steps: [], totalMs: 0 };
      if (args.reuse && (await reusableBenchData(pgClient, args.messages))) {
        await resetReusedData(pgClient);
        log(
          `\nReusing the data generated earlier in ${args.reuse} (${fmt(args.messages)} messages; derived tables emptied).`,
        );
      } else {
        if (args.reuse)
          await pgClient.query(
            `DROP SCHEMA IF EXISTS bench CASCADE; TRUNCATE "Client" CASCADE; TRUNCATE "User" CASCADE`,
          );
        log(
          `\nGenerating ${fmt(args.messages)} messages (set-based SQL, reproducible; now = ${BENCH_NOW.toISOString()}, ${BENCH_SPAN_DAYS} days of history)`,
        );
        generation = await generateBenchData(pgClient, { messages: args.messages, now: BENCH_NOW, log });
        log(
          `Generated in ${(generation.totalMs / 1000).toFixed(1)} s (foreign keys and capture triggers off while generating; integrity checked after; not part of any figure).`,
        );
      }
      const [, vacuumMs] = await timed(() => pgClient.query("VACUUM ANALYZE"));
      log(`VACUUM ANALYZE: ${(vacuumMs / 1000).toFixed(1)} s`);
      const rows = await counts(pgClient);
      const threadsTotal = rows.threads ?? 0;
      const { rows: sizeRows } = await pgClient.query<{ heap: string; idx: string; body: string }>(
        `SELECT pg_relation_size('"Message"') AS heap, pg_indexes_size('"Message"') AS idx, (SELECT avg(length("body")) FROM "Message") AS body`,
      );
      const size = sizeRows[0] ?? { heap: "0", idx: "0", body: "0" };
      const messageHeapMb = Math.round(Number(size.heap) / 2 ** 20);
      const messageIndexesMb = Math.round(Number(size.idx) / 2 ** 20);
      const avgBodyChars = Math.round(Number(size.body));
      log(
        `Rows: ${Object.entries(rows)
          .map(([t, n]) => `${t} ${fmt(n)}`)
          .join(", ")}`,
      );
      log(
        `"Message": heap ${fmt(messageHeapMb)} MB, indexes ${fmt(messageIndexesMb)} MB, average body ${avgBodyChars} characters`,
      );
      const queueFilledBy =
        "nothing: the rebuild is the backfill over every thread (the capture triggers were off during generation, so the queue starts empty)";

      // ── 2. Floor ─────────────────────────────────────────────────────────────
      await pgClient.query(
        "SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off; SET max_parallel_workers_per_gather = 0",
      );
      const floorRunsMs: number[] = [];
      for (let run = 0; run < 2; run += 1) {
        const [, elapsed] = await timed(() =>
          pgClient.query(`SELECT count(*) FROM "Message" WHERE "body" IS NOT NULL`),
        );
        floorRunsMs.push(elapsed);
      }
      // For scale only: PostgreSQL 17 drops IS NOT NULL on a NOT NULL column, so the floor counts tuples without reading them.
      const [, floorReadingBodyMs] = await timed(() =>
        pgClient.query(`SELECT sum(octet_length("body")) FROM "Message"`),
      );
      await pgClient.query(
        "RESET enable_indexscan; RESET enable_bitmapscan; RESET enable_indexonlyscan; RESET max_parallel_workers_per_gather",
      );
      const floorMs = floorRunsMs[1] ?? 0;
      log(
        `\nFloor: single-core sequential scan of "Message": ${floorRunsMs.map(ms).join(", ")} → ${ms(floorMs)} (second run)`,
      );
      log(
        `  (for scale, not a target: PostgreSQL 17 drops "body IS NOT NULL" on a NOT NULL column, so the floor only counts tuples;`,
      );
      log(`  the same scan reading every row up to "body", sum(octet_length(body)), takes ${ms(floorReadingBodyMs)})`);
      const budgetMs = budgetMsFor(floorMs);

      // ── 3. Full rebuild: backfill --apply, empty table ───────────────────────
      log(
        `\nFull rebuild: backfill:response-timing --apply --path ${args.rebuildPath} over every thread, empty ResponseTimingEvent (load ${load()})…`,
      );
      const rebuilt = await rebuildThroughBackfill(pgClient, { now: BENCH_NOW, path: args.rebuildPath, log });
      const primary: RebuildPhase = {
        ...phase(rebuilt.ms, floorMs, TARGETS.fullRebuild),
        batches: rebuilt.batches,
        threads: rebuilt.threads,
        anchorsWritten: rebuilt.written,
        anchorsDeleted: 0,
        threadsTotal,
      };
      if (rebuilt.error) {
        primary.pass = false;
        primary.error = rebuilt.error;
        log(`  FAILED after ${ms(rebuilt.ms)}: ${rebuilt.error}`);
      } else {
        log(
          `  ${ms(rebuilt.ms)} (${rebuilt.path} path): ${fmt(rebuilt.batches)} chunks, ${fmt(rebuilt.threads)} threads, ${fmt(rebuilt.written)} anchors written`,
        );
      }
      const derivedComplete = !rebuilt.error;
      const [eventRow] = (await pgClient.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ResponseTimingEvent"`))
        .rows;
      const events = eventRow?.n ?? 0;
      log(`  ResponseTimingEvent rows: ${fmt(events)}; load ${load()}`);
      const [, vacuum2Ms] = await timed(() =>
        pgClient.query(`VACUUM ANALYZE "ResponseTimingEvent", "ResponseTimingQueue", "ResponseTimingState"`),
      );
      log(`VACUUM ANALYZE of the derived tables (as autovacuum would after a rebuild): ${ms(vacuum2Ms)}`);
      const batchSql = (size: number) =>
        impl.deriveThreadsSql(impl.claimQueuedThreadsCtes(size), { write: true, restart: true });
      /** After a failed run: drop what is left queued and mark the queue seeded, so later runs measure only new work. */
      const abandonQueue = async () => {
        await pgClient.query(`TRUNCATE "ResponseTimingQueue"`);
        await pgClient.query(
          `INSERT INTO "ResponseTimingState" ("key", "value", "updatedAt") VALUES ($1, '{"bench":"abandoned rebuild"}', now()) ON CONFLICT ("key") DO NOTHING`,
          [SEEDED_KEY],
        );
      };
      if (!derivedComplete) await abandonQueue();

      // ── 4. Incremental ───────────────────────────────────────────────────────
      // Warm the processor's connection pool first: the timed run measures the run, not a connect.
      await prisma.$queryRaw`SELECT 1`;
      const later = new Date(BENCH_NOW.getTime() + 10 * 60_000);
      const inc = await insertIncrementalMessages(pgClient, { messages: args.messages, now: BENCH_NOW });
      log(
        `\nIncremental: inserted ${fmt(inc.messages)} messages in ${ms(inc.insertMs)} (one transaction, triggers on): ${fmt(inc.threads)} threads, ` +
          `${inc.newLeads} new leads, ${inc.lateArrivals} late arrivals, ${inc.aiReplies} AI replies; ${fmt(inc.queueRows)} queue rows`,
      );
      await pgClient.query(
        `DROP TABLE IF EXISTS bench.inc_queue; CREATE UNLOGGED TABLE bench.inc_queue AS SELECT "id", "leadId", "channel", "fromSentAt" FROM "ResponseTimingQueue"`,
      );
      const incRun = await runUntilExhausted(impl, prisma, {
        now: later,
        batchSize: args.batchSize,
        lookbackDays: REBUILD_LOOKBACK_DAYS,
        budgetMs,
      });
      const incPhase: BenchSummary["incremental"] = {
        ...phase(incRun.wallMs, floorMs, TARGETS.incremental),
        ...inc,
        batches: incRun.batches,
        processed: incRun.processed,
        anchorsWritten: incRun.anchorsWritten,
        anchorsDeleted: incRun.anchorsDeleted,
      };
      if (incRun.error) {
        incPhase.pass = false;
        incPhase.error = incRun.error;
        log(`  processor FAILED after ${ms(incRun.wallMs)}: ${incRun.error}`);
        await abandonQueue();
      } else {
        log(
          `  processor: ${ms(incRun.wallMs)} (${fmt(incRun.batches)} batch${incRun.batches === 1 ? "" : "es"}), ${fmt(incRun.processed)} threads, ` +
            `${fmt(incRun.anchorsWritten)} anchors written, ${fmt(incRun.anchorsDeleted)} deleted`,
        );
      }
      const incExplain = await explain(
        pgClient,
        [
          `INSERT INTO "ResponseTimingQueue" ("leadId", "channel", "fromSentAt") SELECT "leadId", "channel", "fromSentAt" FROM bench.inc_queue ORDER BY "id"`,
        ],
        batchSql,
        args.batchSize,
      );
      log(
        `\nEXPLAIN (ANALYZE, BUFFERS) of the derive statement, incremental batch (the same ${fmt(inc.queueRows)} queue rows re-queued after the`,
      );
      log(`timed run, so its upserts find nothing to change; rolled back):`);
      if (incExplain.note) log(`(${incExplain.note})`);
      log(incExplain.plan);
      // For scale: the same batch re-deriving its threads whole (the path before §2 of issue 11).
      const wholeExplain = await explain(
        pgClient,
        [
          `INSERT INTO "ResponseTimingQueue" ("leadId", "channel") SELECT "leadId", "channel" FROM bench.inc_queue ORDER BY "id"`,
        ],
        (size) => impl.deriveThreadsSql(impl.claimQueuedThreadsCtes(size), { write: true, restart: false }),
        args.batchSize,
      );
      const executionMs = (plan: string) => /Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? "?";
      log(
        `Same batch, threads re-derived whole instead of from their first changed point: execution ${executionMs(wholeExplain.plan)} ms ` +
          `against ${executionMs(incExplain.plan)} ms (EXPLAIN ANALYZE, rolled back)`,
      );

      // ── 5. Consistency check ─────────────────────────────────────────────────
      let check: BenchSummary["check"] = null;
      if (args.skipCheck) {
        log("\nCheck: skipped (--skip-check).");
      } else if (!derivedComplete || incRun.error) {
        log("\nCheck: skipped (a processor run failed, so the derived table is incomplete by construction).");
      } else {
        check = await checkAllThreads(impl, pgClient);
        const verdictText =
          check.stale || check.missing ? "INCONSISTENT" : check.complete ? "consistent" : "consistent so far";
        log(
          `\nCheck: read-only derivation of ${fmt(check.threads)} of ${fmt(check.threadsTotal)} threads (${fmt(check.anchors)} anchors; ` +
            `chunks of ${CHECK_CHUNK}) in ${ms(check.ms)}${check.complete ? "" : ` (stopped after ${CHECK_BUDGET_MS / 1000} s)`}: ` +
            `${check.stale} rows would change, ${check.missing} would be deleted → ${verdictText}`,
        );
      }

      // ── 6. Nothing new ───────────────────────────────────────────────────────
      const runsMs: number[] = [];
      for (let run = 0; run < NOTHING_NEW_RUNS; run += 1) {
        const [result, elapsed] = await timed(() =>
          impl.processResponseTiming({
            db: prisma,
            now: later,
            batchSize: args.batchSize,
            maxMs: UNBOUNDED_MS,
            lookbackDays: REBUILD_LOOKBACK_DAYS,
          }),
        );
        if (result.processed !== 0) throw new Error(`"Nothing new" processed ${result.processed} threads.`);
        runsMs.push(elapsed);
      }
      const nothingPhase: BenchSummary["nothingNew"] = {
        ...phase(median(runsMs), floorMs, TARGETS.nothingNew),
        runsMs: runsMs.map(Math.round),
      };
      log(`\nNothing new: ${runsMs.map(ms).join(", ")} → median ${ms(median(runsMs))}`);

      // History independence: the incremental run at this size against a 1M run's.
      let history: BenchSummary["historyIndependence"] = null;
      if (baseline) {
        const r = incPhase.ms / Math.max(1, baseline.incrementalMs);
        history = {
          baselineMessages: baseline.messages,
          baselineMs: baseline.incrementalMs,
          ms: incPhase.ms,
          ratio: r,
          target: TARGETS.historyIndependence,
          pass: r <= TARGETS.historyIndependence && !incPhase.error,
        };
      }
      const loadAtEnd = load();

      // ── 7. Summary ───────────────────────────────────────────────────────────
      const verdict = (p: Phase) => (p.pass ? "PASS" : p.error ? `FAIL (${p.error})` : "FAIL");
      const line = (label: string, p: Phase) =>
        `  ${label.padEnd(16)} ${ms(p.ms).padStart(10)}   ${ratio(p.ratio).padStart(8)}× floor   target ≤ ${`${p.target}×`.padEnd(5)}  ${verdict(p)}`;
      log(
        `\nResults: ${fmt(args.messages)} messages, ${fmt(threadsTotal)} threads, batch size ${fmt(args.batchSize)}; ${impl.label}; ` +
          `${machine.cpus} cores, Node ${machine.node}, PostgreSQL ${version.split(" ")[1] ?? "?"}, synchronous_commit=off`,
      );
      log(
        `  ${"floor".padEnd(16)} ${ms(floorMs).padStart(10)}   single-core sequential scan of "Message" (${fmt(messageHeapMb)} MB heap)`,
      );
      log(line(`full rebuild (${rebuilt.path})`, primary));
      log(line("incremental", incPhase));
      log(line("nothing new", nothingPhase));
      const short = (p: { pass: boolean }) => (p.pass ? "PASS" : "FAIL");
      if (history) {
        log(
          `  ${"vs 1M incremental".padEnd(16)} ${ms(history.ms).padStart(10)}   ${ratio(history.ratio).padStart(8)}× the ${fmt(history.baselineMessages)}-message run's ${ms(history.baselineMs)}   target ≤ ${history.target}×  ${short(history)}`,
        );
      } else {
        log(`  (history independence: run at --messages 5000000 with --baseline <a 1M run's --json output>)`);
      }
      log(`  load average (1 min): ${loadAtStart} at the start, ${loadAtEnd} at the end; ${machine.cpus} cores shared`);
      log(
        `floor ${ms(floorMs)} | full rebuild ${ms(primary.ms)}${primary.error ? " (unfinished)" : ""} (${ratio(primary.ratio)}× floor; target ≤ ${TARGETS.fullRebuild}×) ${short(primary)} | ` +
          `incremental ${ms(incPhase.ms)} (${ratio(incPhase.ratio)}× floor; target ≤ ${TARGETS.incremental}×) ${short(incPhase)} | ` +
          `nothing new ${ms(nothingPhase.ms)} (${ratio(nothingPhase.ratio)}× floor; target ≤ ${TARGETS.nothingNew}×) ${short(nothingPhase)}` +
          (history ? ` | vs 1M ${ratio(history.ratio)}× (target ≤ ${history.target}×) ${short(history)}` : ""),
      );

      const summary: BenchSummary = {
        implementation: impl.label,
        messages: args.messages,
        batchSize: args.batchSize,
        loadAverage: [Number(loadAtStart), Number(loadAtEnd)],
        machine,
        postgresSettings,
        queueFilledBy,
        generation: {
          ms: generation.totalMs,
          vacuumAnalyzeMs: Math.round(vacuumMs),
          rows,
          messageHeapMb,
          messageIndexesMb,
          avgBodyChars,
        },
        floorMs: Math.round(floorMs),
        floorRunsMs: floorRunsMs.map(Math.round),
        floorReadingBodyMs: Math.round(floorReadingBodyMs),
        fullRebuild: { ...primary, events, path: rebuilt.path, stagingMs: rebuilt.stagingMs },
        incremental: incPhase,
        nothingNew: nothingPhase,
        historyIndependence: history,
        check,
        pass:
          primary.pass &&
          incPhase.pass &&
          nothingPhase.pass &&
          (history?.pass ?? true) &&
          (args.skipCheck || (check?.ok ?? false)),
      };
      const inconsistent = check !== null && (check.stale > 0 || check.missing > 0);
      if (inconsistent) log("The consistency check failed: the processor left threads stale (see above).");
      return { code: inconsistent ? 1 : 0, summary };
    },
  );
}
