// Provider secrets at rest: AES-256-GCM with a 32-byte key from LEADCLOCK_ENCRYPTION_KEY.
// Stored form: "v1:<iv>:<tag>:<ciphertext>" (base64url), so a later key or algorithm can
// be told apart. A wrong key or a changed byte fails authentication instead of
// returning garbage.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { localSecret } from "@/lib/dev-db/local-secrets";

const VERSION = "v1";
const IV_BYTES = 12;

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

/** The 32-byte key: the environment's, or on a non-production machine one kept in .data/. */
export function loadEncryptionKey(
  source: { LEADCLOCK_ENCRYPTION_KEY?: string; NODE_ENV?: string } = process.env,
): Buffer {
  const configured = source.LEADCLOCK_ENCRYPTION_KEY?.trim();
  if (configured) return decodeKey(configured);
  if (source.NODE_ENV === "production") {
    throw new SecretBoxError("LEADCLOCK_ENCRYPTION_KEY is required in production (openssl rand -base64 32)");
  }
  return decodeKey(localSecret("encryption"));
}

export function decodeKey(encoded: string): Buffer {
  const key = Buffer.from(encoded, "base64");
  if (key.length !== 32) throw new SecretBoxError("LEADCLOCK_ENCRYPTION_KEY must be 32 bytes in base64");
  return key;
}

export function encryptSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(":");
}

export function decryptSecret(stored: string, key: Buffer): string {
  const [version, iv, tag, ciphertext, ...rest] = stored.split(":");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new SecretBoxError("not a Leadclock secret (expected v1:iv:tag:ciphertext)");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("secret could not be decrypted: wrong LEADCLOCK_ENCRYPTION_KEY or tampered value");
  }
}
