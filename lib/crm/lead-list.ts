// The CRM lead list: the workspace's leads, searched, filtered and paginated in SQL.
//
// Sized for 100k leads / 1M messages per workspace, every page (deep ones included) an
// index range, never a sort of the workspace or a probe of Message per lead:
// - the order is "last activity" = greatest(lastInboundAt, lastOutboundAt), leads without
//   activity last, kept as Lead.activitySortNewest / activitySortOldest by a trigger (the
//   sentinels make "without activity last" a plain index order both ways);
// - "awaiting reply" is Lead.awaitingReply, kept exact by triggers on Message
//   (awaiting-reply-sql.ts); the list is read from Lead(clientId, awaitingReply, key, id):
//   one range with the filter, else the two ranges merged (MergeAppend), ids first from the
//   index alone, then the page's 50 rows joined;
// - the channel and booked filters read Lead.messageChannels and Lead.isBooked, also kept
//   by triggers, so a filtered page scans the index range with a column test per lead;
// - the per-thread facts (channels, awaiting since) are index probes on
//   Message(leadId, channel, sentAt) for the page's rows only;
// - filtered totals are counted only up to COUNT_CAP.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import type { Channel } from "@/lib/channels";
import { awaitingReplySql } from "./awaiting-reply-sql";

export const LEADS_PER_PAGE = 50;
export const COUNT_CAP = 1000;

export type LeadListFilters = {
  q?: string;
  channel?: Channel | null;
  booked?: "yes" | "no" | null;
  awaiting?: boolean;
  sort?: "newest" | "oldest";
  /** Bookings: leads with an open follow-up task (LeadTask; docs/bookings.md). */
  followUp?: boolean;
};

export type LeadListRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  status: string;
  lastInboundAt: Date | null;
  lastOutboundAt: Date | null;
  lastActivityAt: Date | null;
  appointmentStatus: string | null;
  appointmentBookedAt: Date | null;
  appointmentStartAt: Date | null;
  booked: boolean;
  channels: Channel[];
  /** Streak start of the oldest unanswered streak across channels; null when nobody waits. */
  awaitingSince: Date | null;
  awaitingChannel: Channel | null;
};

export type LeadListResult = {
  rows: LeadListRow[];
  page: number;
  pageSize: number;
  /** Matches, exact when `totalIsExact`, otherwise "at least COUNT_CAP". */
  total: number;
  totalIsExact: boolean;
  /** Null when the total is capped (the page count is unknown). */
  pageCount: number | null;
  hasPrevious: boolean;
  hasNext: boolean;
};

/**
 * Booked = the lead holds a booking now: the booking-outcome rules' booked status, not
 * cancelled (docs/definitions.md) — isBookedSql(), stored on the row by a trigger as
 * Lead.isBooked (lead-list-state.ts holds the two equal).
 */
export const BOOKED_SQL = Prisma.sql`l."isBooked"`;

const LAST_ACTIVITY = Prisma.sql`greatest(l."lastInboundAt", l."lastOutboundAt")`;

/** Some thread of the lead ends with an inbound message: the rule the overview's card shares. */
const AWAITING_SQL = awaitingReplySql(Prisma.raw("l"));

