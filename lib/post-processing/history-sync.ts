// SMS history sync (seed 003): a short reply ("yes", "ok 3pm") with no outbound in its
// thread means the conversation started outside Leadclock (a campaign sent from
// GoHighLevel, a setter in GoHighLevel's app). The SMS post-process job then imports the
// conversation's recent messages, so the classifier, the drafter and the timing engine
// see the context. This file decides and fetches (outside any transaction); the rows are
// written with the job's other writes by writeHistoryImport.
import type { Prisma } from "@/lib/generated/prisma/client";
import { CONNECTION_SECRETS_SELECT, loadConnectionSecrets } from "@/lib/connections/connection-secrets";
import type { Db } from "@/lib/prisma-client";
import { fetchGhlConversationHistory, type GhlHistoryResult } from "./ghl-conversation-history";
import type { HistorySyncConfig } from "./post-process-config";

/** "Short": at most 3 words, or at most 20 characters (emoji and "ok 3pm?" included). */
export const SHORT_REPLY_MAX_WORDS = 3;
export const SHORT_REPLY_MAX_CHARS = 20;
/** Imported bodies are capped like webhook ones would be; the cut is flagged. */
const MAX_BODY_CHARS = 10_000;

export function isShortReply(body: string): boolean {
  const text = body.trim();
  if (!text) return true;
  return text.length <= SHORT_REPLY_MAX_CHARS || text.split(/\s+/).length <= SHORT_REPLY_MAX_WORDS;
}

export type HistoryImportRow = {
  ghlMessageId: string;
  direction: "inbound" | "outbound";
  body: string;
  bodyTruncated: boolean;
  sentAt: string;
  sentBy: "setter" | "system" | null;
  sentByUserId: string | null;
};

export type HistorySync =
  | { status: "not-needed" }
  | { status: "skipped"; reason: string }
  | { status: "fetched"; result: GhlHistoryResult; rows: HistoryImportRow[]; providerContext: Prisma.InputJsonObject };

export type HistoryInbound = {
  id: string;
  clientId: string;
  leadId: string;
  channel: string;
  body: string;
  ghlMessageId: string | null;
  connectionId: string | null;
  providerContext: Prisma.JsonValue;
};

function contextString(context: Prisma.JsonValue, key: string): string | null {
  if (!context || typeof context !== "object" || Array.isArray(context)) return null;
  const value = (context as Record<string, unknown>)[key];
  return typeof value === "string" && value.trim() ? value : null;
}

export async function planHistorySync({
  db,
  config,
  encryptionKey,
  inbound,
  enabledForJob,
  signal,
}: {
  db: Db;
  config: HistorySyncConfig;
  encryptionKey: () => Buffer;
  inbound: HistoryInbound;
  /** The job's payload may switch it off for one job ({ historySync: false }). */
  enabledForJob: boolean;
  signal: AbortSignal;
}): Promise<HistorySync> {
  if (inbound.channel !== "sms" || !isShortReply(inbound.body)) return { status: "not-needed" };
  const outbound = await db.message.findFirst({
    where: { leadId: inbound.leadId, clientId: inbound.clientId, channel: "sms", direction: "outbound" },
    select: { id: true },
  });
  if (outbound) return { status: "not-needed" };
  if (!config.enabled) return { status: "skipped", reason: "disabled by SMS_POST_PROCESS_HISTORY_SYNC_ENABLED" };
  if (!enabledForJob) return { status: "skipped", reason: "disabled for this job" };

  const connection = inbound.connectionId
    ? await db.providerConnection.findFirst({
        where: { id: inbound.connectionId, clientId: inbound.clientId },
        select: { provider: true, mode: true, disabledAt: true, apiBaseUrl: true, ...CONNECTION_SECRETS_SELECT },
      })
    : null;
  if (!connection || connection.provider !== "GHL") return { status: "skipped", reason: "no GoHighLevel connection" };
  if (connection.mode === "sandbox") return { status: "skipped", reason: "sandbox connection" };
  if (connection.disabledAt) return { status: "skipped", reason: "connection disabled" };
  if (!connection.apiKeyEnc) return { status: "skipped", reason: "connection has no API key" };
  const conversationId = contextString(inbound.providerContext, "conversationId");
  if (!conversationId) return { status: "skipped", reason: "message has no GoHighLevel conversationId" };

  let apiKey: string | null;
  try {
    apiKey = loadConnectionSecrets(connection, encryptionKey()).apiKey;
  } catch {
    return { status: "skipped", reason: "the connection's API key could not be decrypted" };
  }
  if (!apiKey) return { status: "skipped", reason: "connection has no API key" };

  const result = await fetchGhlConversationHistory({
    baseUrl: connection.apiBaseUrl ?? config.defaultBaseUrl,
    apiKey,
    conversationId,
    maxPages: config.maxPages,
    maxMessages: config.maxMessages,
    requestTimeoutMs: config.requestTimeoutMs,
    signal,
  });

  // Outbound sent by a member from GoHighLevel's app counts as theirs (docs/webhooks.md).
  const userIds = [
    ...new Set(result.messages.flatMap((m) => (m.direction === "outbound" && m.userId ? [m.userId] : []))),
  ];
  const identities = userIds.length
    ? await db.memberProviderIdentity.findMany({
        where: { clientId: inbound.clientId, provider: "GHL", externalUserId: { in: userIds } },
        select: { externalUserId: true, userId: true },
      })
    : [];
  const memberOf = new Map(identities.map((i) => [i.externalUserId, i.userId]));
  const rows = result.messages
    .filter((m) => m.id !== inbound.ghlMessageId)
    .map((m): HistoryImportRow => {
      const member = m.direction === "outbound" && m.userId ? (memberOf.get(m.userId) ?? null) : null;
      return {
        ghlMessageId: m.id,
        direction: m.direction,
        body: m.body.slice(0, MAX_BODY_CHARS),
        bodyTruncated: m.body.length > MAX_BODY_CHARS,
        sentAt: m.dateAdded.toISOString(),
        sentBy: m.direction === "inbound" ? null : member ? "setter" : "system",
        sentByUserId: member,
      };
    });
  const contactId = contextString(inbound.providerContext, "contactId");
  return {
    status: "fetched",
    result,
    rows,
    providerContext: { conversationId, contactId, importedBy: "history-sync" },
  };
}

