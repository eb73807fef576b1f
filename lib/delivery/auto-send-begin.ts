// The delayed auto-send's re-check and intent, in ONE transaction (DESIGN §5): the reply is
// still wanted (auto-send on, draft still pending, the lead neither booked nor marked not
// interested, no reply and no newer inbound in the thread since the trigger, no setter send
// in flight), the connection can send, the rate budget has a slot — and then the intent is
// recorded (OutboundSend `sending`, one per draft: "ai-auto-send:<draftId>"). The draft row
// is locked first, so two runs of the same job (an expired lease) serialize here and the
// second finds the intent.
import type { BackgroundJob, OutboundSend, Prisma } from "@/lib/generated/prisma/client";
import { isBookedSql } from "@/lib/analytics/booking-outcome-sql";
import { Prisma as P } from "@/lib/generated/prisma/client";
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { ConnectionMode } from "@/lib/generated/prisma/enums";
import type { SendLead, SendProvider } from "@/lib/providers/send-adapter";
import { LEAD_ID_COLUMN } from "@/lib/webhooks/provider-columns";
import { AUTO_SEND_CANCEL_REASONS } from "./cancel-auto-sends";
import { reserveSendSlot, sendLimitsFor } from "./rate-budget";
import { cannotSend, type ReplyTarget } from "./send-connection";

type Tx = Prisma.TransactionClient;

export const autoSendKey = (draftId: string) => `ai-auto-send:${draftId}`;

export type Begun =
  | { kind: "done"; note: string }
  | { kind: "cancel"; reason: string }
  | { kind: "later"; at: Date; note: string }
  | { kind: "reconcile"; send: OutboundSend }
  | { kind: "send"; send: OutboundSend; target: ReplyTarget; lead: SendLead; slotAt: Date };

/** Everything the re-check reads, in one statement (the draft row locked). */
type CheckRow = {
  id: string;
  draftStatus: string;
  content: string;
  leadId: string;
  channel: "sms" | "email" | "linkedin";
  triggerMessageId: string;
  leadStatus: string;
  booked: boolean;
  email: string | null;
  phone: string | null;
  ghlContactId: string | null;
  smartleadLeadId: string | null;
  instantlyLeadId: string | null;
  unipileAttendeeId: string | null;
  autoSendEnabled: boolean;
  inboundSentAt: Date;
  inboundBody: string;
  inboundSubject: string | null;
  inboundContext: unknown;
  connectionId: string | null;
  connectionClientId: string | null;
  provider: string | null;
  mode: string | null;
  disabledAt: Date | null;
  apiKeyEnc: string | null;
  apiBaseUrl: string | null;
  externalAccountId: string | null;
  newerDirection: string | null;
  setterInFlight: boolean;
};

function checkSql(job: BackgroundJob): Prisma.Sql {
  return P.sql`
    SELECT d."id", d."status"::text AS "draftStatus", d."content", d."leadId", d."channel"::text AS "channel",
           d."triggerMessageId", l."status"::text AS "leadStatus", ${isBookedSql(P.raw("l"))} AS "booked", l."email",
           l."phone", l."ghlContactId", l."smartleadLeadId", l."instantlyLeadId", l."unipileAttendeeId",
           c."autoSendEnabled", t."sentAt" AS "inboundSentAt", t."body" AS "inboundBody",
           t."subject" AS "inboundSubject", t."providerContext" AS "inboundContext",
           pc."id" AS "connectionId", pc."clientId" AS "connectionClientId", pc."provider"::text AS "provider",
           pc."mode"::text AS "mode", pc."disabledAt", pc."apiKeyEnc", pc."apiBaseUrl", pc."externalAccountId",
           (SELECT m."direction"::text FROM "Message" m
             WHERE m."leadId" = t."leadId" AND m."channel" = t."channel" AND (m."sentAt", m."id") > (t."sentAt", t."id")
             ORDER BY m."sentAt", m."id" LIMIT 1) AS "newerDirection",
           EXISTS (SELECT 1 FROM "OutboundSend" o
                    WHERE o."leadId" = d."leadId" AND o."channel" = d."channel" AND o."sentBy" = 'setter'
                      AND o."status" IN ('sending', 'unconfirmed')) AS "setterInFlight"
      FROM "AIDraft" d
      JOIN "Lead" l ON l."id" = d."leadId"
      JOIN "Client" c ON c."id" = d."clientId"
      JOIN "Message" t ON t."id" = d."triggerMessageId"
      LEFT JOIN "ProviderConnection" pc ON pc."id" = t."connectionId"
     WHERE d."id" = ${job.draftId}::uuid AND d."clientId" = ${job.clientId}::uuid
       FOR UPDATE OF d`;
}

