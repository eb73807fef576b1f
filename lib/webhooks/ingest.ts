// The shared webhook pipeline (docs/webhooks.md): raw body (capped) → connection → authenticate →
// parse → one transaction (event, lead, message, jobs) → answer, only after commit. What
// differs per provider is behind its WebhookAdapter; everything here is the same for all.
import { SecretBoxError } from "@/lib/crypto/secret-box";
import { loadConnectionSecrets } from "@/lib/connections/connection-secrets";
import type { Provider } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { webhookAdapters, type WebhookAdapters } from "@/lib/providers/registry";
import type { AuthResult, ParseResult, WebhookAdapter, WebhookHeaders } from "@/lib/providers/webhook-adapter";
import { answerResponse, type WebhookOutcome } from "./answers";
import type { WebhookConfig } from "./config";
import { findConnectionByAccount, findConnectionById, type ConnectionRecord } from "./find-connection";
import { parseDelivery } from "./parse-delivery";
import { storedRawBody } from "./raw-body";
import { lowerCaseHeaders, readBodyWithCap } from "./read-body";
import { storeDelivery } from "./store-event";
import { isTransientDbError, withTransactionRetry } from "./transient";

export type IngestResult = {
  outcome: WebhookOutcome;
  eventId?: string;
  messageId?: string | null;
  /** Why (auth failure, rejection, error): for logs and tests, never sent to the caller. */
  reason?: string | null;
};

export type IngestArgs = {
  request: Request;
  provider: Provider;
  /** The [connectionId] path segment, for path providers. */
  connectionId?: string | null;
  db: Db;
  config: WebhookConfig;
  /** The received time: signature windows, fallback message times, job runAt. */
  now: Date;
  adapters?: WebhookAdapters;
  log?: Pick<Console, "warn" | "error">;
};

/** An adapter that throws while authenticating has not authenticated anything: fail closed, loudly. */
function guarded(run: () => AuthResult, log: Pick<Console, "error">, tag: string): AuthResult {
  try {
    return run();
  } catch (error) {
    if (error instanceof SecretBoxError) {
      // A key mismatch would otherwise look like a provider sending bad secrets.
      log.error(`${tag} ${error.message}`);
      return { ok: false, reason: "connection secret cannot be decrypted" };
    }
    log.error(`${tag} authentication threw (answering 401):`, error);
    return { ok: false, reason: "authentication failed with an error" };
  }
}

async function authenticated(
  args: IngestArgs,
  adapter: WebhookAdapter,
  rawBody: Buffer,
  headers: WebhookHeaders,
): Promise<{ connection: ConnectionRecord | null } | { failure: string }> {
  const { db, provider, config, now } = args;
  const log = args.log ?? console;
  const tag = `[webhooks/${provider.toLowerCase()}]`;
  const accountId = () => guardedAccountId(adapter, rawBody);
  if (adapter.connectionBy === "payload-account" && adapter.authenticateApp) {
    // App-wide keys: verify before touching the database; an unknown account is the same 401.
    const appAuth = adapter.authenticateApp;
    const auth = guarded(() => appAuth({ rawBody, headers, receivedAt: now, config }), log, tag);
    if (!auth.ok) return { failure: auth.reason };
    const account = accountId();
    // Authentic but naming no account (not JSON, no locationId): docs/webhooks.md stores an authentic
    // payload we cannot use as `rejected` and answers 200 — here with no connection to file it under.
    if (account === null) return { connection: null };
    const connection = await findConnectionByAccount(db, provider, account);
    return connection ? { connection } : { failure: "no enabled connection for the payload's account" };
  }
  const connection =
    adapter.connectionBy === "path"
      ? await findConnectionById(db, provider, args.connectionId ?? null)
      : await findConnectionByAccount(db, provider, accountId());
  if (!connection) return { failure: "no enabled connection with that id" };
  const auth = guarded(
    () => {
      const secrets = loadConnectionSecrets(connection, config.encryptionKey, now);
      return adapter.authenticate({
        rawBody,
        headers,
        receivedAt: now,
        config,
        connection: { ...connection, webhookSecrets: secrets.webhookSecrets },
      });
    },
    log,
    `${tag} connection ${connection.id}:`,
  );
  return auth.ok ? { connection } : { failure: auth.reason };
}

function guardedAccountId(adapter: WebhookAdapter, rawBody: Buffer): string | null {
  try {
    return adapter.accountIdOf?.(rawBody.toString("utf8")) ?? null;
  } catch {
    return null;
  }
}

export async function ingestWebhook(args: IngestArgs): Promise<IngestResult> {
  const { provider, config, now, db } = args;
  const log = args.log ?? console;
  const adapter = (args.adapters ?? webhookAdapters)[provider];
  if (!adapter) return { outcome: "not-found", reason: `${provider} has no webhook adapter` };
  const read = await readBodyWithCap(args.request, config.maxBodyBytes);
  if (!read.ok) return { outcome: "too-large", reason: `body over ${config.maxBodyBytes} bytes` };
  const headers = lowerCaseHeaders(args.request.headers);
  const tag = `[webhooks/${provider.toLowerCase()}]`;
  try {
    const auth = await authenticated({ ...args, log }, adapter, read.body, headers);
    if ("failure" in auth) {
      log.warn(`${tag} 401: ${auth.failure}`);
      return { outcome: "unauthorized", reason: auth.failure };
    }
    const { connection } = auth;
    const rawText = read.body.toString("utf8");
    const parsed = parseDelivery({ adapter, connection, rawBody: rawText, headers, receivedAt: now });
    const result: ParseResult =
      connection || parsed.kind !== "message"
        ? parsed
        : { kind: "rejected", eventType: parsed.eventType, dedupeKey: parsed.dedupeKey, reason: "names no account" };
    if (result.kind === "rejected")
      log.warn(`${tag} rejected (${connection?.id ?? "no connection"}): ${result.reason}`);
    const kept = Object.fromEntries(
      adapter.keptHeaders.flatMap((name) => (headers[name] ? [[name, headers[name]]] : [])),
    );
    const raw = storedRawBody(read.body, config.rawBodyCapBytes, adapter.redactRawBody);
    const stored = await withTransactionRetry(() =>
      db.$transaction(
        (tx) => storeDelivery(tx, { provider, connection, result, headers: kept, raw, receivedAt: now }),
        { maxWait: 5_000, timeout: 15_000 },
      ),
    );
    if (stored.outcome === "duplicate") return { outcome: "duplicate" };
    return { outcome: stored.outcome, eventId: stored.eventId, messageId: stored.messageId, reason: stored.reason };
  } catch (error) {
    if (isTransientDbError(error)) {
      log.error(`${tag} database unavailable; answering ${provider === "GHL" ? 429 : 503}:`, error);
      return { outcome: "transient", reason: "database unavailable" };
    }
    // A bug. GoHighLevel does not retry 5xx, so this delivery is lost unless replayed by the provider: log it all.
    log.error(`${tag} unexpected error (answering 500):`, error);
    return { outcome: "error", reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The route-facing entry point: ingest, then answer per the answers table. */
export async function receiveWebhook(args: IngestArgs): Promise<Response> {
  const result = await ingestWebhook(args);
  return answerResponse(result.outcome, args.provider);
}
