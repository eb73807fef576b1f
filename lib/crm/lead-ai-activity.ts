// The drawer's "AI replies" section: for the lead's latest replies, what post-processing
// made of them (sentiment), the draft it wrote and the delayed auto-send it scheduled,
// read straight from BackgroundJob and AIDraft so a delivery shows up as soon as its jobs
// ran, before any outbound (and so any timing row) exists. Scoped by clientId.
import type { Channel } from "@/lib/channels";
import type { BackgroundJobType } from "@/lib/generated/prisma/enums";
import { parseNoteSentiment } from "@/lib/post-processing/post-process-note";
import type { Db } from "@/lib/prisma-client";
import type { AiActivityItem } from "./lead-detail-types";

export const MAX_AI_ACTIVITY = 5;
const EXCERPT_CHARS = 280;

const POST_PROCESS_TYPES: BackgroundJobType[] = [
  "SMS_INBOUND_POST_PROCESS",
  "EMAIL_INBOUND_POST_PROCESS",
  "LINKEDIN_INBOUND_POST_PROCESS",
  "SMARTLEAD_INBOUND_POST_PROCESS",
  "INSTANTLY_INBOUND_POST_PROCESS",
];

export async function loadLeadAiActivity({
  db,
  clientId,
  leadSentiment,
  newestFirst,
}: {
  db: Db;
  clientId: string;
  /** Lead.sentiment: the latest reply's, when its job left no note to read it from. */
  leadSentiment: string | null;
  /** The lead's messages, newest first (the drawer already loaded them). */
  newestFirst: { id: string; channel: Channel; direction: string; body: string; sentAt: Date }[];
}): Promise<AiActivityItem[]> {
  const replies = newestFirst.filter((m) => m.direction === "inbound").slice(0, MAX_AI_ACTIVITY);
  if (replies.length === 0) return [];
  const ids = replies.map((m) => m.id);
  const [jobs, drafts] = await Promise.all([
    db.backgroundJob.findMany({
      where: { clientId, messageId: { in: ids }, type: { in: [...POST_PROCESS_TYPES, "AI_AUTO_SEND_DELAYED"] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: {
        type: true,
        status: true,
        messageId: true,
        draftId: true,
        runAt: true,
        finishedAt: true,
        resultNote: true,
      },
    }),
    db.aIDraft.findMany({
      where: { clientId, triggerMessageId: { in: ids } },
      orderBy: { createdAt: "desc" },
      select: { id: true, triggerMessageId: true, channel: true, content: true, status: true },
    }),
  ]);
  const latestReplyId = replies[0]!.id;

  return replies.flatMap((reply): AiActivityItem[] => {
    const postProcess = jobs.find((j) => j.messageId === reply.id && POST_PROCESS_TYPES.includes(j.type)) ?? null;
    const draft = drafts.find((d) => d.triggerMessageId === reply.id && d.channel === reply.channel) ?? null;
    const autoSend =
      jobs.find(
        (j) => j.messageId === reply.id && j.type === "AI_AUTO_SEND_DELAYED" && (!draft || j.draftId === draft.id),
      ) ?? null;
    if (!postProcess && !draft && !autoSend) return [];
    const done = postProcess?.status === "SUCCEEDED";
    const sentiment =
      parseNoteSentiment(postProcess?.resultNote) ?? (done && reply.id === latestReplyId ? leadSentiment : null);
    return [
      {
        inboundMessageId: reply.id,
        channel: reply.channel,
        sentAt: reply.sentAt,
        excerpt: reply.body.length > EXCERPT_CHARS ? `${reply.body.slice(0, EXCERPT_CHARS - 1)}…` : reply.body,
        sentiment,
        postProcess: postProcess
          ? { status: postProcess.status, note: postProcess.resultNote, finishedAt: postProcess.finishedAt }
          : null,
        draft: draft ? { content: draft.content, status: draft.status } : null,
        autoSend: autoSend
          ? {
              status: autoSend.status,
              runAt: autoSend.runAt,
              finishedAt: autoSend.finishedAt,
              note: autoSend.resultNote,
            }
          : null,
      },
    ];
  });
}
