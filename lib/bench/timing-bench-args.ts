// Flags of `npm run bench:timing` (scripts/bench-timing.ts), parsed with node:util's
// parseArgs and validated with zod. A string result is the error message (exit 2).
import { parseArgs } from "node:util";
import { z } from "zod";

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

const wholeNumber = (flag: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d[\d_,]*$/, `${flag} must be a whole number`)
    .transform((raw) => Number(raw.replace(/[_,]/g, "")))
    .pipe(
      z
        .number()
        .int()
        .min(min, `${flag} must be at least ${min.toLocaleString("en-US")}`)
        .max(max, `${flag} must be at most ${max.toLocaleString("en-US")}`),
    );

const argsSchema = z.object({
  messages: wholeNumber("--messages", 1_000, 20_000_000).default(DEFAULT_BENCH_MESSAGES),
  batchSize: wholeNumber("--batch-size", 1, 100_000).default(DEFAULT_BENCH_BATCH_SIZE),
  keep: z.boolean().default(false),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

export type BenchArgs = z.infer<typeof argsSchema>;

export function parseBenchArgs(argv: string[]): BenchArgs | string {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        messages: { type: "string" },
        "batch-size": { type: "string" },
        keep: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const { "batch-size": batchSize, ...rest } = values;
  const parsed = argsSchema.safeParse({ ...rest, batchSize });
  return parsed.success ? parsed.data : parsed.error.issues.map((issue) => issue.message).join("\n");
}
