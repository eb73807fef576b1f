// Loads everything the CRM drawer shows for one lead, scoped to the workspace: every
// query carries clientId, so a lead id from another workspace yields null, never data.
import { loadLeadDeliveries } from "@/lib/delivery/lead-deliveries";
import type { Db } from "@/lib/prisma-client";
import type { Channel } from "@/lib/channels";
import type { ConversationMessage, JobStatus, LeadDetail, OpenStreakView, TimingRow } from "./lead-detail-types";
import { isBooked } from "@/lib/analytics/booking-outcome";
import { loadLeadAiActivity } from "./lead-ai-activity";
import { deriveThreadState } from "./thread-state";

/** The conversation shows the latest messages; anchors come from the same window. */
export const MAX_MESSAGES = 200;
export const MAX_TIMING_ROWS = 20;

const ACTIVE_JOB: JobStatus[] = ["PENDING", "RUNNING"];

export async function getLeadDetail({
  db,
  clientId,
  leadId,
}: {
  db: Db;
  clientId: string;
  leadId: string;
}): Promise<LeadDetail | null> {
  const lead = await db.lead.findFirst({
    where: { id: leadId, clientId },
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      linkedinUrl: true,
      status: true,
      sentiment: true,
      appointmentStatus: true,
      appointmentStartAt: true,
      appointmentBookedAt: true,
      appointmentCanceledAt: true,
      appointmentProvider: true,
    },
  });
  if (!lead) return null;

  const [newestFirst, channelRows, queuedRows] = await Promise.all([
    db.message.findMany({
      where: { leadId, clientId },
      orderBy: [{ sentAt: "desc" }, { id: "desc" }],
      take: MAX_MESSAGES + 1,
      select: {
        id: true,
        channel: true,
        direction: true,
        sentBy: true,
        aiDraftId: true,
        subject: true,
        body: true,
        sentAt: true,
        sentByUser: { select: { name: true } },
      },
    }),
    db.$queryRaw<{ channel: Channel }[]>`
      SELECT ch::text AS channel FROM unnest(enum_range(NULL::"MessageChannel")) ch
       WHERE EXISTS (SELECT 1 FROM "Message" m WHERE m."leadId" = ${leadId}::uuid AND m."clientId" = ${clientId}::uuid AND m."channel" = ch)`,
    db.$queryRaw<
      { channel: Channel }[]
    >`SELECT DISTINCT "channel"::text AS channel FROM "ResponseTimingQueue" WHERE "leadId" = ${leadId}::uuid`,
  ]);
  const messagesTruncated = newestFirst.length > MAX_MESSAGES;
  const inOrder = newestFirst.slice(0, MAX_MESSAGES).reverse();
  const messages: ConversationMessage[] = inOrder.map((m) => ({
    id: m.id,
    channel: m.channel,
    direction: m.direction,
    sentBy: m.sentBy,
    senderName: m.sentByUser?.name ?? null,
    usedAiDraft: m.direction === "outbound" && m.sentBy === "setter" && m.aiDraftId !== null,
    subject: m.subject,
    body: m.body,
    sentAt: m.sentAt,
  }));

  const state = deriveThreadState(inOrder);
  const anchors = state.anchors.slice(0, MAX_TIMING_ROWS);
  const openIds = state.openStreaks.flatMap((s) => s.messageIds);

  const events = anchors.length
    ? await db.responseTimingEvent.findMany({
        where: { clientId, leadId, inboundMessageId: { in: anchors.map((a) => a.messageId) } },
        include: { setterSentByUser: { select: { name: true } } },
      })
    : [];
  const jobIds = events.flatMap((e) => (e.aiBackgroundJobId ? [e.aiBackgroundJobId] : []));
  const jobs =
    jobIds.length || openIds.length
      ? await db.backgroundJob.findMany({
          where: {
            clientId,
            OR: [
              { id: { in: jobIds } },
              { type: "AI_AUTO_SEND_DELAYED", status: { in: ACTIVE_JOB }, messageId: { in: openIds } },
            ],
          },
          select: { id: true, status: true, runAt: true, messageId: true },
        })
      : [];
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  const eventById = new Map(events.map((e) => [e.inboundMessageId, e]));

  const timing: TimingRow[] = anchors.map((anchor) => {
    const e = eventById.get(anchor.messageId);
    if (!e) {
      return {
        inboundMessageId: anchor.messageId,
        channel: anchor.channel,
        inboundSentAt: anchor.sentAt,
        streakStartAt: anchor.streakStartAt,
        streakLength: anchor.streakLength,
        computed: false,
        setter: null,
        ai: null,
      };
    }
    const hasAi = e.aiResponseMessageId !== null || e.aiBackgroundJobId !== null || e.aiDraftId !== null;
    return {
      inboundMessageId: e.inboundMessageId,
      channel: e.channel,
      inboundSentAt: e.inboundSentAt,
      streakStartAt: e.streakStartSentAt,
      streakLength: e.streakLength,
      computed: true,
      setter:
        e.setterResponseMs !== null && e.setterResponseSentAt
          ? {
              ms: Number(e.setterResponseMs),
              sentAt: e.setterResponseSentAt,
              userName: e.setterSentByUser?.name ?? null,
            }
          : null,
      ai: hasAi
        ? {
            responded:
              e.aiResponseMs !== null && e.aiResponseSentAt
                ? { ms: Number(e.aiResponseMs), sentAt: e.aiResponseSentAt }
                : null,
            chosenDelaySeconds: e.aiChosenDelaySeconds,
            minSeconds: e.aiDelayMinSeconds,
            maxSeconds: e.aiDelayMaxSeconds,
            scheduledRunAt: e.aiScheduledRunAt,
            actualDelaySeconds: e.aiActualDelaySeconds,
            jobStatus: e.aiBackgroundJobId ? (jobById.get(e.aiBackgroundJobId)?.status ?? null) : null,
          }
        : null,
    };
  });

  const openStreaks: OpenStreakView[] = state.openStreaks.map((s) => {
    const ids = new Set(s.messageIds);
    const scheduled = jobs
      .filter((j) => j.messageId !== null && ids.has(j.messageId) && ACTIVE_JOB.includes(j.status))
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime())[0];
    return {
      channel: s.channel,
      since: s.since,
      lastAt: s.lastAt,
      length: s.length,
      scheduledAiRunAt: scheduled?.runAt ?? null,
    };
  });

  const [aiActivity, delivery] = await Promise.all([
    loadLeadAiActivity({ db, clientId, leadSentiment: lead.sentiment, newestFirst }),
    loadLeadDeliveries({ db, clientId, leadId }),
  ]);
  const latestInbound = newestFirst.find((m) => m.direction === "inbound");
  const channels = channelRows.map((r) => r.channel);
  return {
    lead: {
      ...lead,
      booked: isBooked(lead),
    },
    messages,
    messagesTruncated,
    timing,
    openStreaks,
    queuedChannels: queuedRows.map((r) => r.channel),
    channels,
    defaultReplyChannel: latestInbound?.channel ?? channels[0] ?? null,
    aiActivity,
    delivery,
  };
}
