// Signing and sending GoHighLevel deliveries in tests: fresh Ed25519 + RSA key pairs (so any
// fixture body can be signed), the fixture folder's TEST_ONLY keys (for the pre-signed sample),
// a WebhookConfig built from either, and row counts for "nothing half-written" checks.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { Db } from "@/lib/prisma-client";
import { resolveWebhookConfig, type WebhookConfig } from "@/lib/webhooks/config";
import { readProviderFixture } from "./provider-fixtures";

export type GhlTestKeys = { ed25519: KeyObject; rsa: KeyObject; ed25519Pem: string; rsaPem: string };

export function generateGhlTestKeys(): GhlTestKeys {
  const ed = generateKeyPairSync("ed25519");
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    ed25519: ed.privateKey,
    rsa: rsa.privateKey,
    ed25519Pem: ed.publicKey.export({ type: "spki", format: "pem" }).toString(),
    rsaPem: rsa.publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export function ghlConfig(
  publicKeys: { ed25519Pem: string; rsaPem: string },
  encryptionKey = randomBytes(32),
): WebhookConfig {
  return resolveWebhookConfig({
    GHL_WEBHOOK_ED25519_PUBLIC_KEY: publicKeys.ed25519Pem,
    GHL_WEBHOOK_RSA_PUBLIC_KEY: publicKeys.rsaPem,
    encryptionKey,
  });
}

/** The config matching fixtures/gohighlevel/signed/ (signed with the folder's TEST_ONLY keys). */
export function fixtureKeysConfig(): WebhookConfig {
  return ghlConfig({
    ed25519Pem: readProviderFixture("gohighlevel", "signed/TEST_ONLY_ed25519_public.pem"),
    rsaPem: readProviderFixture("gohighlevel", "signed/TEST_ONLY_rsa_public.pem"),
  });
}

export function signGhl(
  body: string | Buffer,
  keys: GhlTestKeys,
  scheme: "ed25519" | "rsa" | "both" = "ed25519",
): Record<string, string> {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (scheme !== "rsa") headers["x-ghl-signature"] = sign(null, bytes, keys.ed25519).toString("base64");
  if (scheme !== "ed25519") headers["x-wh-signature"] = sign("sha256", bytes, keys.rsa).toString("base64");
  return headers;
}

export function ghlRequest(
  body: string | Buffer,
  headers: Record<string, string>,
  url = "http://localhost/api/webhooks/ghl",
) {
  return new Request(url, { method: "POST", headers, body: typeof body === "string" ? body : new Uint8Array(body) });
}

/** A fixture's JSON re-serialized compactly, with fields replaced (e.g. a fresh timestamp). */
export function ghlBody(name: string, patch: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...(JSON.parse(readProviderFixture("gohighlevel", name)) as object), ...patch });
}

/** The instant just after a fixture's own `timestamp` (inside GHL's ±5 min window). */
export function receivedJustAfter(body: string, ms = 1_000): Date {
  const { timestamp } = JSON.parse(body) as { timestamp?: string };
  return new Date(Date.parse(timestamp ?? "2026-10-14T15:00:00Z") + ms);
}

export type RowCounts = { events: number; messages: number; leads: number; jobs: number };

export async function rowCounts(db: Db): Promise<RowCounts> {
  const [events, messages, leads, jobs] = await Promise.all([
    db.webhookEvent.count(),
    db.message.count(),
    db.lead.count(),
    db.backgroundJob.count(),
  ]);
  return { events, messages, leads, jobs };
}
