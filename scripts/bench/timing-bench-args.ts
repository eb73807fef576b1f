// Flags of `npm run bench:timing` (scripts/bench-timing.ts), parsed with node:util's
// parseArgs and validated with zod. A string result is the error message (exit 2).
import { z } from "zod";
import { parseFlags, wholeNumberFlag } from "@/lib/cli/flags";

export const DEFAULT_BENCH_MESSAGES = 1_000_000;
export const DEFAULT_BENCH_BATCH_SIZE = 2000;

export const BENCH_USAGE = `Usage: npm run bench:timing -- [options]

Benchmarks the response-timing engine (full rebuild through the backfill, incremental
processor runs) on a throwaway embedded PostgreSQL filled with generated, reproducible data.

  --messages N       messages to generate (default ${DEFAULT_BENCH_MESSAGES.toLocaleString("en-US")}; 1,000..20,000,000)
  --batch-size N     processor batch size for the incremental runs (default ${DEFAULT_BENCH_BATCH_SIZE})
  --rebuild-path P   the backfill path of the full rebuild: auto (default, as the CLI picks), bulk or batched
  --baseline FILE    a --json summary of a 1M run: also report the incremental time against it
                     (history independence: at 5M it must stay within 1.3x of the 1M time)
  --reuse DIR        run on a cluster directory kept by an earlier --keep run (its data is reused
                     when it was generated with the same --messages; generation time is skipped)
  --keep             keep the cluster directory (printed) for inspection or --reuse
  --skip-check       skip the read-only consistency check (faster; the check is not a timed figure)
  --json             also print a JSON summary at the end
  -h, --help         show this help`;

const argsSchema = z.object({
  messages: wholeNumberFlag("--messages", 1_000, 20_000_000).default(DEFAULT_BENCH_MESSAGES),
  "batch-size": wholeNumberFlag("--batch-size", 1, 100_000).default(DEFAULT_BENCH_BATCH_SIZE),
  "rebuild-path": z
    .enum(["auto", "bulk", "batched"], { error: "--rebuild-path must be auto, bulk or batched" })
    .default("auto"),
  baseline: z.string().min(1, "--baseline needs a file").optional(),
  reuse: z.string().min(1, "--reuse needs a directory").optional(),
  keep: z.boolean().default(false),
  "skip-check": z.boolean().default(false),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

const flagsSchema = argsSchema.transform(
  ({ "batch-size": batchSize, "skip-check": skipCheck, "rebuild-path": rebuildPath, ...rest }) => ({
    ...rest,
    batchSize,
    skipCheck,
    rebuildPath,
    baseline: rest.baseline ?? null,
    reuse: rest.reuse ?? null,
  }),
);

export type BenchArgs = z.output<typeof flagsSchema>;

export function parseBenchArgs(argv: string[]): BenchArgs | string {
  const options = {
    messages: { type: "string" },
    "batch-size": { type: "string" },
    baseline: { type: "string" },
    "rebuild-path": { type: "string" },
    reuse: { type: "string" },
    keep: { type: "boolean" },
    "skip-check": { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  } as const;
  return parseFlags(argv, options, flagsSchema);
}
