// Calling the real webhook route handlers (app/api/webhooks/<provider>/[connectionId]/route.ts)
// on a test database: the environment the app reads on first use, a connection row with known
// secrets, a POST, and the row counts that prove what a delivery wrote (or did not).
import { randomBytes } from "node:crypto";
import { encryptSecret } from "@/lib/crypto/secret-box";
import type { Provider } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import type { TestDatabase } from "./test-database";

type ConnectionRoute = {
  POST: (request: Request, context: { params: Promise<{ connectionId: string }> }) => Promise<Response>;
};

/** Points lib/env.ts and lib/db.ts at `db` (call before importing a route). Returns the encryption key. */
export function useWebhookTestEnvironment(db: TestDatabase): Buffer {
  const key = randomBytes(32);
  process.env.DATABASE_URL = db.url;
  process.env.BETTER_AUTH_SECRET = "test-secret-that-is-long-enough-0123456789";
  process.env.LEADCLOCK_ENCRYPTION_KEY = key.toString("base64");
  return key;
}

export async function createSecretConnection(
  prisma: Db,
  key: Buffer,
  args: {
    clientId: string;
    provider: Provider;
    externalAccountId: string;
    secret: string;
    previousSecret?: string;
    previousValidUntil?: Date;
  },
) {
  return prisma.providerConnection.create({
    data: {
      clientId: args.clientId,
      provider: args.provider,
      externalAccountId: args.externalAccountId,
      mode: "sandbox",
      webhookSecretEnc: encryptSecret(args.secret, key),
      previousWebhookSecretEnc: args.previousSecret ? encryptSecret(args.previousSecret, key) : null,
      previousSecretValidUntil: args.previousValidUntil ?? null,
    },
  });
}

export async function postWebhook(
  route: ConnectionRoute,
  path: string,
  connectionId: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const request = new Request(`http://localhost${path}/${connectionId}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const response = await route.POST(request, { params: Promise.resolve({ connectionId }) });
  return { status: response.status, json: await response.json() };
}

/** How many rows a delivery can write, per table. */
export async function ingestCounts(prisma: Db) {
  const [events, messages, leads, jobs] = await Promise.all([
    prisma.webhookEvent.count(),
    prisma.message.count(),
    prisma.lead.count(),
    prisma.backgroundJob.count(),
  ]);
  return { events, messages, leads, jobs };
}

/** Empties what deliveries write (workspaces, users and connections stay), so each test starts clean. */
export async function clearIngested(db: TestDatabase): Promise<void> {
  await db.query(`TRUNCATE "WebhookEvent", "BackgroundJob", "AIDraft", "Message", "Lead" CASCADE`);
  await db.query(`UPDATE "ProviderConnection" SET "lastEventAt" = NULL, "lastErrorAt" = NULL, "lastError" = NULL`);
}

export async function closeAppDatabase(): Promise<void> {
  const { db } = await import("@/lib/db");
  await db.$disconnect();
}
