// `npm run bench:ingest`: the production server (next start) on a throwaway embedded
// PostgreSQL, measured in one run: the floor (GET /api/health: one request, one SELECT 1),
// the ack latency and sustained rate of signed GoHighLevel InboundMessage deliveries at
// N concurrent senders, and no-op jobs drained through the cron route. Checks that every
// delivery was stored and every job succeeded; reports the targets as PASS/FAIL.
import { createPrivateKey, randomBytes } from "node:crypto";
import os from "node:os";
import { enqueueNoopJobs } from "@/lib/background-jobs/noop";
import { findFreePort } from "@/lib/dev-db/embedded-postgres";
import { generateGhlKeyPair } from "@/lib/dev-db/local-ghl-keys";
import { BENCH_PG_SETTINGS, withBenchCluster } from "./bench-cluster";
import type { IngestBenchArgs } from "./ingest-args";
import { cpuCost, postmasterPid, sampleCpu, type CpuCost } from "./ingest-cpu";
import { okCount, runLoad, type LoadRequest, type LoadResult } from "./ingest-load";
import { createBenchWorkspace, drainThroughCron, ghlDeliveryRequest } from "./ingest-phases";
import { judgeTargets, latencyStats, reportLines, type LatencyStats, type TargetResult } from "./ingest-report";
import { buildIdOf, startBenchServer } from "./ingest-server";
import { runAutoSendPhase } from "./ingest-auto-send";

/** Untimed requests first: the server loads each route's code on its first request. */
const WARMUP = 200;

export type IngestBenchSummary = {
  build: { distDir: string; buildId: string };
  machine: { cpus: number; node: string; postgres: string; loadAverage: number[] };
  concurrency: number;
  floor: LatencyStats;
  ack: LatencyStats;
  jobs: { count: number; elapsedMs: number; calls: number; perSecond: number };
  targets: TargetResult[];
  /** CPU cost per request (null where /proc is not available). */
  cpu: { health: CpuCost | null; delivery: CpuCost | null; job: CpuCost | null };
};

function statusLine(result: LoadResult): string {
  return Object.entries(result.statuses)
    .map(([status, n]) => `${n.toLocaleString("en-US")}× ${status}`)
    .join(", ");
}

