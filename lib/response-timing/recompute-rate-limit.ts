// "Recompute timing now" is limited to RECOMPUTE_LIMIT per user per sliding minute, across
// all of the user's workspaces: every recompute takes the response-timing lock the cron
// needs, and a user in many workspaces should not get a bigger share of it.
//
// The limit lives in the database (one ResponseTimingState row per user, key
// "recompute-rate:<userId>", value: the epoch-ms times of the recomputes of the last
// minute), so it holds across all the server instances Vercel runs. One upsert takes a
// slot atomically: concurrent clicks serialize on the row, and the WHERE re-checks the
// count against the latest row, so six are let through and never seven.
import { Prisma } from "@/lib/generated/prisma/client";
import { SafeError } from "@/lib/safe-error";
import type { Db } from "@/lib/prisma-client";

export const RECOMPUTE_LIMIT = 6;
const WINDOW_MS = 60_000;

export function recomputeLimitMessage(retryAfterSeconds: number): string {
  return `You can recompute ${RECOMPUTE_LIMIT} times a minute; try again in ${retryAfterSeconds} s.`;
}

/** The user has used up this minute's recomputes; nothing was computed. */
export class RecomputeRateLimitedError extends SafeError {
  constructor(readonly retryAfterSeconds: number) {
    super(recomputeLimitMessage(retryAfterSeconds));
  }
}

export function recomputeRateKey(userId: string): string {
  return `recompute-rate:${userId}`;
}

/**
 * Takes one of the user's recompute slots at `now`, or throws RecomputeRateLimitedError
 * (a refused click takes no slot, so waiting the stated time always works).
 */
export async function takeRecomputeSlot({
  db,
  userId,
  now = new Date(),
}: {
  db: Db;
  userId: string;
  now?: Date;
}): Promise<void> {
  const key = recomputeRateKey(userId);
  const at = now.getTime();
  // The recompute times inside the window (a value that is not an array counts as none).
  const recent = Prisma.sql`SELECT (t.v)::bigint AS ms
      FROM jsonb_array_elements(CASE jsonb_typeof(s."value") WHEN 'array' THEN s."value" ELSE '[]' END) AS t(v)
     WHERE jsonb_typeof(t.v) = 'number' AND (t.v)::bigint > ${at - WINDOW_MS}::bigint`;
  const taken = await db.$queryRaw<{ ok: boolean }[]>`
    INSERT INTO "ResponseTimingState" AS s ("key", "value", "updatedAt")
    VALUES (${key}, jsonb_build_array(${at}::bigint), ${now})
    ON CONFLICT ("key") DO UPDATE
      SET "value" = (SELECT coalesce(jsonb_agg(r.ms ORDER BY r.ms), '[]') FROM (${recent}) r)
                    || jsonb_build_array(${at}::bigint),
          "updatedAt" = ${now}
      WHERE (SELECT count(*) FROM (${recent}) r) < ${RECOMPUTE_LIMIT}
    RETURNING true AS ok`;
  if (taken.length > 0) return;
  // Refused: the oldest recompute in the window says when a slot frees up.
  const [row] = await db.$queryRaw<{ oldest: bigint | null }[]>`
    SELECT (SELECT min(r.ms) FROM (${recent}) r) AS oldest FROM "ResponseTimingState" s WHERE s."key" = ${key}`;
  const oldest = row?.oldest === null || row?.oldest === undefined ? at : Number(row.oldest);
  throw new RecomputeRateLimitedError(Math.max(1, Math.ceil((oldest + WINDOW_MS - at) / 1000)));
}
