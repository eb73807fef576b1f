// What the timing benchmark ran on: the machine, Node, PostgreSQL and the settings in
// effect, logged at the start and kept in the JSON summary.
import os from "node:os";
import type pg from "pg";
import { BENCH_PG_SETTINGS } from "./bench-cluster";

export async function describeBenchMachine(pgClient: pg.Client, label: string, log: (line: string) => void) {
  const cpus = os.cpus();
  const settingNames = [
    "synchronous_commit",
    "fsync",
    "full_page_writes",
    "shared_buffers",
    "work_mem",
    "max_wal_size",
    "effective_cache_size",
    "random_page_cost",
    "jit",
    "autovacuum",
    "max_parallel_workers_per_gather",
  ];
  const { rows: settingRows } = await pgClient.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name`,
    [settingNames],
  );
  const postgresSettings = Object.fromEntries(settingRows.map((r) => [r.name, r.setting]));
  const [{ version } = { version: "?" }] = (await pgClient.query<{ version: string }>("SELECT version()")).rows;
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "?",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    postgres: version,
  };
  log(`Implementation under test: ${label}`);
  log(`Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB RAM, ${machine.platform}`);
  log(`Node ${machine.node}; ${machine.postgres}`);
  log(
    `PostgreSQL settings: synchronous_commit=off is the only durability change (fsync and full_page_writes stay on);`,
  );
  log(
    `  shared_buffers=${BENCH_PG_SETTINGS.shared_buffers}, max_wal_size=${BENCH_PG_SETTINGS.max_wal_size}; the rest are defaults.`,
  );
  log(`  In effect: ${settingRows.map((r) => `${r.name}=${r.setting}`).join(", ")}`);
  return { machine, postgresSettings, version };
}
