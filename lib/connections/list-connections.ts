// The connections of a workspace (or of all workspaces, for the ops CLI) with their
// health: the last event, the deliveries accepted and rejected in the last 24 hours,
// and the last error. The counts are one grouped query over WebhookEvent's
// (connectionId, receivedAt) index, never a query per connection.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import { findSafeConnections, type SafeConnection } from "./safe-connection";

export const HEALTH_WINDOW_MS = 24 * 60 * 60 * 1000;

export type ConnectionHealth = {
  /** processed, duplicate or ignored in the last 24 h. */
  accepted24h: number;
  /** rejected (authentic but unusable) in the last 24 h. */
  rejected24h: number;
};

export type ConnectionWithHealth = SafeConnection & ConnectionHealth;

export async function listConnections({
  db,
  clientId,
  baseUrl,
  now = new Date(),
}: {
  db: Db;
  /** null lists every workspace's connections (ops CLI only; pages always pass their workspace). */
  clientId: string | null;
  baseUrl: string;
  now?: Date;
}): Promise<ConnectionWithHealth[]> {
  const where: Prisma.ProviderConnectionWhereInput = clientId === null ? {} : { clientId };
  const connections = await findSafeConnections({ db, where, baseUrl });
  if (connections.length === 0) return [];
  const since = new Date(now.getTime() - HEALTH_WINDOW_MS);
  const groups = await db.webhookEvent.groupBy({
    by: ["connectionId", "status"],
    where: { connectionId: { in: connections.map((c) => c.id) }, receivedAt: { gte: since } },
    _count: { _all: true },
  });
  const health = new Map<string, ConnectionHealth>();
  for (const group of groups) {
    if (!group.connectionId) continue;
    const entry = health.get(group.connectionId) ?? { accepted24h: 0, rejected24h: 0 };
    if (group.status === "rejected") entry.rejected24h += group._count._all;
    else entry.accepted24h += group._count._all;
    health.set(group.connectionId, entry);
  }
  return connections.map((c) => ({ ...c, ...(health.get(c.id) ?? { accepted24h: 0, rejected24h: 0 }) }));
}
