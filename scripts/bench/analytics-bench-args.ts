// Flags of `npm run bench:analytics` (scripts/bench-analytics.ts), parsed with node:util's
// parseArgs and validated with zod. A string result is the error message (exit 2).
import { z } from "zod";
import { parseFlags, wholeNumberFlag } from "@/lib/cli/flags";

export const DEFAULT_ANALYTICS_BENCH_LEADS = 100_000;
export const DEFAULT_ANALYTICS_BENCH_RUNS = 10;

export const ANALYTICS_BENCH_USAGE = `Usage: npm run bench:analytics -- [options]

Benchmarks the Response Timing analytics query and the anchors CSV export on a
throwaway embedded PostgreSQL filled with the demo data set (lib/demo).

  --leads N        demo leads to seed (default ${DEFAULT_ANALYTICS_BENCH_LEADS.toLocaleString("en-US")} ≈ 1M messages; 100..1,000,000)
  --runs N         timed runs of each query (default ${DEFAULT_ANALYTICS_BENCH_RUNS}; 1..1,000)
  --explain        print EXPLAIN (ANALYZE, BUFFERS) of the 90-day statement
  --reuse DIR      run on a cluster directory kept by an earlier --keep run: its seeded and
                   derived data is reused when it holds --leads leads (migrations are applied)
  --keep           keep the cluster directory (printed) for inspection or --reuse
  --json           also print a JSON summary at the end
  -h, --help       show this help`;

const argsSchema = z.object({
  leads: wholeNumberFlag("--leads", 100, 1_000_000).default(DEFAULT_ANALYTICS_BENCH_LEADS),
  runs: wholeNumberFlag("--runs", 1, 1000).default(DEFAULT_ANALYTICS_BENCH_RUNS),
  explain: z.boolean().default(false),
  reuse: z.string().min(1, "--reuse needs a directory").nullable().default(null),
  keep: z.boolean().default(false),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

export type AnalyticsBenchArgs = z.infer<typeof argsSchema>;

export function parseAnalyticsBenchArgs(argv: string[]): AnalyticsBenchArgs | string {
  const options = {
    leads: { type: "string" },
    runs: { type: "string" },
    explain: { type: "boolean" },
    reuse: { type: "string" },
    keep: { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  } as const;
  return parseFlags(argv, options, argsSchema);
}
