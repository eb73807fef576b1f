// The ingest benchmark's numbers as printed: one line per measurement, then each target as
// PASS or FAIL with the numbers it was judged on.
import { INGEST_TARGETS } from "./ingest-args";
import type { CpuCost } from "./ingest-cpu";
import { percentile, type LoadResult } from "./ingest-load";

export type LatencyStats = { requests: number; p50: number; p95: number; p99: number; perSecond: number };
export type TargetResult = { name: string; detail: string; pass: boolean };

export function latencyStats(result: LoadResult): LatencyStats {
  return {
    requests: result.latenciesMs.length,
    p50: percentile(result.latenciesMs, 0.5),
    p95: percentile(result.latenciesMs, 0.95),
    p99: percentile(result.latenciesMs, 0.99),
    perSecond: (result.latenciesMs.length / result.elapsedMs) * 1000,
  };
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
export const msText = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;

export function judgeTargets(floor: LatencyStats, ack: LatencyStats, jobsPerSecond: number): TargetResult[] {
  const ratio = ack.p95 / floor.p95;
  return [
    {
      name: `ack p95 <= ${INGEST_TARGETS.ackP95OverFloorP95}x floor p95`,
      detail: `${msText(ack.p95)} vs ${msText(floor.p95)} floor: ${ratio.toFixed(2)}x`,
      pass: ratio <= INGEST_TARGETS.ackP95OverFloorP95,
    },
    {
      name: `deliveries/s >= ${INGEST_TARGETS.deliveriesPerSecond}`,
      detail: `${int(ack.perSecond)}/s sustained`,
      pass: ack.perSecond >= INGEST_TARGETS.deliveriesPerSecond,
    },
    {
      name: `jobs/s >= ${int(INGEST_TARGETS.jobsPerSecond)}`,
      detail: `${int(jobsPerSecond)}/s through the cron route`,
      pass: jobsPerSecond >= INGEST_TARGETS.jobsPerSecond,
    },
  ];
}

export function reportLines(args: {
  concurrency: number;
  floor: LatencyStats;
  ack: LatencyStats;
  jobs: { count: number; elapsedMs: number; calls: number; perSecond: number };
  targets: TargetResult[];
  cpu: { health: CpuCost | null; delivery: CpuCost | null; job: CpuCost | null };
  cores: number;
}): string[] {
  const { floor, ack, jobs } = args;
  const ratio = (n: number) => `${(n / floor.p95).toFixed(2)}x`;
  return [
    `\nResults (${args.concurrency} concurrent senders; ratios are to the floor's p95)`,
    `  GET /api/health (floor)   ${int(floor.requests)} requests   p50 ${msText(floor.p50)}  p95 ${msText(floor.p95)}  p99 ${msText(floor.p99)}  ${int(floor.perSecond)} req/s`,
    `  GHL InboundMessage ack    ${int(ack.requests)} deliveries p50 ${msText(ack.p50)} (${ratio(ack.p50)})  p95 ${msText(ack.p95)} (${ratio(ack.p95)})  p99 ${msText(ack.p99)} (${ratio(ack.p99)})  ${int(ack.perSecond)} deliveries/s`,
    `  No-op jobs via cron       ${int(jobs.count)} jobs in ${(jobs.elapsedMs / 1000).toFixed(2)} s (${jobs.calls} cron call${jobs.calls === 1 ? "" : "s"})  ${int(jobs.perSecond)} jobs/s`,
    ...cpuLines(args.cpu, args.cores),
    "\nTargets",
    ...args.targets.map((t) => `  ${t.pass ? "PASS" : "FAIL"}  ${t.name.padEnd(30)} ${t.detail}`),
  ];
}

function cpuLines(cpu: Record<"health" | "delivery" | "job", CpuCost | null>, cores: number): string[] {
  if (!cpu.health && !cpu.delivery && !cpu.job) return [];
  const lines = [
    `\nWhere the time goes: CPU ms per request (server / PostgreSQL / load generator), and the rate ${cores} cores`,
    "could sustain at that cost if nothing else ran on them",
  ];
  for (const [label, cost] of [
    ["GET /api/health", cpu.health],
    ["GHL delivery", cpu.delivery],
    ["no-op job", cpu.job],
  ] as const) {
    if (!cost) continue;
    const parts = [cost.serverMs, cost.postgresMs, cost.clientMs].map((n) => n.toFixed(2)).join(" / ");
    lines.push(`  ${label.padEnd(18)} ${parts.padEnd(22)} → ${int(cost.ceilingPerSecond)}/s`);
  }
  return lines;
}
