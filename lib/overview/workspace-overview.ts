// Workspace overview numbers for the dashboard home, computed in SQL. "Awaiting reply" and
// "booked" are the CRM's rules (the same SQL as its lead list's filters), so a number means
// the same on the overview and in the CRM: awaiting = some thread ends with an inbound,
// however old; booked = isBookedSql() (a rebooking after an old cancellation counts),
// here limited to bookings made in the last 30 days, as the card says.
import { isBookedSql } from "@/lib/analytics/booking-outcome-sql";
import type { Channel } from "@/lib/channels";
import { awaitingReplySql } from "@/lib/crm/awaiting-reply-sql";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";

export type WorkspaceOverview = {
  leads: number;
  inbound7d: number;
  outbound7d: number;
  awaitingReply: number;
  booked30d: number;
  scheduledAutoSends: number;
  channels: { channel: Channel; inbound30d: number; outbound30d: number }[];
};

const DAY = 86_400_000;

export async function getWorkspaceOverview({
  db,
  clientId,
  now,
}: {
  db: Db;
  clientId: string;
  now: Date;
}): Promise<WorkspaceOverview> {
  const since7 = new Date(now.getTime() - 7 * DAY);
  const since30 = new Date(now.getTime() - 30 * DAY);
  const l = Prisma.raw("l");
  const [leadRows, scheduledAutoSends, channelRows] = await Promise.all([
    db.$queryRaw<{ leads: number; awaitingReply: number; booked30d: number }[]>`
      SELECT count(*)::int AS leads,
             count(*) FILTER (WHERE ${awaitingReplySql(l)})::int AS "awaitingReply",
             count(*) FILTER (WHERE ${isBookedSql(l)}
                                AND l."appointmentBookedAt" >= ${since30} AND l."appointmentBookedAt" < ${now})::int AS "booked30d"
        FROM "Lead" l
       WHERE l."clientId" = ${clientId}::uuid`,
    db.backgroundJob.count({
      where: { clientId, type: "AI_AUTO_SEND_DELAYED", status: { in: ["PENDING", "RUNNING"] } },
    }),
    db.$queryRaw<
      { channel: Channel; inbound30d: number; outbound30d: number; inbound7d: number; outbound7d: number }[]
    >`
      select "channel"::text as channel,
             count(*) filter (where "direction" = 'inbound')::int as "inbound30d",
             count(*) filter (where "direction" = 'outbound')::int as "outbound30d",
             count(*) filter (where "direction" = 'inbound' and "sentAt" >= ${since7})::int as "inbound7d",
             count(*) filter (where "direction" = 'outbound' and "sentAt" >= ${since7})::int as "outbound7d"
        from "Message"
       where "clientId" = ${clientId}::uuid and "sentAt" >= ${since30} and "sentAt" < ${now}
       group by "Message"."channel" order by "Message"."channel"`,
  ]);
  const counts = leadRows[0] ?? { leads: 0, awaitingReply: 0, booked30d: 0 };
  return {
    leads: counts.leads,
    inbound7d: channelRows.reduce((sum, row) => sum + row.inbound7d, 0),
    outbound7d: channelRows.reduce((sum, row) => sum + row.outbound7d, 0),
    awaitingReply: counts.awaitingReply,
    booked30d: counts.booked30d,
    scheduledAutoSends,
    channels: channelRows.map(({ channel, inbound30d, outbound30d }) => ({ channel, inbound30d, outbound30d })),
  };
}
