// The CRM lead list: the workspace's leads, searched, filtered and paginated in SQL.
//
// Sized for 100k leads / 1M messages per workspace:
// - "last activity" is greatest(lastInboundAt, lastOutboundAt), the Lead columns every
//   writer of a message keeps current, so sorting never touches Message;
// - the per-thread facts (channels, awaiting reply) are index probes on
//   Message(leadId, channel, sentAt), run for the page's rows only, or as a filter that
//   stops as soon as the page is full;
// - filtered totals are counted only up to COUNT_CAP: an exact count of "awaiting reply"
//   needs every thread of the workspace (~0.8 s at 60k leads), a capped one does not.
import { isBookedSql } from "@/lib/analytics/booking-outcome-sql";
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

/** Booked = the lead holds a booking now: the booking-outcome rules' booked status, not cancelled (docs/definitions.md). */
export const BOOKED_SQL = isBookedSql(Prisma.raw("l"));

const LAST_ACTIVITY = Prisma.sql`greatest(l."lastInboundAt", l."lastOutboundAt")`;

/** Some thread of the lead ends with an inbound message: the rule the overview's card shares. */
const AWAITING_SQL = awaitingReplySql(Prisma.raw("l"));

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
    parts.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "Message" m WHERE m."leadId" = l."id" AND m."channel" = ${filters.channel}::"MessageChannel")`,
    );
  }
  if (filters.booked === "yes") parts.push(BOOKED_SQL);
  if (filters.booked === "no") parts.push(Prisma.sql`NOT ${BOOKED_SQL}`);
  if (filters.awaiting) parts.push(AWAITING_SQL);
  return Prisma.join(parts, " AND ");
}

function isFiltered(filters: LeadListFilters): boolean {
  return Boolean(filters.q?.trim() || filters.channel || filters.booked || filters.awaiting);
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
  const direction = filters.sort === "oldest" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const offset = (page - 1) * pageSize;
  const filtered = isFiltered(filters);
  const countSql = filtered
    ? Prisma.sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM "Lead" l WHERE ${where} LIMIT ${COUNT_CAP + 1}) capped`
    : Prisma.sql`SELECT count(*)::int AS n FROM "Lead" l WHERE ${where}`;

  const [countRows, rows] = await Promise.all([
    db.$queryRaw<{ n: number }[]>(countSql),
    db.$queryRaw<(LeadListRow & { channels: Channel[] | null })[]>`
      WITH page AS (
        SELECT l."id", l."name", l."email", l."phone", l."status"::text AS "status",
               l."lastInboundAt", l."lastOutboundAt", ${LAST_ACTIVITY} AS "lastActivityAt",
               l."appointmentStatus"::text AS "appointmentStatus", l."appointmentBookedAt", l."appointmentStartAt",
               ${BOOKED_SQL} AS "booked"
          FROM "Lead" l
         WHERE ${where}
         ORDER BY ${LAST_ACTIVITY} ${direction} NULLS LAST, l."id"
         LIMIT ${pageSize + 1} OFFSET ${offset}
      )
      SELECT p.*,
             ARRAY(SELECT ch::text FROM unnest(enum_range(NULL::"MessageChannel")) ch
                    WHERE EXISTS (SELECT 1 FROM "Message" m WHERE m."leadId" = p."id" AND m."channel" = ch)) AS "channels",
             aw.since AS "awaitingSince", aw.channel AS "awaitingChannel"
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
       ORDER BY p."lastActivityAt" ${direction} NULLS LAST, p."id"`,
  ]);

  const counted = countRows[0]?.n ?? 0;
  const totalIsExact = !filtered || counted <= COUNT_CAP;
  const total = Math.min(counted, filtered ? COUNT_CAP : counted);
  return {
    rows: rows.slice(0, pageSize).map((row) => ({ ...row, channels: row.channels ?? [] })),
    page,
    pageSize,
    total,
    totalIsExact,
    pageCount: totalIsExact ? Math.max(1, Math.ceil(total / pageSize)) : null,
    hasPrevious: page > 1,
    hasNext: rows.length > pageSize,
  };
}
