// No-op jobs, for measuring the queue itself (npm run bench:ingest drains 10,000 through
// the cron route of a running server) and for tests.
//
// The convention: a job whose payload is `{ "noop": true }` (any type) completes at once
// with the note "noop" and never reaches its type's handler. It lives in the runner, not
// in a handler, because the benchmark drains through the real cron route with the real
// registry, and what it measures is claim → run → complete, not a handler's work. Only
// code that writes BackgroundJob rows can make one (payloads are never copied from a
// webhook), and such a job does nothing but finish.
import { randomUUID } from "node:crypto";
import type { BackgroundJob, BackgroundJobType } from "@/lib/generated/prisma/client";
import { BackgroundJobType as JOB_TYPES } from "@/lib/generated/prisma/enums";
import type { JobHandler, JobHandlers } from "./job-handler";

export const NOOP_PAYLOAD = { noop: true } as const;
export const NOOP_NOTE = "noop";

export function isNoopJob(job: Pick<BackgroundJob, "payload">): boolean {
  const payload = job.payload;
  return typeof payload === "object" && payload !== null && !Array.isArray(payload) && payload.noop === true;
}

export const noopHandler: JobHandler = async () => ({ note: NOOP_NOTE });

/** Every type → noopHandler: pass as `handlers` to run any job as a no-op. */
export const noopHandlers = Object.fromEntries(
  Object.values(JOB_TYPES).map((type) => [type, noopHandler]),
) as JobHandlers;

type RawWriter = { $executeRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<number> };

/**
 * Enqueues `count` no-op jobs for one workspace in one statement (10,000 in well under a
 * second). Their runAt values are a millisecond apart, ending at `runAt` (default now), so
 * they are due at once and claimed in insertion order. Returns how many were added.
 */
export async function enqueueNoopJobs({
  db,
  clientId,
  count,
  runAt = new Date(),
  type = "LEAD_SCORING_POST_PROCESS",
  tag = randomUUID(),
}: {
  db: RawWriter;
  clientId: string;
  count: number;
  runAt?: Date;
  type?: BackgroundJobType;
  /** Makes the dedupe keys (`noop:<tag>:<n>`) unique to this call. */
  tag?: string;
}): Promise<number> {
  if (!Number.isInteger(count) || count < 0 || count > 1_000_000)
    throw new RangeError(`count must be an integer in [0, 1000000], got ${count}`);
  if (count === 0) return 0;
  return db.$executeRaw`
    INSERT INTO "BackgroundJob" ("clientId", "type", "runAt", "payload", "dedupeKey", "updatedAt")
    SELECT ${clientId}::uuid, ${type}::"BackgroundJobType",
           ${runAt}::timestamptz - (${count} - n) * interval '1 millisecond',
           '{"noop": true}'::jsonb, 'noop:' || ${tag} || ':' || n, now()
      FROM generate_series(1, ${count}) AS n
    ON CONFLICT ("dedupeKey") DO NOTHING`;
}
