// One backfill batch = one transaction = one derive statement over one page of threads.
import type pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import { deriveThreadsSql, type DeriveCounts } from "../derive-sql";
import { RESPONSE_TIMING_LOCK } from "../processor";
import type { BackfillMode } from "./parse-args";
import type { ThreadList, ThreadPage } from "./thread-list";
import type { BackfillCursor } from "./state-file";

const STATEMENT_TIMEOUT = "30s";
const LOCK_TIMEOUT = "60s";

/** `threads` for a page; with --apply the page's queued changes are consumed too (re-derived now). */
export function pageThreadsCtes(page: ThreadPage, mode: BackfillMode): Prisma.Sql {
  if (mode === "dry-run") return Prisma.sql`threads AS (${page.threadsSql})`;
  // A data-modifying CTE runs to completion even though nothing reads it. It sees the
  // statement's snapshot, so a change committed after it stays queued for the cron.
  return Prisma.sql`
    threads AS (${page.threadsSql}),
    dequeued AS (
      DELETE FROM "ResponseTimingQueue" q USING threads t
       WHERE q."leadId" = t."leadId" AND q."channel" = t."channel"
      RETURNING 1
    )`;
}

export type BatchOutcome = { page: ThreadPage; counts: DeriveCounts } | null;

/**
 * Runs the batch after `cursor`; null when no thread is left. Throws after a rollback
 * when anything fails, so a batch is committed whole or not at all.
 */
export async function runBatch(
  client: pg.ClientBase,
  options: { list: ThreadList; cursor: BackfillCursor | null; batchSize: number; mode: BackfillMode },
): Promise<BatchOutcome> {
  const { list, cursor, batchSize, mode } = options;
  await client.query("BEGIN");
  try {
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    if (mode === "apply") {
      // Blocking: wait for a running cron batch rather than skip. Taken before the
      // statement timeout is set, so the wait is bounded by lock_timeout (60s) and not
      // cut short by the 30s statement timeout. A dry run writes nothing and does not
      // lock, so it never makes the cron skip a run.
      const lock = Prisma.sql`SELECT pg_advisory_xact_lock(${RESPONSE_TIMING_LOCK})`;
      await client.query(lock.text, lock.values);
    }
    await client.query(`SET LOCAL statement_timeout = '${STATEMENT_TIMEOUT}'`);
    const page = await list.nextPage(cursor, batchSize);
    if (!page) {
      await client.query("ROLLBACK");
      return null;
    }
    // From here on a dry run cannot write, whatever the statement says. (The page may
    // have needed a temp table of this transaction first, which READ ONLY forbids.)
    if (mode === "dry-run") await client.query("SET TRANSACTION READ ONLY");
    const derive = deriveThreadsSql(pageThreadsCtes(page, mode), { write: mode === "apply" });
    const { rows } = await client.query<DeriveCounts>(derive.text, derive.values);
    await client.query("COMMIT");
    return { page, counts: rows[0] ?? { threads: 0, anchors: 0, written: 0, deleted: 0 } };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
