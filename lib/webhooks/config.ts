// Everything the webhook pipeline is configured by, resolved once from the environment in the
// route layer (or a script) and passed down: lib never reads process.env (docs/conventions.md).
import { createPublicKey, type KeyObject } from "node:crypto";
import type { WebhookAdapterConfig } from "@/lib/providers/webhook-adapter";
import { GHL_PUBLISHED_ED25519_PUBLIC_KEY, GHL_PUBLISHED_RSA_PUBLIC_KEY } from "@/lib/providers/ghl/public-keys";
import { RAW_BODY_CAP_BYTES } from "./raw-body";
import { MAX_WEBHOOK_BODY_BYTES } from "./read-body";

/** GoHighLevel's documented replay window: a signed `timestamp` further than 5 minutes from now is refused. */
export const SIGNED_TIMESTAMP_TOLERANCE_MS = 5 * 60 * 1000;

export type WebhookConfig = WebhookAdapterConfig & {
  /** Decrypts connection secrets (loadEncryptionKey()). */
  encryptionKey: Buffer;
  /** Hard cap: bodies over it are answered 413 (MAX_WEBHOOK_BODY_BYTES). */
  maxBodyBytes: number;
  /** How much of a raw body WebhookEvent.rawBody keeps (RAW_BODY_CAP_BYTES). */
  rawBodyCapBytes: number;
};

function publicKey(pem: string, type: "ed25519" | "rsa", variable: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== type) throw new Error(`${variable} is a ${key.asymmetricKeyType} key, not ${type}`);
  return key;
}

export function resolveWebhookConfig(source: {
  GHL_WEBHOOK_ED25519_PUBLIC_KEY?: string;
  GHL_WEBHOOK_RSA_PUBLIC_KEY?: string;
  encryptionKey: Buffer;
  maxBodyBytes?: number;
  rawBodyCapBytes?: number;
  timestampToleranceMs?: number;
}): WebhookConfig {
  return {
    ghl: {
      ed25519PublicKey: publicKey(
        source.GHL_WEBHOOK_ED25519_PUBLIC_KEY ?? GHL_PUBLISHED_ED25519_PUBLIC_KEY,
        "ed25519",
        "GHL_WEBHOOK_ED25519_PUBLIC_KEY",
      ),
      rsaPublicKey: publicKey(
        source.GHL_WEBHOOK_RSA_PUBLIC_KEY ?? GHL_PUBLISHED_RSA_PUBLIC_KEY,
        "rsa",
        "GHL_WEBHOOK_RSA_PUBLIC_KEY",
      ),
    },
    timestampToleranceMs: source.timestampToleranceMs ?? SIGNED_TIMESTAMP_TOLERANCE_MS,
    encryptionKey: source.encryptionKey,
    maxBodyBytes: source.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES,
    rawBodyCapBytes: source.rawBodyCapBytes ?? RAW_BODY_CAP_BYTES,
  };
}
