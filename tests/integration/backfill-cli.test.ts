// `npm run backfill:response-timing` as a real process: killed mid-run and resumed,
// exit codes, the DIRECT_URL / --allow-pooler rules and the --yes confirmation.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../helpers/test-database";
import { count, eventRows, rebuildReference, runCli, seededDatabase } from "../helpers/backfill-fixtures";

let db: TestDatabase;
let reference: Record<string, unknown>[];
let dir: string;
let env: Record<string, string>;
const UNREACHABLE = "postgresql://postgres:x@127.0.0.1:1/nothing";
const cli = (
  args: string[],
  extraEnv: Record<string, string | undefined> = env,
  onLine?: (line: string) => "kill" | void,
) => runCli("backfill-response-timing.ts", args, extraEnv, onLine);

beforeAll(async () => {
  const [a, b] = await Promise.all([seededDatabase(), seededDatabase()]);
  db = a;
  reference = await rebuildReference(b);
  await b.drop();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "backfill-cli-"));
  env = { DATABASE_URL: db.url, DIRECT_URL: db.url };
});

afterAll(async () => {
  await db?.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe("backfill CLI", () => {
  it("killed after [batch 2], --resume finishes without redoing committed batches", async () => {
    const file = path.join(dir, "killed.json");
    const killed = await cli(["--apply", "--yes", "--batch-size", "2", "--state-file", file], env, (line) =>
      line.startsWith("[batch 2]") ? "kill" : undefined,
    );
    expect(killed.signal).toBe("SIGKILL");
    const saved = JSON.parse(await fs.readFile(file, "utf8")) as {
      batchesDone: number;
      cursor: unknown;
      totals: { threads: number };
    };
    expect(saved.batchesDone).toBeGreaterThanOrEqual(2);
    expect(saved.cursor).not.toBeNull();
    expect(await count(db, "ResponseTimingEvent")).toBeLessThan(reference.length);

    // The resumed run is still a long --apply on an external database: --yes again.
    const refused = await cli(["--apply", "--resume", "--state-file", file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/confirmation needed[\s\S]*365 days[\s\S]*--yes/);

    const resumed = await cli(["--apply", "--yes", "--resume", "--state-file", file]);
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    const batches = [
      ...resumed.stdout.matchAll(/^\[batch (\d+)\] processed (\d+), total so far (\d+), elapsed \d+\.\ds$/gm),
    ];
    expect(Number(batches[0]![1])).toBe(saved.batchesDone + 1);
    expect(Number(batches[0]![3])).toBe(saved.totals.threads + Number(batches[0]![2]));
    expect(resumed.stdout).toMatch(/Backfill complete\./);
    expect(await eventRows(db)).toEqual(reference);
    const final = JSON.parse(await fs.readFile(file, "utf8")) as { batchesDone: number; totals: { threads: number } };
    expect(final.batchesDone).toBe(Math.ceil(final.totals.threads / 2));
    expect(Number(batches.at(-1)![1])).toBe(final.batchesDone);
  });

  it("bad flags are usage errors (exit 2)", async () => {
    const results = await Promise.all([
      cli(["--batch-size", "0"]),
      cli(["--resume"]),
      cli(["--dry-run", "--apply"]),
      cli(["--client-id", "nope"]),
      cli(["--lookback-days", "ten"]),
      cli(["--frobnicate"]),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(results.map((r) => r.stderr.split("\n")[0])).toEqual([
      "backfill:response-timing: --batch-size must be between 1 and 50000",
      "backfill:response-timing: --resume needs --state-file PATH (the file written by the run to resume)",
      "backfill:response-timing: --dry-run and --apply cannot be used together; choose one",
      "backfill:response-timing: --client-id must be a UUID, e.g. 0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a39",
      "backfill:response-timing: --lookback-days must be a whole number, e.g. --lookback-days 30",
      expect.stringMatching(/^backfill:response-timing: Unknown option '--frobnicate'/),
    ]);
    for (const r of results) expect(r.stderr).toContain("Usage: npm run backfill:response-timing");
  });

  it("refusals and failures exit 1 with a clear message, writing nothing", async () => {
    await db.query(`TRUNCATE "ResponseTimingEvent"`);
    const [noYes, unknownWorkspace, noState, noDirect, unreachable] = await Promise.all([
      cli(["--apply"]),
      cli(["--client-id", "00000000-0000-4000-8000-000000000000"]),
      cli(["--apply", "--resume", "--state-file", path.join(dir, "missing.json")]),
      cli([], { DATABASE_URL: db.url }),
      cli([], { DATABASE_URL: db.url, DIRECT_URL: UNREACHABLE }),
    ]);
    expect(noYes).toMatchObject({ code: 1 });
    expect(noYes.stderr).toContain(
      "Nothing was done. Run with --dry-run first to see the counts, then add --yes to confirm.",
    );
    expect(unknownWorkspace.code).toBe(1);
    expect(unknownWorkspace.stderr).toContain("No workspace with id 00000000-0000-4000-8000-000000000000");
    expect(noState.code).toBe(1);
    expect(noState.stderr).toContain("does not exist: nothing to resume");
    expect(noDirect.code).toBe(1);
    expect(noDirect.stderr).toMatch(/DIRECT_URL is not set[\s\S]*--allow-pooler/);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /Cannot reach the direct database at 127\.0\.0\.1:1\/nothing \(DIRECT_URL\): ECONNREFUSED[\s\S]*--allow-pooler/,
    );
    expect(await count(db, "ResponseTimingEvent")).toBe(0);
  });

  it("--allow-pooler uses DATABASE_URL when DIRECT_URL is unset or unreachable; 90 days need no --yes", async () => {
    const [unset, fallback] = await Promise.all([
      cli(["--allow-pooler", "--lookback-days", "30"], { DATABASE_URL: db.url }),
      cli(["--allow-pooler", "--apply", "--lookback-days", "90", "--batch-size", "1000"], {
        DATABASE_URL: db.url,
        DIRECT_URL: UNREACHABLE,
      }),
    ]);
    expect(unset.code).toBe(0);
    expect(unset.stderr).toContain(
      "Warning: DIRECT_URL is not set; using DATABASE_URL because --allow-pooler was given.",
    );
    expect(unset.stdout).toMatch(/Dry run complete: nothing was written\./);
    expect(fallback.code).toBe(0);
    expect(fallback.stderr).toMatch(
      /Warning: cannot reach 127\.0\.0\.1:1\/nothing \(DIRECT_URL\): ECONNREFUSED; falling back to DATABASE_URL/,
    );
    expect(fallback.stdout).toMatch(/\(DATABASE_URL\)/);
    expect(fallback.stdout).toMatch(/^\[batch 1\] processed \d+, total so far \d+, elapsed \d+\.\ds$/m);
    expect(await count(db, "ResponseTimingEvent")).toBeGreaterThan(0);
  });
});
