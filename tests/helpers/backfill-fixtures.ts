// Shared by the backfill tests: demo data, a full-rebuild reference, table snapshots and
// running the CLIs as child processes (a real process: exit codes, kill, resume).
import { spawn } from "node:child_process";
import path from "node:path";
import { seedDemo, startOfUtcHour } from "@/lib/demo/seed-demo";
import { EVENT_COLUMNS } from "@/lib/response-timing/derive-sql";
import { processResponseTiming } from "@/lib/response-timing/processor";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const DEMO_LEADS = 60;
export const DEMO_SEED = 7;
/** Recent, so a backfill with the real clock and its default 365-day lookback sees all of it. */
export const DEMO_NOW = startOfUtcHour(new Date(Date.now() - 3_600_000));

export async function seededDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  await seedDemo({ connectionString: db.url, leads: DEMO_LEADS, seed: DEMO_SEED, now: DEMO_NOW });
  return db;
}

/** Every ResponseTimingEvent row except id/createdAt/updatedAt, in a stable order. */
export async function eventRows(db: TestDatabase): Promise<Record<string, unknown>[]> {
  const columns = ["inboundMessageId", ...EVENT_COLUMNS].map((c) => `"${c}"`).join(", ");
  return db.query(`SELECT ${columns} FROM "ResponseTimingEvent" ORDER BY "inboundMessageId"`);
}

/** The full rebuild: the cron processor run until its queue is empty. */
export async function rebuildReference(db: TestDatabase): Promise<Record<string, unknown>[]> {
  for (let round = 0; round < 100; round++) {
    const result = await processResponseTiming({ db: db.prisma, batchSize: 500, maxMs: 60_000, lookbackDays: 3650 });
    if (result.exhausted) return eventRows(db);
  }
  throw new Error("the processor did not exhaust its queue");
}

export async function count(db: TestDatabase, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
  return row?.n ?? 0;
}

export type CliResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/**
 * Runs `scripts/<script>` with tsx in one node process (so a kill reaches the script
 * itself). `onLine` sees each stdout line and may return "kill" to SIGKILL the process.
 */
export function runCli(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  onLine?: (line: string) => "kill" | void,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", script), ...args], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (onLine?.(line) === "kill") child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
