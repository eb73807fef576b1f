// A parsed message into Message (docs/webhooks.md "Storing a message"). The work is one SQL
// function, leadclock_store_message (prisma/migrations/20261202050000_ingest_functions): joined
// to an existing row with the same provider message id (our own send echoed back, a history
// import, a replay) or inserted with ON CONFLICT DO NOTHING; the lead found by contact id, then
// normalized email, then E.164 phone under advisory locks, else created; the lead's last
// inbound/outbound time; for an inbound, its post-process job. One round trip instead of a
// dozen, in the caller's transaction; ingest-message-delivery.ts runs the same function inside
// the whole delivery's one call. What stays here is what needs JavaScript: normalizing the
// identity (libphonenumber) and building the arguments.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Provider } from "@/lib/generated/prisma/enums";
import type { ParsedMessage } from "@/lib/providers/webhook-adapter";
import { messageDedupeKey, postProcessJobType } from "./provider-columns";
import { normalizeIdentity } from "./normalize-identity";
import { joinOwnSendEcho } from "@/lib/delivery/own-send-echo";

type Tx = Prisma.TransactionClient;

export type MessageConnection = { id: string; clientId: string; provider: Provider; defaultCountry: string };

export type StoredMessage =
  | { kind: "stored"; messageId: string; leadId: string; joined: boolean; leadCreated: boolean }
  | { kind: "conflict"; reason: string };

/** The job every inbound's post-process job is deduplicated by: `post-process:<messageId>`. */
export const POST_PROCESS_DEDUPE_PREFIX = "post-process:";

const NO_USABLE_IDENTITY = "no usable lead identity: no contact id, and the email/phone do not parse";

/**
 * The arguments of leadclock_store_message, in its order, as one SQL fragment — or the reason
 * the message cannot be stored (its contact point does not normalize: authentic but unusable,
 * so rejected, never a 500 that GoHighLevel would not retry).
 */
export function storeMessageArguments(args: {
  connection: MessageConnection;
  message: ParsedMessage;
  eventDedupeKey: string;
  now: Date;
}): { sql: Prisma.Sql } | { conflict: string } {
  const { connection, message, now } = args;
  if (connection.provider === "CALENDLY") throw new Error("CALENDLY has no message id column");
  const identity = normalizeIdentity(message.lead, connection.defaultCountry);
  if (!identity.providerLeadId && !identity.email && !identity.phone) return { conflict: NO_USABLE_IDENTITY };
  const context = {
    ...message.providerContext,
    sentAtSource: message.sentAtSource,
    ...(message.isAutoReply ? { isAutoReply: true } : {}),
  };
  const jobType = message.direction === "inbound" ? postProcessJobType(connection.provider, message.channel) : null;
  const payload = message.isAutoReply ? JSON.stringify({ isAutoReply: true }) : null;
  return {
    sql: Prisma.sql`${connection.clientId}::uuid, ${connection.id}::uuid, ${connection.provider}::"Provider",
      ${message.channel}::"MessageChannel", ${message.direction}::"MessageDirection", ${message.subject}::text,
      ${message.body}::text, ${message.sentAt}::timestamptz, ${message.bodyTruncated}::boolean,
      ${JSON.stringify(context)}::jsonb, ${message.providerMessageId}::text,
      ${messageDedupeKey(connection.provider, args.eventDedupeKey)}::text,
      ${identity.providerLeadId}::text, ${identity.email}::text, ${identity.phone}::text, ${identity.name}::text,
      ${identity.linkedinUrl}::text, ${message.direction === "outbound" ? message.senderExternalUserId : null}::text,
      ${jobType}::"BackgroundJobType", ${now}::timestamptz, ${POST_PROCESS_DEDUPE_PREFIX}::text, ${payload}::jsonb`,
  };
}

type StoreRow = {
  status: "stored" | "rejected";
  reason: string | null;
  message_id: string | null;
  lead_id: string | null;
  joined: boolean;
  lead_created: boolean;
};

/** Stores one parsed message inside the caller's transaction (replays, non-inbound deliveries). */
export async function storeMessage(
  tx: Tx,
  args: { connection: MessageConnection; message: ParsedMessage; eventDedupeKey: string; now: Date },
): Promise<StoredMessage> {
  const built = storeMessageArguments(args);
  if ("conflict" in built) return { kind: "conflict", reason: built.conflict };
  const [row] = await tx.$queryRaw<StoreRow[]>`SELECT * FROM "leadclock_store_message"(${built.sql})`;
  if (!row) throw new Error("leadclock_store_message returned no row");
  if (row.status === "rejected") return { kind: "conflict", reason: row.reason ?? "rejected" };
  // Delivery (docs/sending.md): a new outbound may be the echo of our own send; it joins that send's Message.
  const messageId =
    args.message.direction === "outbound" && !row.joined
      ? await joinOwnSendEcho(tx, {
          ...args,
          messageId: row.message_id!,
          connectionId: args.connection.id,
          provider: args.connection.provider,
        })
      : row.message_id!;
  return {
    kind: "stored",
    messageId,
    leadId: row.lead_id!,
    joined: row.joined,
    leadCreated: row.lead_created,
  };
}
