// The per-anchor export: every ResponseTimingEvent of the window (after the channel,
// setter and business-hours filters) with its lead, setter and booking outcome, read in
// keyset-paginated batches ordered by (inboundSentAt, inboundMessageId) — never OFFSET,
// never the whole window in memory.
import { Prisma } from "@/lib/generated/prisma/client";
import type { MessageChannel } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import type { BookingOutcome } from "./booking-outcome";
import { bookingOutcomeSql } from "./booking-outcome-sql";
import {
  businessHoursSql,
  firstResponderSql,
  windowWhereSql,
  type AnalyticsFilters,
} from "./response-timing-analytics-sql";

export const ANCHOR_EXPORT_BATCH = 2000;

export type AnchorExportRow = {
  inboundMessageId: string;
  leadId: string;
  leadName: string;
  channel: MessageChannel;
  inboundSentAt: Date;
  streakLength: number;
  streakStartSentAt: Date;
  setterResponseMs: number | null;
  setterName: string | null;
  aiResponseMs: number | null;
  aiChosenDelaySeconds: number | null;
  aiDelayMinSeconds: number | null;
  aiDelayMaxSeconds: number | null;
  aiScheduledRunAt: Date | null;
  aiActualDelaySeconds: number | null;
  driftSeconds: number | null;
  firstResponder: "setter" | "ai" | null;
  inboundInBusinessHours: boolean | null;
  setterResponseInBusinessHours: boolean | null;
  aiResponseInBusinessHours: boolean | null;
  bookingOutcome: BookingOutcome;
};

/**
 * One page of anchors after `after` (exclusive). Filters as in the tab: channel; setter =
 * anchors that setter answered; business hours = the inbound and the first response both
 * inside hours (the first-responder rule of the tab), or with a setter filter the inbound
 * and that setter's response (the setter sections' rule). The booking outcome is the lead's,
 * with this anchor's inbound as the reference.
 */
export function anchorPageSql(
  f: AnalyticsFilters,
  after: { sentAt: Date; id: string } | null,
  limit: number,
): Prisma.Sql {
  const outcome = bookingOutcomeSql({
    lead: Prisma.raw("l"),
    reference: Prisma.raw(`e."inboundSentAt"`),
    now: f.now,
    attributionDays: f.attributionDays,
    maturityDays: f.maturityDays,
  });
  // The plain ">=" lets the (clientId, inboundSentAt) index start each page at the cursor.
  const cursor = after
    ? Prisma.sql`AND e."inboundSentAt" >= ${after.sentAt}::timestamptz
        AND (e."inboundSentAt", e."inboundMessageId") > (${after.sentAt}::timestamptz, ${after.id}::uuid)`
    : Prisma.empty;
  const setter = f.setterId ? Prisma.sql`AND e."setterSentByUserId" = ${f.setterId}` : Prisma.empty;
  // With a setter filter the rows are that setter's responses, so their hours decide (as in
  // the setter sections); otherwise the first response's hours (as in the first-responder section).
  const hours = !f.businessHours
    ? Prisma.empty
    : f.setterId
      ? Prisma.sql`AND ${businessHoursSql("e", "setter")}`
      : Prisma.sql`AND ${firstResponderSql("e")} IS NOT NULL AND ${businessHoursSql("e", "first")}`;
  // The page is cut from ResponseTimingEvent alone (index order, LIMIT), then joined: joining
  // first lets the planner hash-join every remaining row of the window for each page.
  return Prisma.sql`
    WITH page AS MATERIALIZED (
      SELECT e.* FROM "ResponseTimingEvent" e
       WHERE ${windowWhereSql("e", f)} ${setter} ${hours} ${cursor}
       ORDER BY e."inboundSentAt", e."inboundMessageId"
       LIMIT ${limit})
    SELECT e."inboundMessageId"::text AS "inboundMessageId", e."leadId"::text AS "leadId", l."name" AS "leadName", e."channel"::text AS "channel",
           e."inboundSentAt", e."streakLength", e."streakStartSentAt",
           e."setterResponseMs"::float8 AS "setterResponseMs", u."name" AS "setterName", e."aiResponseMs"::float8 AS "aiResponseMs",
           e."aiChosenDelaySeconds", e."aiDelayMinSeconds", e."aiDelayMaxSeconds", e."aiScheduledRunAt", e."aiActualDelaySeconds",
           (e."aiActualDelaySeconds" - e."aiChosenDelaySeconds") AS "driftSeconds",
           ${firstResponderSql("e")} AS "firstResponder",
           e."inboundInBusinessHours", e."setterResponseInBusinessHours", e."aiResponseInBusinessHours",
           ${outcome} AS "bookingOutcome",
           (l."id" IS NOT NULL) AS "inWorkspace"
      FROM page e
      LEFT JOIN "Lead" l ON l."id" = e."leadId" AND l."clientId" = ${f.clientId}::uuid
      LEFT JOIN "User" u ON u."id" = e."setterSentByUserId"
     ORDER BY e."inboundSentAt", e."inboundMessageId"`;
}

/**
 * Yields the anchors page by page (each page at most `batchSize` rows). The cursor and the
 * end of data come from the raw page, not from the rows kept: an event whose lead is not
 * in this workspace (inconsistent data; the tab leaves it out too) is dropped without
 * making a page look like the last one.
 */
export async function* iterateAnchorRows({
  db,
  filters,
  batchSize = ANCHOR_EXPORT_BATCH,
}: {
  db: Db;
  filters: AnalyticsFilters;
  batchSize?: number;
}): AsyncGenerator<AnchorExportRow[]> {
  let after: { sentAt: Date; id: string } | null = null;
  for (;;) {
    const page: (AnchorExportRow & { inWorkspace: boolean })[] = await db.$queryRaw<
      (AnchorExportRow & { inWorkspace: boolean })[]
    >(anchorPageSql(filters, after, batchSize));
    const rows: AnchorExportRow[] = page.filter((row) => row.inWorkspace).map(({ inWorkspace: _, ...row }) => row);
    if (rows.length > 0) yield rows;
    if (page.length < batchSize) return;
    const last: AnchorExportRow = page[page.length - 1]!;
    after = { sentAt: last.inboundSentAt, id: last.inboundMessageId };
  }
}
