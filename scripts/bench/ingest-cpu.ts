// Where the time goes, independent of what else runs on the machine: CPU seconds used by
// the server's process tree and by PostgreSQL's (postmaster and backends) during a phase,
// read from /proc (Linux; elsewhere the numbers are simply absent). Divided by the
// requests of the phase this is the CPU cost of one request, and cores × 1000 / (that
// cost) the rate the machine could sustain if nothing else ran on it.
import fs from "node:fs/promises";
import path from "node:path";

/** Linux reports times in clock ticks; USER_HZ is 100 on every mainstream kernel. */
const TICK_MS = 10;

type ProcStat = { pid: number; ppid: number; cpuMs: number };

async function readStats(): Promise<ProcStat[] | null> {
  let entries: string[];
  try {
    entries = await fs.readdir("/proc");
  } catch {
    return null;
  }
  const stats: ProcStat[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = await fs.readFile(path.join("/proc", entry, "stat"), "utf8");
      // The command (field 2) may contain spaces: parse after its closing parenthesis.
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      const [ppid, utime, stime] = [fields[1], fields[11], fields[12]].map(Number);
      stats.push({ pid: Number(entry), ppid: ppid!, cpuMs: (utime! + stime!) * TICK_MS });
    } catch {
      // the process ended while we looked
    }
  }
  return stats;
}

function treeCpuMs(stats: ProcStat[], root: number): number {
  const children = new Map<number, number[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  const byPid = new Map(stats.map((s) => [s.pid, s]));
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += byPid.get(pid)?.cpuMs ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export type CpuSample = { server: number; postgres: number; client: number } | null;

/** CPU ms used so far by the server tree, the PostgreSQL tree and this process. */
export async function sampleCpu(roots: { server: number | undefined; postgres: number | null }): Promise<CpuSample> {
  const stats = await readStats();
  if (!stats || roots.server === undefined || roots.postgres === null) return null;
  const own = process.cpuUsage();
  return {
    server: treeCpuMs(stats, roots.server),
    postgres: treeCpuMs(stats, roots.postgres),
    client: (own.user + own.system) / 1000,
  };
}

export type CpuCost = { serverMs: number; postgresMs: number; clientMs: number; ceilingPerSecond: number };

/** CPU ms per request between two samples, and the rate `cores` could sustain at that cost. */
export function cpuCost(before: CpuSample, after: CpuSample, requests: number, cores: number): CpuCost | null {
  if (!before || !after || requests === 0) return null;
  const per = (key: "server" | "postgres" | "client") => (after[key] - before[key]) / requests;
  const cost = { serverMs: per("server"), postgresMs: per("postgres"), clientMs: per("client") };
  const total = cost.serverMs + cost.postgresMs + cost.clientMs;
  return { ...cost, ceilingPerSecond: total > 0 ? (cores * 1000) / total : Number.POSITIVE_INFINITY };
}

/** The postmaster's pid from postmaster.pid (its first line), or null. */
export async function postmasterPid(dataDir: string): Promise<number | null> {
  try {
    const pid = Number((await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
