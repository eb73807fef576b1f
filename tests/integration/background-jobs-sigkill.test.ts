// A runner process killed with SIGKILL in the middle of a job: the job stays RUNNING under
// the dead runner's lease, is not reclaimed while that lease holds, and once it passes is
// rescued, claimed again and succeeds exactly once. Time is injected (the lease end is
// read from the row), so nothing here waits for the lease to run out on the wall clock.
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainJobs } from "@/lib/background-jobs/drain-jobs";
import type { JobHandler } from "@/lib/background-jobs/job-handler";
import { noopHandlers } from "@/lib/background-jobs/noop";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { insertJob, readJob } from "../helpers/job-fixtures";

let db: TestDatabase;
let clientId: string;
const ROOT = path.resolve(import.meta.dirname, "../..");

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Kill Co")).id;
});
afterAll(async () => db?.drop());

/** Starts the hanging runner and resolves once its handler has begun. */
async function startHangingRunner(runnerId: string) {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "tests/helpers/claim-and-hang.ts"],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url, RUNNER_ID: runnerId },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, "exit");
  const started = new Promise<string>((resolve) =>
    lines.on("line", (line) => line.startsWith("started ") && resolve(line)),
  );
  const first = await Promise.race([started, exited.then(() => null)]);
  if (first === null) throw new Error(`the runner exited before starting the job: ${stderr}`);
  return { child, line: first, exited };
}

describe("a runner killed mid-job", () => {
  it("leaves the job to be reclaimed only after its lease, and it then succeeds once", async () => {
    const job = await insertJob(db.prisma, { clientId, runAt: new Date(Date.now() - 1000) });
    const { child, line, exited } = await startHangingRunner("doomed-runner");
    expect(line).toContain(job.id);
    child.kill("SIGKILL");
    const [, signal] = await exited;
    expect(signal).toBe("SIGKILL");

    const orphan = await readJob(db.prisma, job.id);
    expect(orphan).toMatchObject({ status: "RUNNING", attempts: 1, lockedBy: "doomed-runner" });
    const leaseEnd = orphan.lockedUntil!.getTime();

    const calls: string[] = [];
    const handler: JobHandler = async ({ job: claimed }) => {
      calls.push(claimed.id);
      return { note: "recovered" };
    };
    const runAt = (ms: number) =>
      drainJobs({
        db: db.prisma,
        handlers: { ...noopHandlers, LEAD_SCORING_POST_PROCESS: handler },
        now: () => new Date(ms),
        maxMs: 250_000,
        concurrency: 2,
        runnerId: "survivor",
      });

    // The lease still holds: nothing is rescued or claimed, the row is unchanged.
    const early = await runAt(leaseEnd - 1);
    expect(early).toMatchObject({ rescued: 0, claimed: 0, succeeded: 0 });
    expect(await readJob(db.prisma, job.id)).toEqual(orphan);
    expect(calls).toEqual([]);

    // Lease passed: rescued back to PENDING, claimed as attempt 2, succeeds.
    const late = await runAt(leaseEnd + 1);
    expect(late).toMatchObject({ rescued: 1, claimed: 1, succeeded: 1, failed: 0, retried: 0 });
    expect(calls).toEqual([job.id]);
    const done = await readJob(db.prisma, job.id);
    expect(done).toMatchObject({ status: "SUCCEEDED", attempts: 2, resultNote: "recovered", lockedBy: null });
    expect(done.lastError).toMatch(/^lease expired: runner doomed-runner/);

    // And never again.
    expect(await runAt(leaseEnd + 3_600_000)).toMatchObject({ claimed: 0, succeeded: 0 });
    expect(calls).toEqual([job.id]);
  });
});
