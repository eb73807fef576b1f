// The CRM list's stored state on Lead (activitySortNewest, activitySortOldest, isBooked,
// awaitingReply, messageChannels),
// recomputed set-based from Lead and Message. Triggers keep it exact at every commit
// (migration 20261202040000_analytics_speed), so nothing calls this in normal operation: it
// is the rebuild a repair needs (after restoring a table without its triggers, say) and the
// oracle the tests compare the triggers with. Returns how many leads it changed.
import { isBookedSql } from "@/lib/analytics/booking-outcome-sql";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import { awaitingReplyFromMessagesSql } from "./awaiting-reply-sql";

/** No activity sorts last: the smallest key newest first, the largest oldest first. */
export const NO_ACTIVITY_NEWEST = new Date("0001-01-01T00:00:00.000Z");
export const NO_ACTIVITY_OLDEST = new Date("9999-12-31T00:00:00.000Z");

/** The columns as the triggers would set them, for the lead row `l`. */
export function leadListStateSql(l: Prisma.Sql) {
  const activity = Prisma.sql`greatest(${l}."lastInboundAt", ${l}."lastOutboundAt")`;
  return {
    newest: Prisma.sql`coalesce(${activity}, ${NO_ACTIVITY_NEWEST}::timestamptz)`,
    oldest: Prisma.sql`coalesce(${activity}, ${NO_ACTIVITY_OLDEST}::timestamptz)`,
    booked: isBookedSql(l),
    awaiting: awaitingReplyFromMessagesSql(l),
    channels: Prisma.sql`ARRAY(SELECT ch FROM unnest(enum_range(NULL::"MessageChannel")) ch
      WHERE EXISTS (SELECT 1 FROM "Message" m WHERE m."leadId" = ${l}."id" AND m."channel" = ch))`,
  };
}

export async function rebuildLeadListState({ db, clientId }: { db: Db; clientId?: string }): Promise<number> {
  const want = leadListStateSql(Prisma.raw("l"));
  const scope = clientId ? Prisma.sql`AND l."clientId" = ${clientId}::uuid` : Prisma.empty;
  // The row trigger recomputes the sort keys and isBooked of every row this UPDATE names them in.
  return db.$executeRaw`
    UPDATE "Lead" t SET "activitySortNewest" = s.newest, "activitySortOldest" = s.oldest, "isBooked" = s.booked,
           "awaitingReply" = s.awaiting, "messageChannels" = s.channels
      FROM (SELECT l."id", ${want.newest} AS newest, ${want.oldest} AS oldest, ${want.booked} AS booked,
                   ${want.awaiting} AS awaiting, ${want.channels} AS channels
              FROM "Lead" l WHERE true ${scope}) s
     WHERE t."id" = s."id"
       AND (t."activitySortNewest", t."activitySortOldest", t."isBooked", t."awaitingReply", t."messageChannels")
           IS DISTINCT FROM (s.newest, s.oldest, s.booked, s.awaiting, s.channels)`;
}