export async function runIngestBench(
  args: IngestBenchArgs,
  io: { log: (line: string) => void; distDir: string },
): Promise<{ code: number; summary: IngestBenchSummary | null }> {
  const { log, distDir } = io;
  const buildId = await buildIdOf(distDir);
  const keys = generateGhlKeyPair();
  const cronSecret = randomBytes(24).toString("base64url");
  const port = args.port ?? (await findFreePort());
  const encryptionKey = randomBytes(32);

  return withBenchCluster(
    { prefix: "leadclock-ingest-bench-", keep: args.keep, log },
    async ({ url, client, db, dataDir }) => {
      const postgres = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
      // The load average says how much else competed for the same cores during the run.
      const machine = { cpus: os.cpus().length, node: process.version, postgres, loadAverage: [os.loadavg()[0]!, 0] };
      log(
        `${machine.cpus} cores, Node ${machine.node}, PostgreSQL ${postgres}; settings ${JSON.stringify(BENCH_PG_SETTINGS)}`,
      );
      const { clientId } = await createBenchWorkspace(client);
      const server = await startBenchServer({
        distDir,
        port,
        log,
        cpuProfileDir: args["cpu-prof"],
        env: {
          DATABASE_URL: url,
          DIRECT_URL: url,
          BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
          BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
          CRON_SECRET: cronSecret,
          LEADCLOCK_ENCRYPTION_KEY: encryptionKey.toString("base64"),
          GHL_WEBHOOK_ED25519_PUBLIC_KEY: keys.publicKeyPem,
        },
      });
      try {
        const load = (total: number, request: (index: number) => LoadRequest) =>
          runLoad({ baseUrl: server.url, total, concurrency: args.concurrency, request });
        const health = () => ({ method: "GET" as const, path: "/api/health" });
        let sent = 0;
        // Parsed once: the load generator shares the cores with the server, so it must not parse a PEM per request.
        const signingKey = createPrivateKey(keys.privateKeyPem);
        const delivery = () => ghlDeliveryRequest(sent++, signingKey);

        log(`Warming up (${WARMUP} health checks, ${WARMUP} deliveries)…`);
        for (const warm of [await load(WARMUP, health), await load(WARMUP, delivery)]) {
          if (okCount(warm) !== WARMUP)
            throw new Error(
              `warm-up failed: ${statusLine(warm)}\n${warm.failures.join("\n")}\n${server.recentOutput().join("\n")}`,
            );
        }

        log(`Timing ${args.deliveries.toLocaleString("en-US")} GET /api/health…`);
        const roots = { server: server.pid, postgres: await postmasterPid(dataDir) };
        const cpu0 = await sampleCpu(roots);
        const floorRun = await load(args.deliveries, health);
        const cpu1 = await sampleCpu(roots);
        log(`Timing ${args.deliveries.toLocaleString("en-US")} signed GHL InboundMessage deliveries…`);
        const ackRun = await load(args.deliveries, delivery);
        const cpu2 = await sampleCpu(roots);
        const problems: string[] = [];
        for (const [label, run] of [
          ["health", floorRun],
          ["deliveries", ackRun],
        ] as const) {
          if (okCount(run) !== run.latenciesMs.length)
            problems.push(`${label}: ${statusLine(run)}; first failures:\n    ${run.failures.join("\n    ")}`);
        }
        const stored = await client.query<{ messages: number; events: number }>(
          `SELECT (SELECT count(*)::int FROM "Message") AS messages,
                (SELECT count(*)::int FROM "WebhookEvent" WHERE "status" = 'processed') AS events`,
        );
        const expected = WARMUP + args.deliveries;
        const { messages, events } = stored.rows[0]!;
        if (messages !== expected || events !== expected)
          problems.push(
            `expected ${expected} stored messages and events, found ${messages} messages, ${events} events`,
          );

        // The deliveries' own post-process jobs would be drained too: set them aside, so the
        // phase measures the queue itself (claim → run → complete) on no-op jobs only.
        await client.query(`UPDATE "BackgroundJob" SET "status" = 'CANCELED' WHERE "status" = 'PENDING'`);
        await enqueueNoopJobs({ db, clientId, count: args.jobs });
        log(`Draining ${args.jobs.toLocaleString("en-US")} no-op jobs through /api/cron/background-jobs…`);
        const cpu3 = await sampleCpu(roots);
        const drain = await drainThroughCron({ baseUrl: server.url, cronSecret });
        const cpu4 = await sampleCpu(roots);
        const done = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "BackgroundJob" WHERE "status" = 'SUCCEEDED' AND "payload" @> '{"noop": true}'`,
        );
        if (done.rows[0]!.n !== args.jobs)
          problems.push(`expected ${args.jobs} succeeded no-op jobs, found ${done.rows[0]!.n}`);

        // Issue 9 §5: delayed auto-sends through the fake providers (scripts/bench/ingest-auto-send.ts).
        const autoSend = await runAutoSendPhase({
          client,
          clientId,
          baseUrl: server.url,
          cronSecret,
          encryptionKey,
          log,
        });
        problems.push(...autoSend.problems);

        const floor = latencyStats(floorRun);
        const ack = latencyStats(ackRun);
        const jobs = {
          count: args.jobs,
          elapsedMs: drain.elapsedMs,
          calls: drain.calls,
          perSecond: (args.jobs / drain.elapsedMs) * 1000,
        };
        const targets = judgeTargets(floor, ack, jobs.perSecond);
        const cpu = {
          health: cpuCost(cpu0, cpu1, args.deliveries, machine.cpus),
          delivery: cpuCost(cpu1, cpu2, args.deliveries, machine.cpus),
          job: cpuCost(cpu3, cpu4, args.jobs, machine.cpus),
        };
        machine.loadAverage[1] = os.loadavg()[0]!;
        log(
          `\nLoad average (1 min): ${machine.loadAverage.map((n) => n.toFixed(2)).join(" at the start, ")} at the end`,
        );
        for (const line of reportLines({
          concurrency: args.concurrency,
          floor,
          ack,
          jobs,
          targets,
          cpu,
          cores: machine.cpus,
        }))
          log(line);
        for (const line of autoSend.lines) log(line);
        const summary = {
          build: { distDir, buildId },
          machine,
          concurrency: args.concurrency,
          floor,
          ack,
          jobs,
          targets,
          cpu,
        };
        if (problems.length) {
          log(`\nThe run is not valid:\n  ${problems.join("\n  ")}`);
          return { code: 1, summary };
        }
        const failed = targets.some((t) => !t.pass) || !autoSend.pass;
        return { code: failed && args.enforce ? 1 : 0, summary };
      } finally {
        await server.stop();
        if (args["cpu-prof"]) log(`CPU profiles of the server: ${args["cpu-prof"]}/*.cpuprofile`);
      }
    },
  );
}
