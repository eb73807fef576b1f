// The statements of one bulk chunk: the staged rows of a range of threads (rn in (lo, hi]),
// written — or, in a dry run, counted — the way the batch statement writes them (insert or
// update only what changed, delete what is no longer an anchor, consume the queue rows the
// staging snapshot covered).
//
// Threads that changed after the staging snapshot must not get its (older) rows. A change
// always queues its thread (the capture triggers), so such a thread either still has a
// queue row the snapshot did not see, or another writer (cron, recompute) already derived
// it from a newer snapshot — and then wrote its rows with a newer "updatedAt". Those
// threads are "dirty": the chunk re-derives them with the batch statement instead.
import { Prisma } from "@/lib/generated/prisma/client";
import { EVENT_COLUMNS } from "../derive-sql";
import { ROW_COLUMNS, T } from "./stage-sql";

const quoted = (names: readonly string[], prefix = "") => Prisma.raw(names.map((n) => `${prefix}"${n}"`).join(", "));
const raw = (name: keyof typeof T) => Prisma.raw(`pg_temp.${T[name]}`);
export const DIRTY_TABLE = "rt_bulk_dirty";

type Range = { lo: number; hi: number };

/** The chunk's dirty threads, into a temp table of the chunk's transaction. */
export function dirtyThreadsSql({ lo, hi }: Range, marker: Date): Prisma.Sql {
  // Joins, not a correlated EXISTS per thread: the table's statistics are stale while it
  // fills, and a per-thread subplan then became a sequential scan per thread.
  return Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(DIRTY_TABLE)} ON COMMIT DROP AS
    WITH chunk AS MATERIALIZED (SELECT th."leadId", th."channel" FROM ${raw("threads")} th WHERE th.rn > ${lo} AND th.rn <= ${hi})
    SELECT q."leadId", q."channel" FROM "ResponseTimingQueue" q
      JOIN chunk c ON c."leadId" = q."leadId" AND c."channel" = q."channel"
     WHERE NOT EXISTS (SELECT 1 FROM ${raw("queue")} s WHERE s."id" = q."id")
    UNION
    SELECT r."leadId", r."channel" FROM "ResponseTimingEvent" r
      JOIN chunk c ON c."leadId" = r."leadId" AND c."channel" = r."channel"
     WHERE r."updatedAt" >= ${marker}`;
}

/**
 * The foreign keys of the chunk's rows, checked set-based: the referenced Message, Lead,
 * Client and User rows are locked FOR KEY SHARE — the lock each per-row foreign-key check
 * takes, so a concurrent delete waits for the commit exactly as it would for them — and
 * the threads of rows whose reference is gone (a lead deleted after the snapshot) become
 * dirty. With this check done, the chunk may write with the per-row checks off
 * (session_replication_role = replica, when the role may set it): same integrity, without
 * one trigger call per row and key (measured: the four checks cost more than the rows).
 */
export function lockReferencesSql({ lo, hi }: Range): Prisma.Sql {
  return Prisma.sql`WITH chunk_rows AS MATERIALIZED (
      SELECT d.rn, d."inboundMessageId", d."leadId", d."clientId", d."setterSentByUserId" FROM ${raw("desired")} d
       WHERE d.rn > ${lo} AND d.rn <= ${hi}
    ),
    -- = ANY (array): index probes in key order, never a scan of the whole table per chunk.
    messages AS (
      SELECT m."id" FROM "Message" m
       WHERE m."id" = ANY ((SELECT array_agg("inboundMessageId" ORDER BY "inboundMessageId") FROM chunk_rows)::uuid[])
         FOR KEY SHARE
    ),
    leads AS (
      SELECT l."id" FROM "Lead" l
       WHERE l."id" = ANY ((SELECT array_agg(DISTINCT "leadId") FROM chunk_rows)::uuid[]) FOR KEY SHARE
    ),
    clients AS (SELECT c."id" FROM "Client" c WHERE c."id" IN (SELECT "clientId" FROM chunk_rows) FOR KEY SHARE),
    users AS (SELECT u."id" FROM "User" u WHERE u."id" IN (SELECT "setterSentByUserId" FROM chunk_rows) FOR KEY SHARE),
    missing AS (
      SELECT DISTINCT d.rn FROM chunk_rows d
       WHERE d."inboundMessageId" NOT IN (SELECT "id" FROM messages)
          OR d."leadId" NOT IN (SELECT "id" FROM leads)
          OR d."clientId" NOT IN (SELECT "id" FROM clients)
          OR (d."setterSentByUserId" IS NOT NULL AND d."setterSentByUserId" NOT IN (SELECT "id" FROM users))
    )
    INSERT INTO pg_temp.${Prisma.raw(DIRTY_TABLE)} ("leadId", "channel")
    SELECT th."leadId", th."channel" FROM ${raw("threads")} th
     WHERE th.rn IN (SELECT rn FROM missing)
       AND NOT EXISTS (SELECT 1 FROM pg_temp.${Prisma.raw(DIRTY_TABLE)} x WHERE x."leadId" = th."leadId" AND x."channel" = th."channel")`;
}

/** CTE `threads` of the dirty threads, for the batch statement (their queue rows are consumed too). */
export const dirtyThreadsCtes = Prisma.sql`
  threads AS (SELECT "leadId", "channel" FROM pg_temp.${Prisma.raw(DIRTY_TABLE)}),
  dequeued AS (
    DELETE FROM "ResponseTimingQueue" q USING threads t WHERE q."leadId" = t."leadId" AND q."channel" = t."channel"
    RETURNING 1
  )`;

/** The chunk's clean threads and their staged rows; `dirty` false in a dry run (no dirty table). */
function chunkCtes({ lo, hi }: Range, dirty: boolean): Prisma.Sql {
  const notDirty = dirty
    ? Prisma.sql`AND NOT EXISTS (SELECT 1 FROM pg_temp.${Prisma.raw(DIRTY_TABLE)} x WHERE x."leadId" = th."leadId" AND x."channel" = th."channel")`
    : Prisma.empty;
  return Prisma.sql`
    chunk_threads AS MATERIALIZED (
      SELECT th.rn, th."leadId", th."channel" FROM ${raw("threads")} th WHERE th.rn > ${lo} AND th.rn <= ${hi} ${notDirty}
    ),
    chunk_rows AS MATERIALIZED (
      SELECT ${quoted(ROW_COLUMNS, "d.")} FROM ${raw("desired")} d
       WHERE d.rn > ${lo} AND d.rn <= ${hi} AND d.rn IN (SELECT rn FROM chunk_threads)
    ),
    stale AS (
      SELECT r."inboundMessageId" FROM "ResponseTimingEvent" r
        JOIN chunk_threads t ON t."leadId" = r."leadId" AND t."channel" = r."channel"
      EXCEPT
      SELECT "inboundMessageId" FROM chunk_rows
    )`;
}

const changed = (left: string, right: string) =>
  Prisma.sql`(${quoted(EVENT_COLUMNS, left)}) IS DISTINCT FROM (${quoted(EVENT_COLUMNS, right)})`;

/** Writes the clean threads' staged rows; returns threads, anchors, written, deleted. */
export function writeChunkSql(range: Range): Prisma.Sql {
  const updates = Prisma.raw(EVENT_COLUMNS.map((n) => `"${n}" = EXCLUDED."${n}"`).join(", "));
  return Prisma.sql`WITH ${chunkCtes(range, true)},
    upserted AS (
      INSERT INTO "ResponseTimingEvent" (${quoted(ROW_COLUMNS)}, "updatedAt")
      SELECT ${quoted(ROW_COLUMNS)}, now() FROM chunk_rows ORDER BY "inboundMessageId"
      ON CONFLICT ("inboundMessageId") DO UPDATE SET ${updates}, "updatedAt" = now()
      WHERE ${changed(`"ResponseTimingEvent".`, "EXCLUDED.")}
      RETURNING 1
    ),
    removed AS (
      DELETE FROM "ResponseTimingEvent" r USING stale s WHERE r."inboundMessageId" = s."inboundMessageId"
      RETURNING 1
    ),
    dequeued AS (
      DELETE FROM "ResponseTimingQueue" q USING ${raw("queue")} s
       WHERE q."id" = s."id" AND s.rn IN (SELECT rn FROM chunk_threads)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM chunk_threads)::int AS threads, (SELECT count(*) FROM chunk_rows)::int AS anchors,
           (SELECT count(*) FROM upserted)::int AS written, (SELECT count(*) FROM removed)::int AS deleted,
           (SELECT count(*) FROM dequeued)::int AS dequeued`;
}

/** A dry run's counts for the chunk: what writeChunkSql would write and delete. */
export function countChunkSql(range: Range): Prisma.Sql {
  return Prisma.sql`WITH ${chunkCtes(range, false)}
    SELECT (SELECT count(*) FROM chunk_threads)::int AS threads, (SELECT count(*) FROM chunk_rows)::int AS anchors,
           (SELECT count(*) FROM chunk_rows d LEFT JOIN "ResponseTimingEvent" r ON r."inboundMessageId" = d."inboundMessageId"
             WHERE r."id" IS NULL OR ${changed("r.", "d.")})::int AS written,
           (SELECT count(*) FROM stale)::int AS deleted`;
}
