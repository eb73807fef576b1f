// A setter's reply from the CRM drawer. There is no provider integration in this
// codebase yet, so the reply is recorded (an outbound Message with sentBy='setter' and
// the user's id, exactly what a provider send would store) rather than delivered.
// The capture trigger queues the thread, so the cron derives its timing within 5 minutes.
import { z } from "zod";
import { SafeError } from "@/lib/safe-error";
import type { Db } from "@/lib/prisma-client";
import { CHANNEL_LABEL, CHANNELS } from "@/lib/channels";
import { requireLeadAccess } from "./lead-access";

export const MAX_REPLY_LENGTH = 5000;

const replySchema = z.object({
  channel: z.enum(CHANNELS, { error: "Choose a channel to reply on." }),
  body: z
    .string({ error: "Write a reply before sending." })
    .trim()
    .min(1, "Write a reply before sending.")
    .max(MAX_REPLY_LENGTH, `Replies are limited to ${MAX_REPLY_LENGTH.toLocaleString("en-US")} characters.`),
});

export type SentReply = { messageId: string; clientId: string; leadId: string; channel: string; sentAt: Date };

export async function sendSetterReplyForUser({
  db,
  userId,
  input,
  now,
}: {
  db: Db;
  userId: string;
  input: unknown;
  now: Date;
}): Promise<SentReply> {
  const { scope, leadId } = await requireLeadAccess(db, userId, input);
  const parsed = replySchema.safeParse(input);
  if (!parsed.success) throw new SafeError(parsed.error.issues[0]?.message ?? "Check the reply.");
  const { channel, body } = parsed.data;
  const clientId = scope.clientId;

  // Replies go on a conversation the lead already has: we hold no address to start a new one.
  const onChannel = await db.message.findFirst({ where: { leadId, clientId, channel }, select: { id: true } });
  if (!onChannel) throw new SafeError(`This lead has no ${CHANNEL_LABEL[channel]} conversation to reply on.`);

  const message = await db.$transaction(async (tx) => {
    const created = await tx.message.create({
      data: {
        clientId,
        leadId,
        channel,
        direction: "outbound",
        body,
        sentAt: now,
        sentBy: "setter",
        sentByUserId: userId,
      },
      select: { id: true, sentAt: true },
    });
    // greatest(): a message stamped later (clock skew, an imported thread) must not be undone.
    await tx.$executeRaw`UPDATE "Lead" SET "lastOutboundAt" = greatest("lastOutboundAt", ${now}), "updatedAt" = now()
      WHERE "id" = ${leadId}::uuid AND "clientId" = ${clientId}::uuid`;
    return created;
  });
  return { messageId: message.id, clientId, leadId, channel, sentAt: message.sentAt };
}
