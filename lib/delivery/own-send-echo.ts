// The provider's echo of our own send (its webhook for the message we just sent) joins the
// Message of that send, never a second one. By provider id that is automatic (the id
// columns are unique). This covers the rest: an echo that arrives while the call is still
// in flight or after an unknown outcome (no id recorded yet), and SmartLead, whose reply API
// answers without an id (a local id stands in, docs/sending.md). The match: same
// connection, channel and lead, an OutboundSend attempted in the last ECHO_MATCH_DAYS that
// is still unsettled (sending / unconfirmed) or sent under a local id, and the same text
// (whitespace-insensitive; an email echo may quote the thread below it, a capped one may
// be cut). The oldest such send wins.
import { Prisma, type OutboundSend } from "@/lib/generated/prisma/client";
import type { Provider } from "@/lib/generated/prisma/enums";
import { MESSAGE_ID_COLUMN } from "@/lib/webhooks/provider-columns";
import { markDelivered } from "./record-sent";

type Tx = Prisma.TransactionClient;

export const ECHO_MATCH_DAYS = 2;

export function normalizeForMatch(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u200b-\u200d\ufeff]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Is `echo` (the provider's copy) the text we sent? */
export function sameText(sent: string, echo: string, echoTruncated = false): boolean {
  const a = normalizeForMatch(sent);
  const b = normalizeForMatch(echo);
  if (a === "" || b === "") return false;
  return b === a || b.startsWith(a) || (echoTruncated && b.length >= 20 && a.startsWith(b));
}

type EchoRow = { id: string; leadId: string; channel: string; body: string; bodyTruncated: boolean; sentAt: Date };

/**
 * Hook for a NEW outbound Message stored from a webhook (store-message.ts): when it is the
 * echo of one of our sends, it takes the send's sentBy / sentByUserId / aiDraftId, or — if
 * that send already has its Message (SmartLead's local id) — it is folded into it. Returns
 * the id of the Message the echo now is.
 */
export async function joinOwnSendEcho(
  tx: Tx,
  args: { messageId: string; connectionId: string; provider: Provider; now: Date },
): Promise<string> {
  const [echo] = await tx.$queryRaw<EchoRow[]>`
    SELECT "id", "leadId", "channel"::text AS "channel", "body", "bodyTruncated", "sentAt" FROM "Message"
     WHERE "id" = ${args.messageId}::uuid AND "direction" = 'outbound'
       AND NOT EXISTS (SELECT 1 FROM "OutboundSend" o WHERE o."messageId" = "Message"."id")`;
  if (!echo) return args.messageId;
  const since = new Date(args.now.getTime() - ECHO_MATCH_DAYS * 86_400_000);
  // SKIP LOCKED: a send being recorded right now holds its row; waiting for it here while this
  // transaction holds the lead could deadlock with it. That send then meets this echo by id.
  const candidates = await tx.$queryRaw<OutboundSend[]>`
    SELECT * FROM "OutboundSend"
     WHERE "connectionId" = ${args.connectionId}::uuid AND "leadId" = ${echo.leadId}::uuid
       AND "channel" = ${echo.channel}::"MessageChannel" AND "attemptedAt" >= ${since}
       AND ("status" IN ('sending', 'unconfirmed') OR ("status" = 'sent' AND "idSource" = 'local'))
     ORDER BY "attemptedAt", "id"
     LIMIT 20
     FOR UPDATE SKIP LOCKED`;
  const send = candidates.find((c) => sameText(c.body, echo.body, echo.bodyTruncated));
  if (!send) return echo.id;
  if (!send.messageId) return linkEcho(tx, send, echo, args.provider);
  return foldIntoSentMessage(tx, { echoId: echo.id, sentMessageId: send.messageId, send, provider: args.provider });
}

/** The echo becomes the send's Message (it takes the send's sender and draft). */
async function linkEcho(tx: Tx, send: OutboundSend, echo: EchoRow, provider: Provider): Promise<string> {
  await tx.$executeRaw`UPDATE "Message" SET "sentBy" = ${send.sentBy}::"MessageSender",
      "sentByUserId" = ${send.sentByUserId}, "aiDraftId" = ${send.aiDraftId}::uuid
    WHERE "id" = ${echo.id}::uuid`;
  const providerId = await providerIdOf(tx, echo.id, provider);
  await tx.outboundSend.update({
    where: { id: send.id },
    data: {
      status: "sent",
      messageId: echo.id,
      providerMessageId: send.providerMessageId ?? providerId,
      idSource: send.idSource ?? "echo",
      sentAt: send.sentAt ?? echo.sentAt,
      nextAttemptAt: null,
    },
  });
  await markDelivered(tx, send, echo.sentAt);
  return echo.id;
}

/**
 * The other direction, for a send whose outcome is unknown (a timeout, a crash): has its
 * echo already been stored (before the send was in a state the hook matches, or by the
 * general path)? The send must be locked by the caller. Returns the Message id or null.
 */
export async function adoptStoredEcho(tx: Tx, send: OutboundSend, provider: Provider): Promise<string | null> {
  if (!send.connectionId || !send.attemptedAt) return null;
  const after = new Date(send.attemptedAt.getTime() - 60_000);
  const echoes = await tx.$queryRaw<EchoRow[]>`
    SELECT m."id", m."leadId", m."channel"::text AS "channel", m."body", m."bodyTruncated", m."sentAt" FROM "Message" m
     WHERE m."leadId" = ${send.leadId}::uuid AND m."channel" = ${send.channel}::"MessageChannel"
       AND m."direction" = 'outbound' AND m."connectionId" = ${send.connectionId}::uuid AND m."createdAt" >= ${after}
       AND NOT EXISTS (SELECT 1 FROM "OutboundSend" o WHERE o."messageId" = m."id")
     ORDER BY m."createdAt", m."id"
     LIMIT 20`;
  const echo = echoes.find((e) => sameText(send.body, e.body, e.bodyTruncated));
  return echo ? linkEcho(tx, send, echo, provider) : null;
}

async function providerIdOf(tx: Tx, messageId: string, provider: Provider): Promise<string | null> {
  const column = MESSAGE_ID_COLUMN[provider];
  if (!column) return null;
  const [row] = await tx.$queryRaw<{ providerId: string | null }[]>`
    SELECT ${Prisma.raw(`"${column}"`)} AS "providerId" FROM "Message" WHERE "id" = ${messageId}::uuid`;
  return row?.providerId ?? null;
}

/** SmartLead: our Message (local id) takes the echo's real id and webhook key; the echo's row goes. */
async function foldIntoSentMessage(
  tx: Tx,
  args: { echoId: string; sentMessageId: string; send: OutboundSend; provider: Provider },
): Promise<string> {
  const column = MESSAGE_ID_COLUMN[args.provider];
  if (!column) return args.echoId;
  const [moved] = await tx.$queryRaw<{ providerId: string | null; webhookDedupeKey: string | null }[]>`
    DELETE FROM "Message" WHERE "id" = ${args.echoId}::uuid
    RETURNING ${Prisma.raw(`"${column}"`)} AS "providerId", "webhookDedupeKey"`;
  if (!moved) return args.echoId;
  await tx.$executeRaw`UPDATE "Message" SET ${Prisma.raw(`"${column}"`)} = ${moved.providerId},
      "webhookDedupeKey" = COALESCE("webhookDedupeKey", ${moved.webhookDedupeKey})
    WHERE "id" = ${args.sentMessageId}::uuid`;
  await tx.outboundSend.update({
    where: { id: args.send.id },
    data: { providerMessageId: moved.providerId, idSource: "echo" },
  });
  return args.sentMessageId;
}
