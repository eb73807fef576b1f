// Sets or replaces the API key a connection calls its provider with, and the API base
// URL (another host for tests, staging or a regional endpoint). The key is stored
// encrypted and never read back for display: the page only learns whether one is set.
import { z } from "zod";
import { encryptSecret } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";
import { CONNECTION_NOT_FOUND } from "./connection-errors";
import { apiBaseUrlSchema, apiKeySchema, firstIssue, optional } from "./connection-input";

export const credentialsSchema = z
  .object({
    /** A new key; omitted or blank keeps the stored one. */
    apiKey: optional(apiKeySchema),
    removeApiKey: z.boolean().default(false),
    /** A URL replaces the base URL; "" or null goes back to the provider's default host; omitted keeps it. */
    apiBaseUrl: z.preprocess(
      (value) => (typeof value === "string" && value.trim() === "" ? null : value),
      apiBaseUrlSchema.nullable().optional(),
    ),
  })
  .refine((value) => !(value.apiKey && value.removeApiKey), "Either enter a new API key or remove it, not both.");

export type CredentialsInput = z.input<typeof credentialsSchema>;

export async function setConnectionCredentials({
  db,
  key,
  clientId,
  connectionId,
  input,
}: {
  db: Db;
  key: Buffer;
  clientId: string;
  connectionId: string;
  input: unknown;
}): Promise<{ id: string; hasApiKey: boolean; apiBaseUrl: string | null }> {
  if (!UUID_PATTERN.test(clientId) || !UUID_PATTERN.test(connectionId)) throw new SafeError(CONNECTION_NOT_FOUND);
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) throw new SafeError(firstIssue(parsed.error));
  const { apiKey, removeApiKey, apiBaseUrl } = parsed.data;
  const data: { apiKeyEnc?: string | null; apiBaseUrl?: string | null } = {};
  if (apiKey) data.apiKeyEnc = encryptSecret(apiKey, key);
  else if (removeApiKey) data.apiKeyEnc = null;
  if (apiBaseUrl !== undefined) data.apiBaseUrl = apiBaseUrl;

  // Nothing to change is not an error, but the connection must still be this workspace's.
  const { count } =
    Object.keys(data).length > 0
      ? await db.providerConnection.updateMany({ where: { id: connectionId, clientId }, data })
      : { count: await db.providerConnection.count({ where: { id: connectionId, clientId } }) };
  if (count !== 1) throw new SafeError(CONNECTION_NOT_FOUND);
  const [row, withKey] = await Promise.all([
    db.providerConnection.findFirst({ where: { id: connectionId, clientId }, select: { apiBaseUrl: true } }),
    db.providerConnection.count({ where: { id: connectionId, clientId, apiKeyEnc: { not: null } } }),
  ]);
  if (!row) throw new SafeError(CONNECTION_NOT_FOUND);
  return { id: connectionId, hasApiKey: withKey === 1, apiBaseUrl: row.apiBaseUrl };
}
