// The only shape of a connection that leaves lib/connections for a page, an action
// result or a CLI list: every column except the encrypted secrets. Use this `select`
// for every such read; the secrets are read only through CONNECTION_SECRETS_SELECT.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import { webhookUrlFor } from "./webhook-url";

export const SAFE_CONNECTION_SELECT = {
  id: true,
  clientId: true,
  provider: true,
  externalAccountId: true,
  label: true,
  mode: true,
  disabledAt: true,
  apiBaseUrl: true,
  previousSecretValidUntil: true,
  lastEventAt: true,
  lastErrorAt: true,
  lastError: true,
  // Bookings reconciliation health (docs/bookings.md).
  lastReconcileAt: true,
  lastReconcileErrorAt: true,
  lastReconcileError: true,
  // Bookings OAuth: when the access token expires (not a secret; the tokens are never selected).
  oauthAccessExpiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.ProviderConnectionSelect;

export type SafeConnectionRow = Prisma.ProviderConnectionGetPayload<{ select: typeof SAFE_CONNECTION_SELECT }>;

/** A connection as shown to an admin: no secret, only whether one is set. */
export type SafeConnection = SafeConnectionRow & {
  hasWebhookSecret: boolean;
  hasApiKey: boolean;
  /** A booking connection holding an OAuth pair (docs/bookings.md, "Connecting with OAuth"). */
  hasOAuth: boolean;
  webhookUrl: string;
};

/**
 * Reads connections in the safe shape. Whether a secret is set is asked with a `where`
 * (IS NOT NULL), so not even the ciphertext is read into this process for a page.
 */
export async function findSafeConnections({
  db,
  where,
  baseUrl,
}: {
  db: Db;
  where: Prisma.ProviderConnectionWhereInput;
  baseUrl: string;
}): Promise<SafeConnection[]> {
  const [rows, withSecret, withApiKey, withOAuth] = await Promise.all([
    db.providerConnection.findMany({
      where,
      select: SAFE_CONNECTION_SELECT,
      orderBy: [{ disabledAt: { sort: "desc", nulls: "first" } }, { provider: "asc" }, { createdAt: "asc" }],
    }),
    db.providerConnection.findMany({
      where: { AND: [where, { webhookSecretEnc: { not: null } }] },
      select: { id: true },
    }),
    db.providerConnection.findMany({ where: { AND: [where, { apiKeyEnc: { not: null } }] }, select: { id: true } }),
    db.providerConnection.findMany({
      where: { AND: [where, { oauthRefreshTokenEnc: { not: null } }] },
      select: { id: true },
    }),
  ]);
  const secretIds = new Set(withSecret.map((r) => r.id));
  const apiKeyIds = new Set(withApiKey.map((r) => r.id));
  const oauthIds = new Set(withOAuth.map((r) => r.id));
  return rows.map((row) => ({
    ...row,
    hasWebhookSecret: secretIds.has(row.id),
    hasApiKey: apiKeyIds.has(row.id),
    hasOAuth: oauthIds.has(row.id),
    webhookUrl: webhookUrlFor({ baseUrl, provider: row.provider, connectionId: row.id }),
  }));
}

/** One connection of one workspace in the safe shape, or null. */
export async function findSafeConnection({
  db,
  clientId,
  connectionId,
  baseUrl,
}: {
  db: Db;
  clientId: string;
  connectionId: string;
  baseUrl: string;
}): Promise<SafeConnection | null> {
  const [found] = await findSafeConnections({ db, where: { id: connectionId, clientId }, baseUrl });
  return found ?? null;
}
