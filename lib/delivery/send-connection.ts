// The connection a reply goes out on, with its API key decrypted (server only): the one
// the answered inbound came through. A lead's conversation on a channel is answered on
// that same provider account, so the thread and the reply context match.
import type { Channel } from "@/lib/channels";
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isSendProvider, type SendConnection } from "@/lib/providers/send-adapter";
import { sendAdapters } from "@/lib/providers/send-registry";

type Tx = Prisma.TransactionClient;

export type ReplyTarget = {
  connection: SendConnection;
  /** The inbound being answered: its providerContext threads the reply. */
  inbound: { id: string; sentAt: Date; body: string; subject: string | null; providerContext: unknown };
};

export type NoTarget = { ok: false; reason: string };

/** Why a connection cannot send on a channel, or null when it can. */
export function cannotSend(
  connection: { provider: string; disabledAt: Date | null; mode: string; apiKeyEnc: string | null } | null,
  channel: Channel,
): string | null {
  if (!connection) return "no provider connection";
  if (connection.disabledAt) return "its provider connection is disabled";
  const provider = connection.provider as Parameters<typeof isSendProvider>[0];
  if (!isSendProvider(provider)) return `${connection.provider} cannot send messages`;
  if (!sendAdapters[provider].channels.includes(channel)) return `${connection.provider} cannot send ${channel}`;
  if (connection.mode === "live" && !connection.apiKeyEnc) return "its provider connection has no API key";
  return null;
}

/**
 * The lead's latest inbound on the channel that came through a connection, and that
 * connection decrypted. `inboundId` pins the inbound (the auto-send answers its trigger).
 */
export async function findReplyTarget(
  tx: Tx,
  args: { clientId: string; leadId: string; channel: Channel; inboundId?: string; key: () => Buffer },
): Promise<({ ok: true } & ReplyTarget) | NoTarget> {
  const inbound = await tx.message.findFirst({
    where: {
      clientId: args.clientId,
      leadId: args.leadId,
      channel: args.channel,
      direction: "inbound",
      ...(args.inboundId ? { id: args.inboundId } : { connectionId: { not: null } }),
    },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      sentAt: true,
      body: true,
      subject: true,
      providerContext: true,
      connection: {
        select: {
          id: true,
          clientId: true,
          provider: true,
          mode: true,
          disabledAt: true,
          apiKeyEnc: true,
          apiBaseUrl: true,
          externalAccountId: true,
        },
      },
    },
  });
  const connection = inbound?.connection ?? (inbound || args.inboundId ? null : await onlyConnection(tx, args));
  const answered = inbound ?? (connection ? await latestInbound(tx, args) : null);
  const problem = cannotSend(connection, args.channel);
  if (!answered || !connection || problem || connection.clientId !== args.clientId) {
    return { ok: false, reason: problem ?? "no provider connection" };
  }
  const apiKey =
    connection.mode === "live" && connection.apiKeyEnc ? decryptSecret(connection.apiKeyEnc, args.key()) : null;
  return {
    ok: true,
    connection: {
      id: connection.id,
      provider: connection.provider,
      mode: connection.mode,
      apiKey,
      apiBaseUrl: connection.apiBaseUrl,
      externalAccountId: connection.externalAccountId,
    },
    inbound: {
      id: answered.id,
      sentAt: answered.sentAt,
      body: answered.body,
      subject: answered.subject,
      providerContext: answered.providerContext,
    },
  };
}

const CONNECTION_SELECT = {
  id: true,
  clientId: true,
  provider: true,
  mode: true,
  disabledAt: true,
  apiKeyEnc: true,
  apiBaseUrl: true,
  externalAccountId: true,
} as const;

type ThreadRef = { clientId: string; leadId: string; channel: Channel };

/**
 * A thread whose messages came in before connections existed (imports, the demo): the
 * workspace's one enabled connection that can send on the channel, if there is exactly one
 * (or only sandbox ones).
 * Live sends then still need the reply context, which such messages lack (rejected, no request).
 */
async function onlyConnection(tx: Tx, args: ThreadRef) {
  const candidates = await tx.providerConnection.findMany({
    where: { clientId: args.clientId, disabledAt: null },
    select: CONNECTION_SELECT,
  });
  const able = candidates.filter((c) => cannotSend(c, args.channel) === null);
  if (able.length === 1) return able[0]!;
  // Several, all sandbox (the demo: GoHighLevel, SmartLead and Instantly all do email): nothing
  // is delivered either way, so the first in provider order stands in.
  const order = ["GHL", "SMARTLEAD", "INSTANTLY", "UNIPILE"];
  if (able.length > 1 && able.every((c) => c.mode === "sandbox")) {
    return able.sort((a, b) => order.indexOf(a.provider) - order.indexOf(b.provider))[0]!;
  }
  return null;
}

function latestInbound(tx: Tx, args: ThreadRef) {
  return tx.message.findFirst({
    where: { clientId: args.clientId, leadId: args.leadId, channel: args.channel, direction: "inbound" },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    select: { id: true, sentAt: true, body: true, subject: true, providerContext: true },
  });
}
