// A new webhook secret for a connection. The old one keeps working for 24 hours, so
// deliveries already in flight, and a provider not yet updated, are not refused while
// the admin pastes the new one in. Rotating again within that window retires the older
// secret at once: only the current and the one before it are ever valid.
import { encryptSecret } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";
import { generateWebhookSecret, PREVIOUS_SECRET_GRACE_MS } from "./connection-secrets";
import { CONNECTION_NOT_FOUND } from "./connection-errors";
import { findSafeConnection, type SafeConnection } from "./safe-connection";

export type RotatedSecret = { connection: SafeConnection; webhookSecret: string; previousValidUntil: Date };

export async function rotateWebhookSecret({
  db,
  key,
  clientId,
  connectionId,
  baseUrl,
  now = new Date(),
}: {
  db: Db;
  key: Buffer;
  /** The workspace the connection must belong to (tenancy is in the WHERE clause). */
  clientId: string;
  connectionId: string;
  baseUrl: string;
  now?: Date;
}): Promise<RotatedSecret> {
  if (!UUID_PATTERN.test(clientId) || !UUID_PATTERN.test(connectionId)) throw new SafeError(CONNECTION_NOT_FOUND);
  const current = await db.providerConnection.findFirst({
    where: { id: connectionId, clientId },
    select: { provider: true, disabledAt: true },
  });
  if (!current) throw new SafeError(CONNECTION_NOT_FOUND);
  if (current.provider === "GHL") {
    throw new SafeError("GoHighLevel signs its webhooks with its own keys: there is no secret to rotate.");
  }
  if (current.disabledAt) throw new SafeError("This connection is disabled. Enable it before rotating its secret.");

  const webhookSecret = generateWebhookSecret();
  const previousValidUntil = new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS);
  // One statement, so two rotations at once serialize on the row: the second keeps the
  // first one's new secret as its previous one, and no secret an admin was shown is lost.
  const updated = await db.$executeRaw`
    UPDATE "ProviderConnection"
       SET "previousWebhookSecretEnc" = "webhookSecretEnc",
           "previousSecretValidUntil" = CASE WHEN "webhookSecretEnc" IS NULL THEN NULL ELSE ${previousValidUntil}::timestamptz END,
           "webhookSecretEnc" = ${encryptSecret(webhookSecret, key)},
           "updatedAt" = ${now}::timestamptz
     WHERE "id" = ${connectionId}::uuid AND "clientId" = ${clientId}::uuid
       AND "provider" <> 'GHL' AND "disabledAt" IS NULL`;
  if (updated !== 1) throw new SafeError(CONNECTION_NOT_FOUND);
  const connection = await findSafeConnection({ db, clientId, connectionId, baseUrl });
  if (!connection) throw new SafeError(CONNECTION_NOT_FOUND);
  return { connection, webhookSecret, previousValidUntil };
}