export async function beginAutoSend(
  tx: Tx,
  args: { job: BackgroundJob; now: Date; key: () => Buffer; maxSlotWaitMs: number },
): Promise<Begun> {
  const { job, now } = args;
  const [row] = await tx.$queryRaw<CheckRow[]>(checkSql(job));
  if (!row) return { kind: "done", note: "skipped: the draft no longer exists" };

  const existing = await tx.outboundSend.findUnique({ where: { idempotencyKey: autoSendKey(row.id) } });
  if (existing?.status === "sent") return { kind: "done", note: "already sent" };
  if (existing?.status === "sending") return { kind: "reconcile", send: existing };
  if (existing?.status === "unconfirmed") return { kind: "done", note: "unconfirmed: waiting for a person to check" };
  if (existing?.status === "failed") return { kind: "done", note: `not sent: ${existing.lastError ?? "failed"}` };

  if (row.draftStatus !== "PENDING")
    return { kind: "cancel", reason: `canceled: the draft is ${row.draftStatus.toLowerCase()}` };
  if (!row.autoSendEnabled) return { kind: "cancel", reason: "canceled: auto-send is switched off" };
  if (row.booked) return { kind: "cancel", reason: AUTO_SEND_CANCEL_REASONS.booked };
  if (row.leadStatus === "NOT_INTERESTED") return { kind: "cancel", reason: AUTO_SEND_CANCEL_REASONS.notInterested };
  // Anything in the thread after the trigger: a reply (by anyone) or a newer inbound.
  if (row.newerDirection === "inbound") return { kind: "cancel", reason: AUTO_SEND_CANCEL_REASONS.newerInbound };
  if (row.newerDirection || row.setterInFlight)
    return { kind: "cancel", reason: AUTO_SEND_CANCEL_REASONS.setterReplied };

  const connection = row.connectionId
    ? { provider: row.provider!, disabledAt: row.disabledAt, mode: row.mode!, apiKeyEnc: row.apiKeyEnc }
    : null;
  const problem =
    cannotSend(connection, row.channel) ?? (row.connectionClientId === job.clientId ? null : "no provider connection");
  if (problem) return { kind: "cancel", reason: `canceled: cannot send: ${problem}` };
  const provider = row.provider as SendProvider;
  const mode = row.mode as ConnectionMode;

  let slotAt = now;
  if (mode === "live") {
    const slot = await reserveSendSlot(tx, {
      connectionId: row.connectionId!,
      limits: sendLimitsFor(provider),
      now,
      maxWaitMs: args.maxSlotWaitMs,
    });
    if (!slot.ok) return { kind: "later", at: slot.retryAt, note: "waiting for the connection's rate budget" };
    slotAt = slot.at;
  }

  const intent = {
    status: "sending" as const,
    connectionId: row.connectionId,
    backgroundJobId: job.id,
    body: row.content,
    attemptedAt: slotAt,
    nextAttemptAt: null,
  };
  const send = existing
    ? await tx.outboundSend.update({ where: { id: existing.id }, data: { ...intent, attempts: { increment: 1 } } })
    : await tx.outboundSend.create({
        data: {
          ...intent,
          attempts: 1,
          clientId: job.clientId,
          leadId: row.leadId,
          channel: row.channel,
          idempotencyKey: autoSendKey(row.id),
          sentBy: "ai",
          aiDraftId: row.id,
          replyToMessageId: row.triggerMessageId,
        },
      });
  const column = LEAD_ID_COLUMN[provider];
  const target: ReplyTarget = {
    connection: {
      id: row.connectionId!,
      provider,
      mode,
      apiKey: mode === "live" && row.apiKeyEnc ? decryptSecret(row.apiKeyEnc, args.key()) : null,
      apiBaseUrl: row.apiBaseUrl,
      externalAccountId: row.externalAccountId!,
    },
    inbound: {
      id: row.triggerMessageId,
      sentAt: row.inboundSentAt,
      body: row.inboundBody,
      subject: row.inboundSubject,
      providerContext: row.inboundContext,
    },
  };
  const lead: SendLead = { email: row.email, phone: row.phone, providerLeadId: row[column] };
  return { kind: "send", send, target, lead, slotAt };
}
