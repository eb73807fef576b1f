// After a completed --apply backfill, the cron's first-run seeding (queue every thread
// active in RESPONSE_TIMING_LOOKBACK_DAYS, lib/response-timing/processor.ts) would only
// re-derive what the backfill just derived: at 1M messages that is every thread again.
// So the backfill records the same ResponseTimingState key the seeding records, when its
// rebuild covers what the seeding would queue: every workspace, and a window that starts
// no later than the cron's. Changes made during or after the backfill are in the queue
// anyway (the capture triggers), so nothing is skipped.
import type pg from "pg";
import { envSchema } from "@/lib/env";
import { SEEDED_KEY } from "../processor";

/** The cron's default lookback (RESPONSE_TIMING_LOOKBACK_DAYS unset). */
export const DEFAULT_CRON_LOOKBACK_DAYS = envSchema.shape.RESPONSE_TIMING_LOOKBACK_DAYS.parse(undefined);

/** The cron's lookback from an environment; an invalid value (the cron would refuse to start) gives null. */
export function cronLookbackDaysFrom(env: Record<string, string | undefined>): number | null {
  const parsed = envSchema.shape.RESPONSE_TIMING_LOOKBACK_DAYS.safeParse(env.RESPONSE_TIMING_LOOKBACK_DAYS);
  return parsed.success ? parsed.data : null;
}

/** Why a completed apply does not stand in for the cron's seeding; null when it does. */
export function seedingNotCovered(options: {
  clientId: string | null;
  from: Date;
  now: Date;
  cronLookbackDays: number | null;
}): string | null {
  if (options.clientId) return "only one workspace was rebuilt";
  if (options.cronLookbackDays === null) return "RESPONSE_TIMING_LOOKBACK_DAYS is invalid";
  if (options.from.getTime() > options.now.getTime() - options.cronLookbackDays * 86_400_000) {
    return `the window is shorter than the cron's ${options.cronLookbackDays}-day lookback`;
  }
  return null;
}

/** Records the seeding as done; returns false when it was recorded before (by the cron or an earlier backfill). */
export async function recordQueueSeeded(
  client: pg.ClientBase,
  value: { at: Date; from: Date; lookbackDays: number },
): Promise<boolean> {
  const json = JSON.stringify({
    at: value.at.toISOString(),
    lookbackDays: value.lookbackDays,
    from: value.from.toISOString(),
    by: "backfill",
  });
  const { rowCount } = await client.query(
    `INSERT INTO "ResponseTimingState" ("key", "value", "updatedAt") VALUES ($1, $2::jsonb, now()) ON CONFLICT ("key") DO NOTHING`,
    [SEEDED_KEY, json],
  );
  return rowCount === 1;
}
