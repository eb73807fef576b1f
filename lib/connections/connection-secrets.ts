// The one place a connection's stored secrets are turned back into plain text, for the
// server-side code that needs them (webhook authentication, provider API calls). The
// result must never be returned to a browser.
import { randomBytes } from "node:crypto";
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { Provider } from "@/lib/generated/prisma/enums";

/** How long the previous webhook secret keeps working after a rotation. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

/** Providers that authenticate webhooks with a shared secret we generate (GHL signs with its own keys). */
export const WEBHOOK_SECRET_PROVIDERS: readonly Provider[] = ["UNIPILE", "SMARTLEAD", "INSTANTLY", "CALENDLY"];

export function usesWebhookSecret(provider: Provider): boolean {
  return WEBHOOK_SECRET_PROVIDERS.includes(provider);
}

/** 32 random bytes, base64url: 256 bits, and safe in a header, a JSON body or a URL. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** The encrypted columns of ProviderConnection (select these, and only on the server). */
export type EncryptedConnectionSecrets = {
  webhookSecretEnc: string | null;
  previousWebhookSecretEnc: string | null;
  previousSecretValidUntil: Date | null;
  apiKeyEnc: string | null;
};

export const CONNECTION_SECRETS_SELECT = {
  webhookSecretEnc: true,
  previousWebhookSecretEnc: true,
  previousSecretValidUntil: true,
  apiKeyEnc: true,
} as const;

export type ConnectionSecrets = {
  /** The current webhook secret first, then the previous one while its grace period lasts. */
  webhookSecrets: string[];
  apiKey: string | null;
};

/**
 * Decrypts a connection's secrets with `key` (loadEncryptionKey()). A value that cannot
 * be decrypted (wrong key, tampered row) throws SecretBoxError: callers fail closed.
 */
export function loadConnectionSecrets(
  connection: EncryptedConnectionSecrets,
  key: Buffer,
  now: Date = new Date(),
): ConnectionSecrets {
  const webhookSecrets: string[] = [];
  if (connection.webhookSecretEnc) webhookSecrets.push(decryptSecret(connection.webhookSecretEnc, key));
  if (
    connection.previousWebhookSecretEnc &&
    connection.previousSecretValidUntil &&
    connection.previousSecretValidUntil.getTime() > now.getTime()
  ) {
    webhookSecrets.push(decryptSecret(connection.previousWebhookSecretEnc, key));
  }
  return { webhookSecrets, apiKey: connection.apiKeyEnc ? decryptSecret(connection.apiKeyEnc, key) : null };
}
