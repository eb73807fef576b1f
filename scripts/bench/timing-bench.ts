// `npm run bench:timing`: the response-timing processor against a sequential-scan floor,
// on a throwaway embedded PostgreSQL filled with reproducible generated data.
//
// Targets (ratios to one single-core sequential scan of "Message", same warm cache):
// full rebuild ≤ 30×, incremental (1,000 new messages) ≤ 0.1×, nothing new ≤ 0.05×.
import { envSchema } from "@/lib/env";
import { deriveThreadsSql } from "@/lib/response-timing/derive-sql";
import { claimQueuedThreadsCtes, processResponseTiming } from "@/lib/response-timing/processor";
import { withBenchCluster } from "./bench-cluster";
import type { BenchArgs } from "./timing-bench-args";
import { BENCH_NOW, BENCH_SPAN_DAYS, generateBenchData, type GenerationResult } from "./timing-bench-data";
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

const TARGETS = { fullRebuild: 30, incremental: 0.1, nothingNew: 0.05 } as const;
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

/** A rebuild may run this long (at least 10 minutes) before it is stopped and reported as failed. */
const rebuildBudgetMs = (floorMs: number) => Math.max(600_000, 20 * TARGETS.fullRebuild * floorMs);

export async function runTimingBench(
  args: BenchArgs,
  io: BenchIo,
  impl: BenchImplementation = REAL_IMPLEMENTATION,
): Promise<{ code: number; summary: BenchSummary | null }> {
  const { log } = io;
  const envBatchSize = envSchema.shape.RESPONSE_TIMING_BATCH_SIZE.parse(undefined);
  return withBenchCluster(
    { prefix: "leadclock-bench-", keep: args.keep, log, prepare: impl.prepare },
    async ({ client: pgClient, db: prisma }) => {
      const { machine, postgresSettings, version } = await describeBenchMachine(pgClient, impl.label, log);

      // ── 1. Data ──────────────────────────────────────────────────────────────
      log(
        `\nGenerating ${fmt(args.messages)} messages (set-based SQL, reproducible; now = ${BENCH_NOW.toISOString()}, ${BENCH_SPAN_DAYS} days of history)`,
      );
      const generation: GenerationResult = await generateBenchData(pgClient, {
        messages: args.messages,
        now: BENCH_NOW,
        log,
      });
      log(
        `Generated in ${(generation.totalMs / 1000).toFixed(1)} s (foreign keys and capture triggers off while generating; integrity checked after).`,
      );
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
        "the processor's first-run seeding (lookbackDays 365 covers all 120 days); the capture triggers were off during generation, so the queue starts empty";
      log(`Queue: filled by ${queueFilledBy}.`);

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
      const budgetMs = rebuildBudgetMs(floorMs);

      // ── 3. Full rebuild ──────────────────────────────────────────────────────
      const lookbackFrom = new Date(BENCH_NOW.getTime() - REBUILD_LOOKBACK_DAYS * 86_400_000);
      const seedStatement = `INSERT INTO "ResponseTimingQueue" ("leadId", "channel")
      SELECT DISTINCT "leadId", "channel" FROM "Message" WHERE "sentAt" >= '${lookbackFrom.toISOString()}'`;
      const batchSql = (size: number) => impl.deriveThreadsSql(impl.claimQueuedThreadsCtes(size), { write: true });
      const rebuildExplain = await explain(pgClient, [seedStatement], batchSql, args.batchSize);
      const seedMs = Math.round(rebuildExplain.setupMs);
      log(
        `\nEXPLAIN (ANALYZE, BUFFERS) of the derive statement, first batch of the full rebuild (${fmt(args.batchSize)} threads claimed from the`,
      );
      log(
        `freshly seeded queue, empty ResponseTimingEvent; in a transaction that is rolled back; seeding the queue took ${ms(seedMs)}):`,
      );
      if (rebuildExplain.note) log(`(${rebuildExplain.note})`);
      log(rebuildExplain.plan);

      const reset = async () => {
        await pgClient.query(
          `TRUNCATE "ResponseTimingEvent", "ResponseTimingQueue"; DELETE FROM "ResponseTimingState"`,
        );
      };
      /** After a failed rebuild: drop what is left queued and mark the queue seeded, so later runs measure only new work. */
      const abandonQueue = async () => {
        await pgClient.query(`TRUNCATE "ResponseTimingQueue"`);
        await pgClient.query(
          `INSERT INTO "ResponseTimingState" ("key", "value", "updatedAt") VALUES ($1, '{"bench":"abandoned rebuild"}', now()) ON CONFLICT ("key") DO NOTHING`,
          [SEEDED_KEY],
        );
      };
      /** Threads whose batches committed: a processor call that throws does not report its earlier batches. */
      const threadsDone = async (): Promise<number> => {
        const {
          rows: [row],
        } = await pgClient.query<{ seeded: boolean; left: number }>(
          `SELECT EXISTS (SELECT 1 FROM "ResponseTimingState" WHERE "key" = $1) AS seeded,
                (SELECT count(*)::int FROM (SELECT DISTINCT "leadId", "channel" FROM "ResponseTimingQueue") q) AS left`,
          [SEEDED_KEY],
        );
        return row?.seeded ? threadsTotal - row.left : 0;
      };
      /** Whether ResponseTimingEvent currently holds a complete derivation (the last rebuild finished). */
      let derivedComplete = false;
      const rebuild = async (batchSize: number): Promise<RebuildPhase> => {
        await reset();
        const r = await runUntilExhausted(impl, prisma, {
          now: BENCH_NOW,
          batchSize,
          lookbackDays: REBUILD_LOOKBACK_DAYS,
          budgetMs,
        });
        const result: RebuildPhase = {
          ...phase(r.wallMs, floorMs, TARGETS.fullRebuild),
          batches: r.batches,
          threads: r.processed,
          anchorsWritten: r.anchorsWritten,
          anchorsDeleted: r.anchorsDeleted,
          threadsTotal,
        };
        const perBatch = r.batches ? ` (${ms(r.wallMs / r.batches)} each)` : "";
        if (r.error) {
          result.pass = false;
          result.error = r.error;
          result.threads = await threadsDone();
          const done = result.threads / Math.max(1, threadsTotal);
          const projection =
            done > 0 ? `; at that pace all ${fmt(threadsTotal)} threads would take ~${ms(r.wallMs / done)}` : "";
          log(
            `  FAILED after ${ms(r.wallMs)}: ${r.error}. ${fmt(result.threads)} of ${fmt(threadsTotal)} threads were derived${projection}.`,
          );
          await abandonQueue();
          derivedComplete = false;
        } else {
          derivedComplete = true;
          log(
            `  ${ms(r.wallMs)}: ${fmt(r.batches)} batches${perBatch}, ${fmt(r.processed)} threads, ${fmt(r.anchorsWritten)} anchors written`,
          );
        }
        return result;
      };

      await prisma.$queryRaw`SELECT 1`;
      log(
        `\nFull rebuild: batch size ${fmt(args.batchSize)}, empty ResponseTimingEvent, queue seeded by the first batch (budget ${fmt(Math.round(budgetMs / 1000))} s)…`,
      );
      const primary = await rebuild(args.batchSize);
      const [eventRow] = (await pgClient.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ResponseTimingEvent"`))
        .rows;
      const events = eventRow?.n ?? 0;
      log(`  ResponseTimingEvent rows: ${fmt(events)}`);

      let fullEnv: RebuildPhase | null = null;
      if (envBatchSize !== args.batchSize) {
        log(`Full rebuild again with the env default batch size (RESPONSE_TIMING_BATCH_SIZE=${envBatchSize})…`);
        fullEnv = await rebuild(envBatchSize);
        if (!fullEnv.error && !primary.error && fullEnv.anchorsWritten !== events) {
          throw new Error(`The two rebuilds disagree: ${events} vs ${fullEnv.anchorsWritten} anchors.`);
        }
        if (!primary.error && fullEnv.error) {
          // Leave the database as the primary rebuild left it, for the incremental step.
          log("  (rebuilding again with the primary batch size for the next steps)");
          await reset();
          const again = await runUntilExhausted(impl, prisma, {
            now: BENCH_NOW,
            batchSize: args.batchSize,
            lookbackDays: REBUILD_LOOKBACK_DAYS,
            budgetMs,
          });
          if (again.error) throw new Error(`The repeated rebuild failed: ${again.error}`);
          derivedComplete = true;
        }
      }
      const [, vacuum2Ms] = await timed(() =>
        pgClient.query(`VACUUM ANALYZE "ResponseTimingEvent", "ResponseTimingQueue", "ResponseTimingState"`),
      );
      log(`VACUUM ANALYZE of the derived tables (as autovacuum would after a rebuild): ${ms(vacuum2Ms)}`);

      // ── 4. Incremental ───────────────────────────────────────────────────────
      const later = new Date(BENCH_NOW.getTime() + 10 * 60_000);
      const inc = await insertIncrementalMessages(pgClient, { messages: args.messages, now: BENCH_NOW });
      log(
        `\nIncremental: inserted ${fmt(inc.messages)} messages in ${ms(inc.insertMs)} (one transaction, triggers on): ${fmt(inc.threads)} threads, ` +
          `${inc.newLeads} new leads, ${inc.lateArrivals} late arrivals, ${inc.aiReplies} AI replies; ${fmt(inc.queueRows)} queue rows`,
      );
      await pgClient.query(
        `DROP TABLE IF EXISTS bench.inc_queue; CREATE UNLOGGED TABLE bench.inc_queue AS SELECT "id", "leadId", "channel" FROM "ResponseTimingQueue"`,
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
          `INSERT INTO "ResponseTimingQueue" ("leadId", "channel") SELECT "leadId", "channel" FROM bench.inc_queue ORDER BY "id"`,
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

      // ── 5. Consistency check ─────────────────────────────────────────────────
      let check: BenchSummary["check"] = null;
      if (!derivedComplete || incRun.error) {
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
      log(line("full rebuild", primary));
      if (fullEnv) log(line(`  (batch ${envBatchSize})`, fullEnv));
      log(line("incremental", incPhase));
      log(line("nothing new", nothingPhase));
      const short = (p: Phase) => (p.pass ? "PASS" : "FAIL");
      log(
        `floor ${ms(floorMs)} | full rebuild ${ms(primary.ms)}${primary.error ? " (unfinished)" : ""} (${ratio(primary.ratio)}× floor; target ≤ ${TARGETS.fullRebuild}×) ${short(primary)} | ` +
          `incremental ${ms(incPhase.ms)} (${ratio(incPhase.ratio)}× floor; target ≤ ${TARGETS.incremental}×) ${short(incPhase)} | ` +
          `nothing new ${ms(nothingPhase.ms)} (${ratio(nothingPhase.ratio)}× floor; target ≤ ${TARGETS.nothingNew}×) ${short(nothingPhase)}`,
      );

      const summary: BenchSummary = {
        implementation: impl.label,
        messages: args.messages,
        batchSize: args.batchSize,
        envBatchSize,
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
        fullRebuild: { ...primary, events, seedMs },
        fullRebuildEnvBatch: fullEnv,
        incremental: incPhase,
        nothingNew: nothingPhase,
        check,
        pass: primary.pass && incPhase.pass && nothingPhase.pass && (check?.ok ?? false),
      };
      const inconsistent = check !== null && (check.stale > 0 || check.missing > 0);
      if (inconsistent) log("The consistency check failed: the processor left threads stale (see above).");
      return { code: inconsistent ? 1 : 0, summary };
    },
  );
}
