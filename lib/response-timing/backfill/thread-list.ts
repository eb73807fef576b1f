// The threads a backfill rebuilds: every (leadId, channel) with a message since `from`,
// keyed and ordered by its first message in the window, (sentAt, id). Computed once per
// run (one scan of Message) and then paged by cursor, never OFFSET.
//
// On a direct connection the list lives in a TEMP table of this session. Behind a
// transaction-mode pooler (--allow-pooler) consecutive transactions may run on different
// server sessions, so a temp table would vanish between batches: there the list is kept
// in this process and each page goes into a temp table of its own transaction.
import type pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import type { BackfillCursor } from "./state-file";

export type ThreadListStorage = "temp-table" | "memory";

export type ThreadPage = {
  /** Threads in this page (1..limit). */
  count: number;
  /** The last thread of the page: the cursor after it commits. */
  end: BackfillCursor;
  /** CTE body (a SELECT of "leadId", "channel") for `threads AS (...)`. */
  threadsSql: Prisma.Sql;
};

export type ThreadList = {
  /** Threads after the starting cursor. */
  total: number;
  /** The list as a relation of this session ("leadId", "channel", "sentAt", "id"), for the bulk path; null in memory. */
  table: Prisma.Sql | null;
  /** The next page after `cursor`; null when none is left. Run inside the batch transaction, before it turns read-only. */
  nextPage(cursor: BackfillCursor | null, limit: number): Promise<ThreadPage | null>;
};

const TABLE = "response_timing_backfill_threads";
const PAGE_TABLE = "response_timing_backfill_page";
const START: BackfillCursor = { sentAt: "-infinity", id: "00000000-0000-0000-0000-000000000000" };

type Row = { leadId: string; channel: string; sentAt: Date; id: string };

/** First in-window message of every thread after `after`, in cursor order. */
function firstMessagesSql(from: Date, clientId: string | null, after: BackfillCursor | null): Prisma.Sql {
  const start = after ?? START;
  const scope = clientId ? Prisma.sql`AND m."clientId" = ${clientId}::uuid` : Prisma.empty;
  return Prisma.sql`SELECT "leadId", "channel", "sentAt", "id" FROM (
      SELECT DISTINCT ON (m."leadId", m."channel") m."leadId", m."channel", m."sentAt", m."id"
        FROM "Message" m
       WHERE m."sentAt" >= ${from} ${scope}
       ORDER BY m."leadId", m."channel", m."sentAt", m."id"
    ) f
    WHERE ("sentAt", "id") > (${start.sentAt}::timestamptz, ${start.id}::uuid)
    ORDER BY "sentAt", "id"`;
}

const cursorOf = (row: { sentAt: Date; id: string }): BackfillCursor => ({
  sentAt: row.sentAt.toISOString(),
  id: row.id,
});

export async function buildThreadList(
  client: pg.ClientBase,
  options: { storage: ThreadListStorage; from: Date; clientId: string | null; after: BackfillCursor | null },
): Promise<ThreadList> {
  const first = firstMessagesSql(options.from, options.clientId, options.after);
  return options.storage === "memory" ? memoryList(client, first) : tempTableList(client, first);
}

async function tempTableList(client: pg.ClientBase, first: Prisma.Sql): Promise<ThreadList> {
  await client.query(`DROP TABLE IF EXISTS pg_temp.${TABLE}`);
  const create = Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(TABLE)} AS ${first}`;
  await client.query(create.text, create.values);
  await client.query(`CREATE INDEX ON pg_temp.${TABLE} ("sentAt", "id")`);
  await client.query(`ANALYZE pg_temp.${TABLE}`);
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_temp.${TABLE}`);
  const afterCursor = (c: BackfillCursor | null) =>
    Prisma.sql`("sentAt", "id") > (${(c ?? START).sentAt}::timestamptz, ${(c ?? START).id}::uuid)`;
  return {
    total: rows[0]?.n ?? 0,
    table: Prisma.raw(`pg_temp.${TABLE}`),
    async nextPage(cursor, limit) {
      const last = Prisma.sql`SELECT count(*) OVER ()::int AS n, "sentAt", "id" FROM (
          SELECT "sentAt", "id" FROM pg_temp.${Prisma.raw(TABLE)} WHERE ${afterCursor(cursor)} ORDER BY "sentAt", "id" LIMIT ${limit}
        ) p ORDER BY "sentAt" DESC, "id" DESC LIMIT 1`;
      const {
        rows: [end],
      } = await client.query<{ n: number; sentAt: Date; id: string }>(last.text, last.values);
      if (!end) return null;
      return {
        count: end.n,
        end: cursorOf(end),
        // The LIMIT (the page's exact size) is for the planner: it estimates a range of row
        // values at a quarter of the table, takes a 500-thread page for ~30,000 and then
        // reads all of "Message" per batch (3× slower over 1M messages than index lookups).
        threadsSql: Prisma.sql`SELECT "leadId", "channel" FROM pg_temp.${Prisma.raw(TABLE)}
          WHERE ${afterCursor(cursor)} AND ("sentAt", "id") <= (${end.sentAt}::timestamptz, ${end.id}::uuid)
          ORDER BY "sentAt", "id" LIMIT ${end.n}`,
      };
    },
  };
}

const isAfter = (row: Row, cursor: BackfillCursor): boolean => {
  const at = row.sentAt.getTime() - Date.parse(cursor.sentAt);
  // Lower-case canonical uuids compare as text exactly like PostgreSQL compares uuid.
  return at > 0 || (at === 0 && row.id > cursor.id);
};

async function memoryList(client: pg.ClientBase, first: Prisma.Sql): Promise<ThreadList> {
  const { rows } = await client.query<Row>(first.text, first.values);
  let position = 0;
  return {
    total: rows.length,
    table: null,
    async nextPage(cursor, limit) {
      if (cursor) while (position < rows.length && !isAfter(rows[position]!, cursor)) position++;
      const page = rows.slice(position, position + limit);
      const end = page[page.length - 1];
      if (!end) return null;
      // A table of this transaction (same server session even behind a pooler), analyzed so
      // the planner knows the page's size and leads; a bare unnest() is estimated badly.
      const create = Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(PAGE_TABLE)} ON COMMIT DROP AS
        SELECT * FROM unnest(${page.map((r) => r.leadId)}::uuid[], ${page.map((r) => r.channel)}::"MessageChannel"[]) AS t("leadId", "channel")`;
      await client.query(create.text, create.values);
      await client.query(`ANALYZE pg_temp.${PAGE_TABLE}`);
      return {
        count: page.length,
        end: cursorOf(end),
        threadsSql: Prisma.sql`SELECT "leadId", "channel" FROM pg_temp.${Prisma.raw(PAGE_TABLE)}`,
      };
    },
  };
}
