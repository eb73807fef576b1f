// Flags of `npm run bench:ingest` (scripts/bench-ingest.ts), parsed with node:util's
// parseArgs and validated with zod. A string result is the error message (exit 2).
import { z } from "zod";
import { parseFlags, wholeNumberFlag } from "@/lib/cli/flags";

export const DEFAULT_INGEST_DELIVERIES = 5_000;
export const DEFAULT_INGEST_JOBS = 10_000;
export const DEFAULT_INGEST_CONCURRENCY = 16;

/** The targets on the 2-core reference machine. */
export const INGEST_TARGETS = { ackP95OverFloorP95: 4, deliveriesPerSecond: 300, jobsPerSecond: 1_000 } as const;

export const INGEST_BENCH_USAGE = `Usage: npm run bench:ingest -- [options]

Benchmarks webhook ingestion and the job queue against the production server (next start,
a separate process with its own port, database and secrets) on a throwaway embedded
PostgreSQL. Needs a production build (npm run build; NEXT_DIST_DIR picks another build dir).

  --deliveries N   signed GHL InboundMessage deliveries to time (default ${DEFAULT_INGEST_DELIVERIES.toLocaleString("en-US")}; 100..1,000,000);
                   GET /api/health (the floor) is timed with as many requests
  --jobs N         no-op jobs drained through /api/cron/background-jobs (default ${DEFAULT_INGEST_JOBS.toLocaleString("en-US")}; 100..1,000,000)
  --concurrency N  concurrent senders (default ${DEFAULT_INGEST_CONCURRENCY}; 1..256)
  --port N         the server's port (default: a free one)
  --cpu-prof DIR   write V8 CPU profiles of the server to DIR (open them in Chrome DevTools)
  --enforce        exit 1 when a target fails (default: targets are reported only)
  --keep           keep the cluster directory (printed) for inspection
  --json           also print a JSON summary at the end
  -h, --help       show this help

Targets (2 cores): ack p95 <= ${INGEST_TARGETS.ackP95OverFloorP95}x the floor's p95, >= ${INGEST_TARGETS.deliveriesPerSecond} deliveries/s, >= ${INGEST_TARGETS.jobsPerSecond.toLocaleString("en-US")} jobs/s.`;

const schema = z.object({
  deliveries: wholeNumberFlag("--deliveries", 100, 1_000_000).default(DEFAULT_INGEST_DELIVERIES),
  jobs: wholeNumberFlag("--jobs", 100, 1_000_000).default(DEFAULT_INGEST_JOBS),
  concurrency: wholeNumberFlag("--concurrency", 1, 256).default(DEFAULT_INGEST_CONCURRENCY),
  port: wholeNumberFlag("--port", 1024, 65_535).optional(),
  "cpu-prof": z.string().trim().min(1, "--cpu-prof needs a directory").optional(),
  enforce: z.boolean().default(false),
  keep: z.boolean().default(false),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

export type IngestBenchArgs = z.output<typeof schema>;

export function parseIngestBenchArgs(argv: string[]): IngestBenchArgs | string {
  const options = {
    deliveries: { type: "string" },
    jobs: { type: "string" },
    concurrency: { type: "string" },
    port: { type: "string" },
    "cpu-prof": { type: "string" },
    enforce: { type: "boolean" },
    keep: { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  } as const;
  return parseFlags(argv, options, schema);
}
