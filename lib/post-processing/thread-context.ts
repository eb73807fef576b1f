// The conversation the model sees before a reply: the thread's latest messages up to
// the reply in thread order (sentAt, then id), plus history fetched from the provider
// that is not stored yet (it is written with the job's other writes, later).
import type { Db } from "@/lib/prisma-client";
import type { ThreadLine } from "./ai-steps";
import type { HistoryImportRow } from "./history-sync";

export const CONTEXT_MESSAGES = 10;

export async function loadThreadContext(
  db: Db,
  inbound: { id: string; clientId: string; leadId: string; channel: "sms" | "email" | "linkedin"; sentAt: Date },
  pendingImports: HistoryImportRow[],
): Promise<ThreadLine[]> {
  const stored = await db.message.findMany({
    where: {
      leadId: inbound.leadId,
      clientId: inbound.clientId,
      channel: inbound.channel,
      sentAt: { lte: inbound.sentAt },
    },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take: CONTEXT_MESSAGES + 1,
    select: { id: true, direction: true, body: true, sentAt: true, ghlMessageId: true },
  });
  const before = stored.filter((m) => m.sentAt < inbound.sentAt || m.id < inbound.id);
  const known = new Set(stored.flatMap((m) => (m.ghlMessageId ? [m.ghlMessageId] : [])));
  const fetched = pendingImports
    .filter((r) => !known.has(r.ghlMessageId) && Date.parse(r.sentAt) < inbound.sentAt.getTime())
    .map((r) => ({ direction: r.direction, body: r.body, at: Date.parse(r.sentAt) }));
  return [...before.map((m) => ({ direction: m.direction, body: m.body, at: m.sentAt.getTime() })), ...fetched]
    .sort((a, b) => a.at - b.at)
    .slice(-CONTEXT_MESSAGES)
    .map(({ direction, body }) => ({ direction, body }));
}
