// One provider call for a recorded intent, and what its answer does to the OutboundSend.
// Shared by the delayed auto-send and the drawer's reply. The intent (status `sending`)
// is committed before this runs; afterwards a settled send (its echo came first) is never
// moved back: every update here applies only while the row is still `sending`.
import type { OutboundSend } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import type { SendLead, SendResult } from "@/lib/providers/send-adapter";
import { sendThroughConnection } from "@/lib/providers/send-registry";
import { blockSendBudget } from "./rate-budget";
import { recordSentMessage } from "./record-sent";
import type { ReplyTarget } from "./send-connection";

export type Delivered =
  | { kind: "sent"; messageId: string; idSource: string }
  | { kind: "rate-limited"; retryAt: Date; reason: string }
  | { kind: "unavailable"; reason: string }
  | { kind: "rejected"; reason: string }
  | { kind: "unknown-outcome"; reason: string };

const RECORD_TRIES = 3;

/**
 * Transactions of the send path wait for a pooled connection (and for the budget row's lock,
 * which every send of a busy connection takes) longer than Prisma's 2 s default: under a
 * burst, a send that gives up there would only be retried later.
 */
export const DELIVERY_TX = { maxWait: 15_000, timeout: 20_000 } as const;

/** Waits until `at` (the reserved slot), or less if the signal aborts. */
export async function waitUntil(at: Date, now: () => Date, signal?: AbortSignal): Promise<void> {
  const ms = at.getTime() - now().getTime();
  if (ms <= 0 || signal?.aborted) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export async function callProvider(args: {
  send: Pick<OutboundSend, "channel" | "body" | "subject">;
  target: ReplyTarget;
  lead: SendLead;
  signal?: AbortSignal;
  timeoutMs: number;
  now: () => Date;
}): Promise<SendResult> {
  const { send, target } = args;
  return sendThroughConnection({
    connection: target.connection,
    lead: args.lead,
    context: target.inbound.providerContext,
    channel: send.channel,
    text: send.body,
    subject: send.subject,
    inbound: { sentAt: target.inbound.sentAt, body: target.inbound.body, subject: target.inbound.subject },
    ...(args.signal ? { signal: args.signal } : {}),
    timeoutMs: args.timeoutMs,
    now: args.now,
  });
}

/** Records what the provider answered. Never throws for a provider outcome; a database failure throws. */
export async function settleResult(
  db: Db,
  args: { send: OutboundSend; target: ReplyTarget; result: SendResult; now: () => Date },
): Promise<Delivered> {
  const { send, result } = args;
  const provider = args.target.connection.provider;
  if (result.ok) {
    let lastError: unknown = null;
    // The provider has it: recording must not be lost to a deadlock or a dropped connection.
    for (let i = 0; i < RECORD_TRIES; i++) {
      try {
        const messageId = await db.$transaction(
          (tx) => recordSentMessage(tx, { sendId: send.id, provider, accepted: result, now: args.now() }),
          DELIVERY_TX,
        );
        return { kind: "sent", messageId, idSource: result.idSource };
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }
  const at = args.now();
  const still = { id: send.id, status: "sending" as const };
  switch (result.kind) {
    case "rate-limited": {
      const retryAt = new Date(at.getTime() + result.retryAfterMs);
      if (send.connectionId) await blockSendBudget(db, { connectionId: send.connectionId, until: retryAt, now: at });
      await db.outboundSend.updateMany({
        where: still,
        data: { status: "waiting", lastErrorKind: result.kind, lastError: result.reason, nextAttemptAt: retryAt },
      });
      return { kind: "rate-limited", retryAt, reason: result.reason };
    }
    case "unavailable":
      await db.outboundSend.updateMany({
        where: still,
        data: { status: "waiting", lastErrorKind: result.kind, lastError: result.reason },
      });
      return { kind: "unavailable", reason: result.reason };
    case "rejected":
      await db.outboundSend.updateMany({
        where: still,
        data: { status: "failed", lastErrorKind: result.kind, lastError: result.reason },
      });
      return { kind: "rejected", reason: result.reason };
    case "unknown-outcome":
      // Stays `sending`: it may have reached the lead. The echo, or a person, settles it.
      await db.outboundSend.updateMany({
        where: still,
        data: { lastErrorKind: result.kind, lastError: result.reason },
      });
      return { kind: "unknown-outcome", reason: result.reason };
  }
}
