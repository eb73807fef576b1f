// A parsed message into Message, inside the delivery's transaction (docs/webhooks.md): joined to an
// existing row with the same provider message id (our own send echoed back, a history import,
// a replay) or inserted with ON CONFLICT DO NOTHING, so a concurrent insert of the same id
// never aborts the transaction; then the lead's last inbound/outbound times (greatest(): a late
// webhook never moves them back) and, for an inbound, its post-process job.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Provider } from "@/lib/generated/prisma/enums";
import type { ParsedMessage } from "@/lib/providers/webhook-adapter";
import { enqueueJobs } from "@/lib/background-jobs/enqueue";
import { MESSAGE_ID_COLUMN, messageDedupeKey, postProcessJobType } from "./provider-columns";
import { normalizeIdentity, resolveLead } from "./resolve-lead";

type Tx = Prisma.TransactionClient;

export type MessageConnection = { id: string; clientId: string; provider: Provider; defaultCountry: string };

export type StoredMessage =
  { kind: "stored"; messageId: string; leadId: string; joined: boolean } | { kind: "conflict"; reason: string };

type ExistingRow = { id: string; clientId: string; leadId: string; direction: "inbound" | "outbound"; sentAt: Date };

async function findExisting(tx: Tx, column: string, providerMessageId: string, webhookKey: string) {
  return tx.message.findFirst({
    where: { OR: [{ [column]: providerMessageId }, { webhookDedupeKey: webhookKey }] },
    select: { id: true, clientId: true, leadId: true, direction: true, sentAt: true, webhookDedupeKey: true },
  });
}

/** A member's provider identity makes an outbound we did not send a setter's; otherwise it is the system's. */
async function senderOf(tx: Tx, connection: MessageConnection, externalUserId: string | null) {
  if (!externalUserId) return { sentBy: "system" as const, sentByUserId: null };
  const identity = await tx.memberProviderIdentity.findFirst({
    where: {
      clientId: connection.clientId,
      provider: connection.provider,
      externalUserId: { in: [...new Set([externalUserId, externalUserId.toLowerCase()])] },
    },
    select: { userId: true },
  });
  return identity
    ? { sentBy: "setter" as const, sentByUserId: identity.userId }
    : { sentBy: "system" as const, sentByUserId: null };
}

export async function storeMessage(
  tx: Tx,
  args: { connection: MessageConnection; message: ParsedMessage; eventDedupeKey: string; now: Date },
): Promise<StoredMessage> {
  const { connection, message, now } = args;
  const column = MESSAGE_ID_COLUMN[connection.provider];
  if (!column) throw new Error(`${connection.provider} has no message id column`);
  const webhookKey = messageDedupeKey(connection.provider, args.eventDedupeKey);
  const context = {
    ...message.providerContext,
    sentAtSource: message.sentAtSource,
    ...(message.isAutoReply ? { isAutoReply: true } : {}),
  };

  let row: ExistingRow | null = null;
  let joined = true;
  const existing = await findExisting(tx, column, message.providerMessageId, webhookKey);
  if (existing) {
    row = existing;
  } else {
    const identity = normalizeIdentity(message.lead, connection.defaultCountry);
    if (!identity.providerLeadId && !identity.email && !identity.phone) {
      // The parser saw a contact point that does not normalize (a "phone" that is no number):
      // authentic but unusable, so rejected — never a 500 that GoHighLevel would not retry.
      return { kind: "conflict", reason: "no usable lead identity: no contact id, and the email/phone do not parse" };
    }
    const lead = await resolveLead(tx, { clientId: connection.clientId, provider: connection.provider, identity });
    const sender =
      message.direction === "outbound" ? await senderOf(tx, connection, message.senderExternalUserId) : null;
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "Message" ("clientId", "leadId", "channel", "direction", "subject", "body", "sentAt", "sentBy",
        "sentByUserId", "bodyTruncated", "connectionId", "providerContext", "webhookDedupeKey", ${Prisma.raw(`"${column}"`)})
      VALUES (${connection.clientId}::uuid, ${lead.id}::uuid, ${message.channel}::"MessageChannel",
        ${message.direction}::"MessageDirection", ${message.subject}, ${message.body}, ${message.sentAt},
        ${sender?.sentBy ?? null}::"MessageSender", ${sender?.sentByUserId ?? null}, ${message.bodyTruncated},
        ${connection.id}::uuid, ${JSON.stringify(context)}::jsonb, ${webhookKey}, ${message.providerMessageId})
      ON CONFLICT DO NOTHING
      RETURNING "id"`;
    if (inserted[0]) {
      row = {
        id: inserted[0].id,
        clientId: connection.clientId,
        leadId: lead.id,
        direction: message.direction,
        sentAt: message.sentAt,
      };
      joined = false;
    } else {
      // Someone inserted the same provider message id between our look-up and insert: join theirs.
      row = await findExisting(tx, column, message.providerMessageId, webhookKey);
    }
  }
  if (!row) throw new Error("message vanished between insert and look-up");
  if (row.clientId !== connection.clientId) {
    return {
      kind: "conflict",
      reason: `provider message id ${message.providerMessageId} belongs to another workspace`,
    };
  }

  if (row.direction !== message.direction) {
    // An echo joins a message of its own direction; a reply carrying a sent email's id (Instantly
    // documents email_id loosely) is another message, and merging it would lose the reply.
    return {
      kind: "conflict",
      reason: `provider message id ${message.providerMessageId} is already an ${row.direction} message`,
    };
  }

  if (joined) {
    // An echo of our own send (or a re-delivery): keep its sentBy / aiDraftId / sentAt, fill what it lacks.
    await tx.$executeRaw`
      UPDATE "Message" SET
        "connectionId" = COALESCE("connectionId", ${connection.id}::uuid),
        "providerContext" = COALESCE("providerContext", ${JSON.stringify(context)}::jsonb),
        "webhookDedupeKey" = CASE
          WHEN "webhookDedupeKey" IS NULL AND NOT EXISTS (SELECT 1 FROM "Message" WHERE "webhookDedupeKey" = ${webhookKey})
          THEN ${webhookKey} ELSE "webhookDedupeKey" END
      WHERE "id" = ${row.id}::uuid`;
  }

  const lastColumn = Prisma.raw(row.direction === "inbound" ? `"lastInboundAt"` : `"lastOutboundAt"`);
  await tx.$executeRaw`
    UPDATE "Lead" SET ${lastColumn} = GREATEST(${lastColumn}, ${row.sentAt}), "updatedAt" = now()
    WHERE "id" = ${row.leadId}::uuid AND (${lastColumn} IS NULL OR ${lastColumn} < ${row.sentAt})`;

  const jobType = row.direction === "inbound" ? postProcessJobType(connection.provider, message.channel) : null;
  if (jobType) {
    await enqueueJobs(tx, [
      {
        clientId: connection.clientId,
        type: jobType,
        runAt: now,
        dedupeKey: `post-process:${row.id}`,
        leadId: row.leadId,
        messageId: row.id,
        ...(message.isAutoReply ? { payload: { isAutoReply: true } } : {}),
      },
    ]);
  }
  return { kind: "stored", messageId: row.id, leadId: row.leadId, joined };
}
