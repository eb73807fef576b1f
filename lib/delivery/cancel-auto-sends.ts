// Cancels a lead's delayed auto-sends that have not started: a booking (bookings call this
// on the booked transition, in their own transaction), the lead marked not interested, a
// setter answering by hand. A job already RUNNING re-checks the lead in its intent
// transaction, so it cancels itself if it has not recorded its intent yet.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";

export const AUTO_SEND_CANCEL_REASONS = {
  booked: "canceled: the lead booked an appointment",
  notInterested: "canceled: the lead was marked not interested",
  setterReplied: "canceled: a setter replied",
  newerInbound: "canceled: a newer inbound arrived (it gets its own draft)",
  setterCanceled: "canceled by a setter",
} as const;

export type AutoSendCancelReason = keyof typeof AUTO_SEND_CANCEL_REASONS;

/** Returns the ids of the cancelled jobs. `channel` limits it to one thread. */
export async function cancelPendingAutoSends(args: {
  db: Db | Prisma.TransactionClient;
  leadId: string;
  reason: AutoSendCancelReason | string;
  channel?: string;
  jobId?: string;
  now?: Date;
}): Promise<string[]> {
  const note =
    args.reason in AUTO_SEND_CANCEL_REASONS
      ? AUTO_SEND_CANCEL_REASONS[args.reason as AutoSendCancelReason]
      : `canceled: ${args.reason}`;
  const now = args.now ?? new Date();
  const rows = await args.db.$queryRaw<{ id: string }[]>`
    UPDATE "BackgroundJob" j
       SET "status" = 'CANCELED', "finishedAt" = ${now}, "resultNote" = ${note},
           "lockedBy" = NULL, "lockedAt" = NULL, "lockedUntil" = NULL, "updatedAt" = ${now}
     WHERE j."leadId" = ${args.leadId}::uuid AND j."type" = 'AI_AUTO_SEND_DELAYED' AND j."status" = 'PENDING'
       AND (${args.jobId ?? null}::uuid IS NULL OR j."id" = ${args.jobId ?? null}::uuid)
       AND (${args.channel ?? null}::text IS NULL
            OR EXISTS (SELECT 1 FROM "AIDraft" d WHERE d."id" = j."draftId" AND d."channel"::text = ${args.channel ?? null}::text))
       -- A job whose intent is recorded (a send in flight or awaiting its echo) is not cancelled:
       -- it may already have reached the lead, and it must reconcile.
       AND NOT EXISTS (SELECT 1 FROM "OutboundSend" o WHERE o."backgroundJobId" = j."id" AND o."status" <> 'waiting')
    RETURNING j."id"`;
  return rows.map((row) => row.id);
}
