// What the drawer shows about delivery for one lead: the state of each outbound Message
// that went through us (sent, sandbox, confirmed by echo, resolved by a person), the sends
// that have no Message (in flight, unknown outcome, failed) and the AI's pending auto-sends
// (with the job id a setter cancels). Plain serializable data; scoped by clientId.
import type { Db } from "@/lib/prisma-client";
import type { Channel } from "@/lib/channels";

export type MessageDelivery = { status: "sent"; idSource: string | null };

export type UnsettledSend = {
  id: string;
  channel: Channel;
  status: "waiting" | "sending" | "failed" | "unconfirmed";
  sentBy: "setter" | "ai" | "system";
  excerpt: string;
  error: string | null;
  attemptedAt: Date | null;
};

export type PendingAutoSend = { jobId: string; channel: Channel; runAt: Date; excerpt: string };

export type LeadDelivery = {
  byMessageId: Record<string, MessageDelivery>;
  unsettled: UnsettledSend[];
  pendingAutoSends: PendingAutoSend[];
};

const EXCERPT = 160;
const cut = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text);

export async function loadLeadDeliveries({
  db,
  clientId,
  leadId,
}: {
  db: Db;
  clientId: string;
  leadId: string;
}): Promise<LeadDelivery> {
  const [sends, jobs] = await Promise.all([
    db.outboundSend.findMany({
      where: { clientId, leadId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 50,
      select: {
        id: true,
        channel: true,
        status: true,
        sentBy: true,
        body: true,
        lastError: true,
        attemptedAt: true,
        messageId: true,
        idSource: true,
        attempts: true,
      },
    }),
    db.backgroundJob.findMany({
      where: { clientId, leadId, type: "AI_AUTO_SEND_DELAYED", status: "PENDING" },
      orderBy: { runAt: "asc" },
      take: 10,
      select: { id: true, runAt: true, draft: { select: { channel: true, content: true } } },
    }),
  ]);
  const byMessageId: Record<string, MessageDelivery> = {};
  for (const send of sends) {
    if (send.messageId) byMessageId[send.messageId] = { status: "sent", idSource: send.idSource };
  }
  return {
    byMessageId,
    unsettled: sends
      // A row with no attempt is a reply that never got as far as the provider (no slot, no connection).
      .filter((s) => s.status !== "sent" && s.attempts > 0)
      .map((s) => ({
        id: s.id,
        channel: s.channel,
        status: s.status as UnsettledSend["status"],
        sentBy: s.sentBy,
        excerpt: cut(s.body),
        error: s.lastError,
        attemptedAt: s.attemptedAt,
      })),
    pendingAutoSends: jobs.flatMap((j) =>
      j.draft ? [{ jobId: j.id, channel: j.draft.channel, runAt: j.runAt, excerpt: cut(j.draft.content) }] : [],
    ),
  };
}
