// A send the provider accepted becomes the outbound Message, in one transaction with the
// OutboundSend it settles: the Message carries the provider's id (so the echo of our send
// joins it), sentBy / sentByUserId / aiDraftId from the intent, and sentAt = the
// provider's time. If the echo came first (it can arrive before the call returns), the
// Message already exists — by the OutboundSend link, or by the same provider id, where
// the echo's row is taken over (it was stored as the system's) — and no second row is made.
import { Prisma, type OutboundSend } from "@/lib/generated/prisma/client";
import type { Provider } from "@/lib/generated/prisma/enums";
import { MESSAGE_ID_COLUMN } from "@/lib/webhooks/provider-columns";

type Tx = Prisma.TransactionClient;

export type AcceptedSend = {
  providerMessageId: string;
  idSource: "provider" | "local" | "sandbox" | "echo" | "manual";
  sentAt: Date;
  providerContext: Record<string, string | null>;
};

/** Locks and reads an OutboundSend (every writer of one goes through this lock). */
export async function lockOutboundSend(tx: Tx, id: string): Promise<OutboundSend | null> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "OutboundSend" WHERE "id" = ${id}::uuid FOR UPDATE`;
  return rows[0] ? tx.outboundSend.findUnique({ where: { id } }) : null;
}

/** The message's effects beyond its row: the lead's last outbound time, the draft it carried. */
export async function markDelivered(
  tx: Tx,
  send: Pick<OutboundSend, "leadId" | "aiDraftId">,
  sentAt: Date,
): Promise<void> {
  // greatest(): a message stamped later (clock skew, an imported thread) must not be undone.
  await tx.$executeRaw`UPDATE "Lead" SET "lastOutboundAt" = greatest("lastOutboundAt", ${sentAt}), "updatedAt" = now()
    WHERE "id" = ${send.leadId}::uuid AND ("lastOutboundAt" IS NULL OR "lastOutboundAt" < ${sentAt})`;
  if (send.aiDraftId) {
    await tx.$executeRaw`UPDATE "AIDraft" SET "status" = 'SENT', "updatedAt" = now()
      WHERE "id" = ${send.aiDraftId}::uuid AND "status" IN ('PENDING', 'APPROVED')`;
  }
}

/** Returns the Message id. Idempotent: a settled send returns its message. */
export async function recordSentMessage(
  tx: Tx,
  args: { sendId: string; provider: Provider; accepted: AcceptedSend; now: Date },
): Promise<string> {
  const { accepted, now } = args;
  const send = await lockOutboundSend(tx, args.sendId);
  if (!send) throw new Error(`OutboundSend ${args.sendId} vanished`);
  const column = MESSAGE_ID_COLUMN[args.provider];
  if (!column) throw new Error(`${args.provider} has no message id column`);

  let messageId = send.messageId;
  if (!messageId) {
    const context = JSON.stringify({ ...accepted.providerContext, idSource: accepted.idSource });
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "Message" ("clientId", "leadId", "channel", "direction", "subject", "body", "sentAt", "sentBy",
        "sentByUserId", "aiDraftId", "connectionId", "providerContext", ${Prisma.raw(`"${column}"`)})
      VALUES (${send.clientId}::uuid, ${send.leadId}::uuid, ${send.channel}::"MessageChannel", 'outbound', ${send.subject},
        ${send.body}, ${accepted.sentAt}, ${send.sentBy}::"MessageSender", ${send.sentByUserId}, ${send.aiDraftId}::uuid,
        ${send.connectionId}::uuid, ${context}::jsonb, ${accepted.providerMessageId})
      ON CONFLICT DO NOTHING
      RETURNING "id"`;
    messageId = inserted[0]?.id ?? null;
    if (!messageId) {
      // The echo stored the same provider id first (as the system's): it is this send.
      const echoed = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Message" SET "sentBy" = ${send.sentBy}::"MessageSender", "sentByUserId" = ${send.sentByUserId},
               "aiDraftId" = ${send.aiDraftId}::uuid, "connectionId" = COALESCE("connectionId", ${send.connectionId}::uuid)
         WHERE ${Prisma.raw(`"${column}"`)} = ${accepted.providerMessageId} AND "clientId" = ${send.clientId}::uuid
           AND "direction" = 'outbound'
           AND NOT EXISTS (SELECT 1 FROM "OutboundSend" o WHERE o."messageId" = "Message"."id")
        RETURNING "id"`;
      messageId = echoed[0]?.id ?? null;
      if (!messageId) throw new Error(`provider message id ${accepted.providerMessageId} is already another message`);
    }
  }
  await tx.outboundSend.update({
    where: { id: send.id },
    data: {
      status: "sent",
      messageId,
      providerMessageId: send.providerMessageId ?? accepted.providerMessageId,
      idSource: send.idSource ?? accepted.idSource,
      sentAt: send.sentAt ?? accepted.sentAt,
      nextAttemptAt: null,
      ...(accepted.idSource === "manual" ? { resolvedAt: now } : {}),
    },
  });
  await markDelivered(tx, send, accepted.sentAt);
  return messageId;
}
