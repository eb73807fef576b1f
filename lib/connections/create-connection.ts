// Adds a provider account to a workspace. Providers that authenticate webhooks with a
// shared secret get a fresh random one; it is returned here once, in plain text, for
// the admin to paste into the provider, and stored only encrypted.
import { encryptSecret } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";
import { newConnectionSchema, firstIssue } from "./connection-input";
import { generateWebhookSecret, usesWebhookSecret } from "./connection-secrets";
import { accountTakenMessage, WORKSPACE_NOT_FOUND } from "./connection-errors";
import { findSafeConnection, type SafeConnection } from "./safe-connection";
import { isForeignKeyViolation, isUniqueViolation } from "@/lib/db-errors";

export type CreatedConnection = {
  connection: SafeConnection;
  /** Plain text, shown once; null for GoHighLevel (it signs with its own keys). */
  webhookSecret: string | null;
};

export async function createConnection({
  db,
  key,
  clientId,
  input,
  baseUrl,
}: {
  db: Db;
  /** The encryption key (loadEncryptionKey()). */
  key: Buffer;
  clientId: string;
  /** NewConnectionInput, validated here (from a form, the CLI or a script). */
  input: unknown;
  /** Public origin for the webhook URL (resolvePublicBaseUrl). */
  baseUrl: string;
}): Promise<CreatedConnection> {
  if (!UUID_PATTERN.test(clientId)) throw new SafeError(WORKSPACE_NOT_FOUND);
  const parsed = newConnectionSchema.safeParse(input);
  if (!parsed.success) throw new SafeError(firstIssue(parsed.error));
  const { provider, externalAccountId, mode, apiKey, apiBaseUrl, label } = parsed.data;

  const webhookSecret = usesWebhookSecret(provider) ? generateWebhookSecret() : null;
  let id: string;
  try {
    ({ id } = await db.providerConnection.create({
      data: {
        clientId,
        provider,
        externalAccountId,
        mode,
        label: label ?? null,
        webhookSecretEnc: webhookSecret ? encryptSecret(webhookSecret, key) : null,
        apiKeyEnc: apiKey ? encryptSecret(apiKey, key) : null,
        apiBaseUrl: apiBaseUrl ?? null,
      },
      select: { id: true },
    }));
  } catch (error) {
    if (isUniqueViolation(error)) throw new SafeError(accountTakenMessage(provider));
    if (isForeignKeyViolation(error)) throw new SafeError(WORKSPACE_NOT_FOUND);
    throw error;
  }
  const connection = await findSafeConnection({ db, clientId, connectionId: id, baseUrl });
  if (!connection) throw new Error(`connection ${id} vanished right after it was created`);
  return { connection, webhookSecret };
}
