// The jobs page's "Sends to check": sends whose outcome is unknown — marked unconfirmed, or
// still `sending` long after the echo grace period (a setter's reply that timed out, a run
// that died mid-call). A person checks the provider's inbox and resolves each as sent or not.
import type { Channel } from "@/lib/channels";
import type { Db } from "@/lib/prisma-client";
import { ECHO_GRACE_MS } from "./auto-send";

export type SendToCheck = {
  id: string;
  leadId: string;
  leadName: string;
  channel: Channel;
  provider: string | null;
  sentBy: "setter" | "ai" | "system";
  status: "sending" | "unconfirmed";
  excerpt: string;
  attemptedAt: Date | null;
  error: string | null;
};

export const MAX_SENDS_TO_CHECK = 50;

export async function listSendsToCheck({ db, clientId, now }: { db: Db; clientId: string; now: Date }) {
  const stale = new Date(now.getTime() - ECHO_GRACE_MS);
  const rows = await db.outboundSend.findMany({
    where: {
      clientId,
      OR: [{ status: "unconfirmed" }, { status: "sending", attemptedAt: { lt: stale } }],
    },
    orderBy: [{ attemptedAt: "asc" }, { id: "asc" }],
    take: MAX_SENDS_TO_CHECK + 1,
    select: {
      id: true,
      leadId: true,
      channel: true,
      sentBy: true,
      status: true,
      body: true,
      attemptedAt: true,
      lastError: true,
      lead: { select: { name: true } },
      connection: { select: { provider: true } },
    },
  });
  const sends: SendToCheck[] = rows.slice(0, MAX_SENDS_TO_CHECK).map((r) => ({
    id: r.id,
    leadId: r.leadId,
    leadName: r.lead.name,
    channel: r.channel,
    provider: r.connection?.provider ?? null,
    sentBy: r.sentBy,
    status: r.status as SendToCheck["status"],
    excerpt: r.body.length > 200 ? `${r.body.slice(0, 199)}…` : r.body,
    attemptedAt: r.attemptedAt,
    error: r.lastError,
  }));
  return { sends, truncated: rows.length > MAX_SENDS_TO_CHECK };
}