/** The stored sort key and its direction: ORDER BY key <dir>, id equals last activity <dir> NULLS LAST, id. */
function sortKey(sort: LeadListFilters["sort"]): { key: Prisma.Sql; direction: Prisma.Sql } {
  return sort === "oldest"
    ? { key: Prisma.sql`l."activitySortOldest"`, direction: Prisma.sql`ASC` }
    : { key: Prisma.sql`l."activitySortNewest"`, direction: Prisma.sql`DESC` };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function whereSql(clientId: string, filters: LeadListFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`l."clientId" = ${clientId}::uuid`];
  const q = filters.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    const any = [
      Prisma.sql`l."name" ILIKE ${pattern}`,
      Prisma.sql`l."email" ILIKE ${pattern}`,
      Prisma.sql`l."phone" ILIKE ${pattern}`,
    ];
    // "(212) 555-0124" should find "+12125550124": compare digits only when the query has some.
    const digits = q.replace(/\D/g, "");
    if (digits.length >= 3) any.push(Prisma.sql`regexp_replace(l."phone", '\\D', '', 'g') LIKE ${`%${digits}%`}`);
    parts.push(Prisma.sql`(${Prisma.join(any, " OR ")})`);
  }
  if (filters.channel) {
    // Lead.messageChannels: the channels with messages, kept by the same triggers as awaitingReply.
    parts.push(Prisma.sql`${filters.channel}::"MessageChannel" = ANY (l."messageChannels")`);
  }
  if (filters.booked === "yes") parts.push(BOOKED_SQL);
  if (filters.booked === "no") parts.push(Prisma.sql`NOT ${BOOKED_SQL}`);
  // Bookings' "needs follow-up" filter: an open task (LeadTask_leadId_doneAt_idx).
  if (filters.followUp)
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "LeadTask" t WHERE t."leadId" = l."id" AND t."doneAt" IS NULL)`);
  return Prisma.join(parts, " AND ");
}

function isFiltered(filters: LeadListFilters): boolean {
  return Boolean(filters.q?.trim() || filters.channel || filters.booked || filters.awaiting || filters.followUp);
}

export async function listLeads({
  db,
  clientId,
  page,
  filters = {},
  pageSize = LEADS_PER_PAGE,
}: {
  db: Db;
  clientId: string;
  page: number;
  filters?: LeadListFilters;
  pageSize?: number;
}): Promise<LeadListResult> {
  const where = whereSql(clientId, filters);
  const { key, direction } = sortKey(filters.sort);
  const offset = (page - 1) * pageSize;
  const filtered = isFiltered(filters);
  const countSql = filtered
    ? Prisma.sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM "Lead" l WHERE ${where} ${filters.awaiting ? Prisma.sql`AND ${AWAITING_SQL}` : Prisma.empty} LIMIT ${COUNT_CAP + 1}) capped`
    : Prisma.sql`SELECT count(*)::int AS n FROM "Lead" l WHERE ${where}`;
  // One index range per awaiting value. Each branch keeps its own ORDER BY: that is what
  // makes the planner merge the two ranges in order (Merge Append) instead of sorting them.
  const range = (awaiting: boolean) =>
    Prisma.sql`(SELECT l."id", ${key} AS k FROM "Lead" l WHERE ${where} AND ${AWAITING_SQL} = ${Prisma.raw(String(awaiting))}
       ORDER BY 2 ${direction}, 1)`;
  // A search is answered from the trigram index: a bitmap of the matching leads, read once into
  // `m`, then one top-N sort for the page and the capped count from the same rows (the two
  // ordered ranges, and a separate count, would each scan that bitmap again).
  const searched = Boolean(filters.q?.trim());
  const ranges = filters.awaiting ? range(true) : Prisma.sql`${range(false)} UNION ALL ${range(true)}`;
  const head = searched
    ? Prisma.sql`m AS MATERIALIZED (
        SELECT l."id", ${key} AS k FROM "Lead" l
         WHERE ${where} ${filters.awaiting ? Prisma.sql`AND ${AWAITING_SQL}` : Prisma.empty}
      ),
      ids AS MATERIALIZED (
        SELECT r."id", r.k FROM m r ORDER BY r.k ${direction}, r."id" LIMIT ${pageSize + 1} OFFSET ${offset}
      ),`
    : Prisma.sql`ids AS MATERIALIZED (
        SELECT r."id", r.k FROM (${ranges}) r
         ORDER BY r.k ${direction}, r."id"
         LIMIT ${pageSize + 1} OFFSET ${offset}
      ),`;
  const matchCount = searched
    ? Prisma.sql`(SELECT count(*)::int FROM (SELECT 1 FROM m LIMIT ${COUNT_CAP + 1}) c)`
    : Prisma.sql`NULL::int`;

  const [countRows, rows] = await Promise.all([
    searched ? Promise.resolve(null) : db.$queryRaw<{ n: number }[]>(countSql),
    db.$queryRaw<(LeadListRow & { channels: Channel[] | null; matchCount: number | null })[]>`
      WITH ${head}
      page AS (
        SELECT l."id", l."name", l."email", l."phone", l."status"::text AS "status",
               l."lastInboundAt", l."lastOutboundAt", ${LAST_ACTIVITY} AS "lastActivityAt",
               l."appointmentStatus"::text AS "appointmentStatus", l."appointmentBookedAt", l."appointmentStartAt",
               ${BOOKED_SQL} AS "booked", ids.k
          FROM ids JOIN "Lead" l ON l."id" = ids."id"
      )
      SELECT p."id", p."name", p."email", p."phone", p."status", p."lastInboundAt", p."lastOutboundAt", p."lastActivityAt",
             p."appointmentStatus", p."appointmentBookedAt", p."appointmentStartAt", p."booked",
             ARRAY(SELECT ch::text FROM unnest(enum_range(NULL::"MessageChannel")) ch
                    WHERE EXISTS (SELECT 1 FROM "Message" m WHERE m."leadId" = p."id" AND m."channel" = ch)) AS "channels",
             aw.since AS "awaitingSince", aw.channel AS "awaitingChannel", ${matchCount} AS "matchCount"
        FROM page p
        LEFT JOIN LATERAL (
          -- Per thread: the first inbound after the last outbound is the open streak's start.
          SELECT ch::text AS channel, fi."sentAt" AS since
            FROM unnest(enum_range(NULL::"MessageChannel")) ch
            LEFT JOIN LATERAL (
              SELECT m."sentAt", m."id" FROM "Message" m
               WHERE m."leadId" = p."id" AND m."channel" = ch AND m."direction" = 'outbound'
               ORDER BY m."sentAt" DESC, m."id" DESC LIMIT 1
            ) lo ON true
            JOIN LATERAL (
              SELECT m."sentAt" FROM "Message" m
               WHERE m."leadId" = p."id" AND m."channel" = ch AND m."direction" = 'inbound'
                 AND (lo."id" IS NULL OR (m."sentAt", m."id") > (lo."sentAt", lo."id"))
               ORDER BY m."sentAt", m."id" LIMIT 1
            ) fi ON true
           ORDER BY fi."sentAt", ch LIMIT 1
        ) aw ON true
       ORDER BY p.k ${direction}, p."id"`,
  ]);

  // A search page past the end has no row to carry the count: count on its own then (rare).
  const counted = countRows
    ? (countRows[0]?.n ?? 0)
    : (rows[0]?.matchCount ?? (await db.$queryRaw<{ n: number }[]>(countSql))[0]?.n ?? 0);
  const totalIsExact = !filtered || counted <= COUNT_CAP;
  const total = Math.min(counted, filtered ? COUNT_CAP : counted);
  return {
    rows: rows.slice(0, pageSize).map(({ matchCount: _count, ...row }) => ({ ...row, channels: row.channels ?? [] })),
    page,
    pageSize,
    total,
    totalIsExact,
    pageCount: totalIsExact ? Math.max(1, Math.ceil(total / pageSize)) : null,
    hasPrevious: page > 1,
    hasNext: rows.length > pageSize,
  };
}
