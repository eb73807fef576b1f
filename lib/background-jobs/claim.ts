// Claims due jobs for one runner in one statement. FOR UPDATE SKIP LOCKED lets any number
// of runners claim at once without waiting on each other or taking the same row twice.
// A claim starts a run: attempts + 1, status RUNNING and a lease (lockedBy, lockedAt,
// lockedUntil = now + the type's lease). The lease and the attempt number are the run's
// fencing token: complete, fail and release change the row only while both still match.
//
// Due = PENDING with runAt <= now, or RUNNING whose lease expired while attempts remain
// (its runner died; rescue.ts fails those that have no attempt left). Expired leases are
// taken first, then pending jobs by (runAt, id): two index scans that stop after `limit`
// rows, instead of one OR that would sort every due row on each claim.
import { Prisma, type BackgroundJob, type BackgroundJobType } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";

export type ClaimOptions = {
  db: Db;
  runnerId: string;
  now: Date;
  limit: number;
  /** The types this claim may take, each with its lease (ms). */
  leases: Partial<Record<BackgroundJobType, number>>;
};

export async function claimJobs({ db, runnerId, now, limit, leases }: ClaimOptions): Promise<BackgroundJob[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const entries = Object.entries(leases) as [BackgroundJobType, number][];
  if (entries.length === 0) return [];
  const types = entries.map(([type]) => type);
  const leaseMs = entries.map(([, ms]) => ms);
  const typeFilter = Prisma.sql`"type" = ANY(${types}::"BackgroundJobType"[])`;
  return db.$queryRaw<BackgroundJob[]>`
    WITH expired AS (
      SELECT "id", "runAt" FROM "BackgroundJob"
       WHERE "status" = 'RUNNING' AND "lockedUntil" < ${now} AND "attempts" < "maxAttempts" AND ${typeFilter}
       ORDER BY "runAt", "id"
       LIMIT ${limit}
       FOR UPDATE SKIP LOCKED
    ),
    pending AS (
      SELECT "id", "runAt" FROM "BackgroundJob"
       WHERE "status" = 'PENDING' AND "runAt" <= ${now} AND ${typeFilter}
       ORDER BY "runAt", "id"
       LIMIT ${limit}
       FOR UPDATE SKIP LOCKED
    ),
    -- A constant LIMIT here, not "limit minus the expired count" in pending: the planner
    -- must see that at most that many rows come out, or it joins them back to the table with
    -- a sequential scan. Pending is read lazily, so it rarely locks a row it does not use.
    picked AS (SELECT "id" FROM expired UNION ALL SELECT "id" FROM pending LIMIT ${limit})
    UPDATE "BackgroundJob" j
       SET "status" = 'RUNNING',
           "attempts" = j."attempts" + 1,
           "lockedBy" = ${runnerId},
           "lockedAt" = ${now},
           "lockedUntil" = ${now}::timestamptz + l."leaseMs" * interval '1 millisecond',
           "startedAt" = ${now},
           "updatedAt" = ${now}
      FROM picked p, unnest(${types}::"BackgroundJobType"[], ${leaseMs}::int[]) AS l("type", "leaseMs")
     WHERE j."id" = p."id" AND l."type" = j."type"
    RETURNING j.*`;
}
