// Flags of `npm run bench:timing` (scripts/bench-timing.ts), parsed with node:util's
// parseArgs and validated with zod. A string result is the error message (exit 2).
import { z } from "zod";
import { parseFlags, wholeNumberFlag } from "@/lib/cli/flags";

export const DEFAULT_BENCH_MESSAGES = 1_000_000;
export const DEFAULT_BENCH_BATCH_SIZE = 2000;

export const BENCH_USAGE = `Usage: npm run bench:timing -- [options]

Benchmarks the response-timing processor on a throwaway embedded PostgreSQL filled
with generated, reproducible data.

  --messages N     messages to generate (default ${DEFAULT_BENCH_MESSAGES.toLocaleString("en-US")}; 1,000..20,000,000)
  --batch-size N   processor batch size for the full rebuild (default ${DEFAULT_BENCH_BATCH_SIZE})
  --keep           keep the cluster directory (printed) for inspection
  --json           also print a JSON summary at the end
  -h, --help       show this help`;

const argsSchema = z.object({
  messages: wholeNumberFlag("--messages", 1_000, 20_000_000).default(DEFAULT_BENCH_MESSAGES),
  "batch-size": wholeNumberFlag("--batch-size", 1, 100_000).default(DEFAULT_BENCH_BATCH_SIZE),
  keep: z.boolean().default(false),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

const flagsSchema = argsSchema.transform(({ "batch-size": batchSize, ...rest }) => ({ ...rest, batchSize }));

export type BenchArgs = z.output<typeof flagsSchema>;

export function parseBenchArgs(argv: string[]): BenchArgs | string {
  const options = {
    messages: { type: "string" },
    "batch-size": { type: "string" },
    keep: { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  } as const;
  return parseFlags(argv, options, flagsSchema);
}
