// Database reachability for /api/health, with a short timeout so a hung database
// cannot hang the health check.
import type { Db } from "@/lib/prisma-client";

export type HealthReport = {
  status: "ok" | "degraded";
  database: { reachable: boolean; latencyMs: number | null };
  time: string;
};

export async function checkHealth({
  db,
  now = () => new Date(),
  timeoutMs = 3000,
}: {
  db: Pick<Db, "$queryRaw">;
  now?: () => Date;
  timeoutMs?: number;
}): Promise<HealthReport> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRaw`select 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const latencyMs = Math.round(performance.now() - started);
    return { status: "ok", database: { reachable: true, latencyMs }, time: now().toISOString() };
  } catch (error) {
    // Connection details stay in the server log; the public endpoint only says "unreachable".
    console.error("[health] database unreachable:", error instanceof Error ? error.message : error);
    return { status: "degraded", database: { reachable: false, latencyMs: null }, time: now().toISOString() };
  } finally {
    clearTimeout(timer);
  }
}
