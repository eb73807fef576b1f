// The drawer's reply through the provider (lib/crm/send-setter-reply.ts validates and
// authorizes; this sends). One OutboundSend per attempt key ("setter:<user>:<key>"): the
// same key again returns the recorded answer — sent, or still sending — and only a send
// that definitely did not go out (failed / waiting) is tried again. Recording the intent
// also cancels the thread's pending auto-send: the setter answered.
import { randomUUID } from "node:crypto";
import type { Channel } from "@/lib/channels";
import type { Db } from "@/lib/prisma-client";
import { LEAD_ID_COLUMN } from "@/lib/webhooks/provider-columns";
import { cancelPendingAutoSends } from "./cancel-auto-sends";
import { callProvider, DELIVERY_TX, settleResult, waitUntil } from "./deliver";
import { lateToleranceMs, reserveSendSlot, sendLimitsFor } from "./rate-budget";
import { findReplyTarget } from "./send-connection";

export type SetterSendState = "sent" | "sending" | "failed";

export type SetterSendAnswer = {
  state: SetterSendState | "no-connection";
  sendId: string | null;
  messageId: string | null;
  sentAt: Date | null;
  detail: string | null;
};

const MAX_SLOT_WAIT_MS = 2_000;

export async function sendSetterReplyNow(args: {
  db: Db;
  clientId: string;
  leadId: string;
  userId: string;
  channel: Channel;
  body: string;
  attemptKey: string | null;
  key: () => Buffer;
  now: () => Date;
  timeoutMs: number;
}): Promise<SetterSendAnswer> {
  const { db, clientId, leadId, channel } = args;
  const idempotencyKey = `setter:${args.userId}:${args.attemptKey ?? randomUUID()}`;
  const begun = await db.$transaction(async (tx) => {
    // Insert-if-absent, then lock: a second click with the same key waits here for the first
    // to record its intent, then finds it `sending` and sends nothing.
    await tx.outboundSend.createMany({
      data: [
        {
          clientId,
          leadId,
          channel,
          idempotencyKey,
          sentBy: "setter",
          sentByUserId: args.userId,
          body: args.body,
          status: "waiting",
        },
      ],
      skipDuplicates: true,
    });
    await tx.$queryRaw`SELECT 1 FROM "OutboundSend" WHERE "idempotencyKey" = ${idempotencyKey} FOR UPDATE`;
    const existing = await tx.outboundSend.findUnique({ where: { idempotencyKey } });
    if (!existing || existing.clientId !== clientId || existing.leadId !== leadId) {
      return { answer: failed("This reply belongs to another conversation; reload the page.") };
    }
    if (existing?.status === "sent") {
      const message = existing.messageId
        ? await tx.message.findUnique({ where: { id: existing.messageId }, select: { sentAt: true } })
        : null;
      return { answer: answer("sent", existing.id, existing.messageId, message?.sentAt ?? existing.sentAt, null) };
    }
    if (existing?.status === "sending" || existing?.status === "unconfirmed") {
      return { answer: answer("sending", existing.id, null, null, "the provider has not confirmed it yet") };
    }
    const target = await findReplyTarget(tx, { clientId, leadId, channel, key: args.key });
    if (!target.ok) {
      // Nothing is recorded for a thread that cannot send: the row made above goes again.
      if (existing.attempts === 0) await tx.outboundSend.delete({ where: { id: existing.id } });
      return { answer: { ...answer("failed", null, null, null, target.reason), state: "no-connection" as const } };
    }
    let slotAt = args.now();
    if (target.connection.mode === "live") {
      const slot = await reserveSendSlot(tx, {
        connectionId: target.connection.id,
        limits: sendLimitsFor(target.connection.provider),
        now: slotAt,
        maxWaitMs: MAX_SLOT_WAIT_MS,
      });
      if (!slot.ok) {
        if (existing.attempts === 0) await tx.outboundSend.delete({ where: { id: existing.id } });
        const seconds = Math.ceil((slot.retryAt.getTime() - slotAt.getTime()) / 1000);
        return { answer: failed(`the provider's rate limit is reached; try again in ${seconds} s`) };
      }
      slotAt = slot.at;
    }
    const intent = {
      status: "sending" as const,
      connectionId: target.connection.id,
      body: args.body,
      attemptedAt: slotAt,
      replyToMessageId: target.inbound.id,
      lastErrorKind: null,
      lastError: null,
    };
    const send = await tx.outboundSend.update({
      where: { id: existing.id },
      data: { ...intent, attempts: { increment: 1 } },
    });
    await cancelPendingAutoSends({ db: tx, leadId, channel, reason: "setterReplied", now: args.now() });
    const lead = await tx.lead.findUniqueOrThrow({ where: { id: leadId } });
    const column = LEAD_ID_COLUMN[target.connection.provider];
    const sendLead = { email: lead.email, phone: lead.phone, providerLeadId: column ? lead[column] : null };
    return { send, target, lead: sendLead, slotAt };
  }, DELIVERY_TX);
  if ("answer" in begun) return begun.answer as SetterSendAnswer;

  await waitUntil(begun.slotAt, args.now);
  const limits = begun.target.connection.mode === "live" ? sendLimitsFor(begun.target.connection.provider) : [];
  const late = () => args.now().getTime() - begun.slotAt.getTime() > lateToleranceMs(limits);
  if (late()) {
    // The intent transaction outlasted the slot's tolerance (a slow or busy server, a cold start):
    // take one fresh slot in a transaction of its own instead of failing the setter at once. The
    // first slot stays in the log, so the budget only ever counts more sends, never fewer.
    const fresh = await db.$transaction((tx) =>
      reserveSendSlot(tx, {
        connectionId: begun.target.connection.id,
        limits,
        now: args.now(),
        maxWaitMs: MAX_SLOT_WAIT_MS,
      }),
    );
    if (fresh.ok) {
      begun.slotAt = fresh.at;
      await waitUntil(begun.slotAt, args.now);
    }
  }
  if (late()) {
    // Too late for its rate slot (a busy server): not sent, so "Try again" is safe.
    await db.outboundSend.updateMany({
      where: { id: begun.send.id, status: "sending" },
      data: { status: "failed", lastErrorKind: "late", lastError: "the server was too busy to send in its rate slot" },
    });
    return answer("failed", begun.send.id, null, null, "the server was too busy to send it in time; try again");
  }
  const result = await callProvider({ ...begun, timeoutMs: args.timeoutMs, now: args.now });
  const delivered = await settleResult(db, { send: begun.send, target: begun.target, result, now: args.now });
  switch (delivered.kind) {
    case "sent": {
      const message = await db.message.findUnique({ where: { id: delivered.messageId }, select: { sentAt: true } });
      return answer("sent", begun.send.id, delivered.messageId, message?.sentAt ?? null, null);
    }
    case "unknown-outcome":
      return answer("sending", begun.send.id, null, null, "the provider did not answer in time");
    default:
      // Not sent: the row says failed, and the same attempt key may try again.
      await db.outboundSend.updateMany({
        where: { id: begun.send.id, status: { in: ["waiting", "sending"] }, messageId: null },
        data: { status: "failed" },
      });
      return answer("failed", begun.send.id, null, null, delivered.reason);
  }
}

function answer(
  state: SetterSendState,
  sendId: string | null,
  messageId: string | null,
  sentAt: Date | null,
  detail: string | null,
): SetterSendAnswer {
  return { state, sendId, messageId, sentAt, detail };
}

const failed = (detail: string) => answer("failed", null, null, null, detail);