/**
 * Inserts the fetched messages that are not there yet (a webhook may have stored some:
 * Message.ghlMessageId is unique, so those are skipped) and moves the lead's
 * lastInboundAt/lastOutboundAt forward with greatest(). Returns how many were new.
 */
export async function writeHistoryImport(
  tx: Prisma.TransactionClient,
  args: { inbound: HistoryInbound; rows: HistoryImportRow[]; providerContext: Prisma.InputJsonObject },
): Promise<number> {
  if (args.rows.length === 0) return 0;
  const { clientId, leadId, connectionId } = args.inbound;
  const inserted = await tx.$queryRaw<{ direction: "inbound" | "outbound"; sentAt: Date }[]>`
    INSERT INTO "Message" ("clientId", "leadId", "channel", "direction", "body", "bodyTruncated", "sentAt",
                           "sentBy", "sentByUserId", "connectionId", "providerContext", "ghlMessageId")
    SELECT ${clientId}::uuid, ${leadId}::uuid, 'sms'::"MessageChannel", r."direction"::"MessageDirection", r."body",
           r."bodyTruncated", r."sentAt", r."sentBy"::"MessageSender", r."sentByUserId", ${connectionId}::uuid,
           ${JSON.stringify(args.providerContext)}::jsonb, r."ghlMessageId"
      FROM jsonb_to_recordset(${JSON.stringify(args.rows)}::jsonb) AS r("ghlMessageId" text, "direction" text,
           "body" text, "bodyTruncated" boolean, "sentAt" timestamptz, "sentBy" text, "sentByUserId" text)
    ON CONFLICT DO NOTHING
    RETURNING "direction", "sentAt"`;
  const latest = (direction: "inbound" | "outbound") =>
    inserted
      .filter((m) => m.direction === direction)
      .reduce<Date | null>((max, m) => (!max || m.sentAt > max ? m.sentAt : max), null);
  const lastInbound = latest("inbound");
  const lastOutbound = latest("outbound");
  if (lastInbound || lastOutbound) {
    // greatest() ignores NULL: a direction with nothing imported keeps its value.
    await tx.$executeRaw`UPDATE "Lead"
         SET "lastInboundAt" = greatest("lastInboundAt", ${lastInbound}::timestamptz),
             "lastOutboundAt" = greatest("lastOutboundAt", ${lastOutbound}::timestamptz),
             "updatedAt" = now()
       WHERE "id" = ${leadId}::uuid AND "clientId" = ${clientId}::uuid`;
  }
  return inserted.length;
}
