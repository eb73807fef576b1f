// Which connection a delivery is for: the uuid in the URL path (Unipile, SmartLead,
// Instantly) or the account id in the payload (GoHighLevel's locationId). A malformed id, an
// unknown one and a disabled connection all come back null, and the caller answers each the
// same 401, so probing ids reveals nothing. One statement straight on the pool (every delivery
// that misses the cache runs it; a Prisma relation query costs several times its CPU), and
// connection-cache.ts keeps the answers for a few seconds.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Provider } from "@/lib/generated/prisma/enums";
import { pgPoolOf, type Db } from "@/lib/prisma-client";
import type { EncryptedConnectionSecrets } from "@/lib/connections/connection-secrets";
import { UUID_PATTERN } from "@/lib/uuid";

export type ConnectionRecord = EncryptedConnectionSecrets & {
  id: string;
  clientId: string;
  provider: Provider;
  externalAccountId: string;
  mode: "live" | "sandbox";
  /** The workspace's country for phone numbers without a country code. */
  defaultCountry: string;
  /** What the delivery is authenticated against, as the write re-checks it (leadclock_connection_fingerprint). */
  fingerprint: string;
};

async function findEnabled(db: Db, provider: Provider, match: Prisma.Sql): Promise<ConnectionRecord | null> {
  const query = Prisma.sql`
    SELECT pc."id", pc."clientId", pc."provider"::text AS "provider", pc."externalAccountId", pc."mode"::text AS "mode",
      pc."webhookSecretEnc", pc."previousWebhookSecretEnc", pc."previousSecretValidUntil", pc."apiKeyEnc",
      c."defaultCountry", "leadclock_connection_fingerprint"(pc."id") AS "fingerprint"
    FROM "ProviderConnection" pc JOIN "Client" c ON c."id" = pc."clientId"
    WHERE pc."provider" = ${provider}::"Provider" AND ${match} AND pc."disabledAt" IS NULL`;
  const { rows } = await pgPoolOf(db).query<ConnectionRecord>(query.text, query.values);
  return rows[0] ?? null;
}

export async function findConnectionById(
  db: Db,
  provider: Provider,
  id: string | null,
): Promise<ConnectionRecord | null> {
  if (!id || !UUID_PATTERN.test(id)) return null;
  return findEnabled(db, provider, Prisma.sql`pc."id" = ${id}::uuid`);
}

export async function findConnectionByAccount(
  db: Db,
  provider: Provider,
  externalAccountId: string | null,
): Promise<ConnectionRecord | null> {
  if (!externalAccountId) return null;
  return findEnabled(db, provider, Prisma.sql`pc."externalAccountId" = ${externalAccountId}`);
}
