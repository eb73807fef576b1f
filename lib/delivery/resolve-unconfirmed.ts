// A person settles a send whose outcome is unknown (the jobs page, "Needs attention"): they
// checked the provider's inbox and say it went out — the outbound Message is recorded then,
// at the time of the attempt, so the timing engine counts it — or that it did not (the send
// is failed; the draft stays pending for a setter to send by hand). Only unconfirmed sends,
// or sends stuck in `sending` past the echo grace period, can be resolved.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { ECHO_GRACE_MS } from "./auto-send";
import { DELIVERY_TX } from "./deliver";
import { lockOutboundSend, recordSentMessage } from "./record-sent";

export const SEND_NOT_FOUND = "Send not found.";

export async function resolveUnconfirmedSend(args: {
  db: Db;
  clientId: string;
  sendId: string;
  sent: boolean;
  userId: string | null;
  now: Date;
}): Promise<{ status: "sent" | "failed"; messageId: string | null }> {
  const { db, now } = args;
  return db.$transaction(async (tx) => {
    const send = await lockOutboundSend(tx, args.sendId);
    if (!send || send.clientId !== args.clientId) throw new SafeError(SEND_NOT_FOUND);
    const stale = send.status === "sending" && (send.attemptedAt?.getTime() ?? 0) < now.getTime() - ECHO_GRACE_MS;
    if (send.status !== "unconfirmed" && !stale) {
      throw new SafeError(
        send.status === "sending"
          ? "This send is still in flight; check again in a few minutes."
          : `This send is already ${send.status}.`,
      );
    }
    if (!args.sent) {
      await tx.outboundSend.update({
        where: { id: send.id },
        data: {
          status: "failed",
          lastErrorKind: "unconfirmed",
          lastError: "marked not sent by a person who checked the provider",
          resolvedAt: now,
          resolvedByUserId: args.userId,
        },
      });
      return { status: "failed" as const, messageId: null };
    }
    const connection = send.connectionId
      ? await tx.providerConnection.findUnique({ where: { id: send.connectionId }, select: { provider: true } })
      : null;
    if (!connection) throw new SafeError("The send's connection was removed; mark it not sent instead.");
    const messageId = await recordSentMessage(tx, {
      sendId: send.id,
      provider: connection.provider,
      accepted: {
        providerMessageId: `manual-${randomUUID()}`,
        idSource: "manual",
        sentAt: send.attemptedAt ?? now,
        providerContext: {},
      },
      now,
    });
    await tx.outboundSend.update({ where: { id: send.id }, data: { resolvedByUserId: args.userId, resolvedAt: now } });
    return { status: "sent" as const, messageId };
  }, DELIVERY_TX);
}
