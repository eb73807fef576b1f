// Workspace overview numbers for the dashboard home, computed in SQL.
import type { Channel } from "@/lib/channels";
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
  const [leads, booked30d, scheduledAutoSends, channelRows, awaitingRows] = await Promise.all([
    db.lead.count({ where: { clientId } }),
    db.lead.count({
      where: { clientId, appointmentBookedAt: { gte: since30, lt: now }, appointmentCanceledAt: null },
    }),
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
    // Threads whose latest message (by sentAt, then id) is inbound: the lead is waiting.
    db.$queryRaw<{ count: number }[]>`
      select count(distinct "leadId")::int as count from (
        select distinct on ("leadId", "channel") "leadId", "direction"
          from "Message"
         where "clientId" = ${clientId}::uuid and "sentAt" >= ${since30} and "sentAt" < ${now}
         order by "leadId", "channel", "sentAt" desc, "id" desc
      ) latest
      where latest."direction" = 'inbound'`,
  ]);
  return {
    leads,
    inbound7d: channelRows.reduce((sum, row) => sum + row.inbound7d, 0),
    outbound7d: channelRows.reduce((sum, row) => sum + row.outbound7d, 0),
    awaitingReply: awaitingRows[0]?.count ?? 0,
    booked30d,
    scheduledAutoSends,
    channels: channelRows.map(({ channel, inbound30d, outbound30d }) => ({ channel, inbound30d, outbound30d })),
  };
}
