// The shared webhook pipeline (docs/webhooks.md): raw body (capped) → connection → authenticate →
// parse → one transaction (event, lead, message, jobs) → answer, only after commit. What
// differs per provider is behind its WebhookAdapter; everything here is the same for all.
import { SecretBoxError } from "@/lib/crypto/secret-box";
import { loadConnectionSecrets } from "@/lib/connections/connection-secrets";
import type { Provider } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { webhookAdapters, type WebhookAdapters } from "@/lib/providers/registry";
import type { AuthResult, ParseResult, WebhookAdapter, WebhookHeaders } from "@/lib/providers/webhook-adapter";
import { actsOnLead } from "@/lib/providers/webhook-adapter";
import { answerResponse, type WebhookOutcome } from "./answers";
import type { WebhookConfig } from "./config";
import type { ConnectionCache } from "./connection-cache";
import { findConnectionByAccount, findConnectionById, type ConnectionRecord } from "./find-connection";
import { parseDelivery } from "./parse-delivery";
import { storedRawBody } from "./raw-body";
import { lowerCaseHeaders, readBodyWithCap } from "./read-body";
import { ingestMessageDelivery } from "./ingest-message-delivery";
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
  /** The route's per-process connection cache (connection-cache.ts); none: every look-up is fresh. */
  connectionCache?: ConnectionCache | null;
};

/**
 * Finds connections through the cache (when given and `readCache`), remembering which answers
 * came from it; a fresh answer always refreshes the cache.
 */
function connectionFinder(db: Db, provider: Provider, cache: ConnectionCache | null, readCache = true) {
  const served: string[] = [];
  return {
    get usedCache() {
      return served.length > 0;
    },
    async find(by: "id" | "account", key: string | null): Promise<ConnectionRecord | null> {
      if (!key) return null;
      const cacheKey = `${by}:${key}`;
      const cached = readCache ? cache?.get(provider, cacheKey) : undefined;
      if (cached) {
        served.push(cacheKey);
        return cached;
      }
      const found =
        by === "id" ? await findConnectionById(db, provider, key) : await findConnectionByAccount(db, provider, key);
      if (found) cache?.set(provider, cacheKey, found);
      else cache?.forget(provider, cacheKey);
      return found;
    },
    forgetServed() {
      for (const key of served) cache?.forget(provider, key);
    },
  };
}

type ConnectionFinder = ReturnType<typeof connectionFinder>;

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
  finder: ConnectionFinder,
): Promise<{ connection: ConnectionRecord | null } | { failure: string }> {
  const { provider, config, now } = args;
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
    const connection = await finder.find("account", account);
    return connection ? { connection } : { failure: "no enabled connection for the payload's account" };
  }
  const connection =
    adapter.connectionBy === "path"
      ? await finder.find("id", args.connectionId ?? null)
      : await finder.find("account", accountId());
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

/** The cached connection changed under us: look it up again and start over. */
const STALE = "stale-connection" as const;

async function ingestAuthentic(
  args: IngestArgs & { log: Pick<Console, "warn" | "error"> },
  adapter: WebhookAdapter,
  body: Buffer,
  headers: WebhookHeaders,
  finder: ConnectionFinder,
): Promise<IngestResult | typeof STALE> {
  const { provider, config, now, db, log } = args;
  const tag = `[webhooks/${provider.toLowerCase()}]`;
  const auth = await authenticated(args, adapter, body, headers, finder);
  if ("failure" in auth) {
    log.warn(`${tag} 401: ${auth.failure}`);
    return { outcome: "unauthorized", reason: auth.failure };
  }
  const { connection } = auth;
  const rawText = body.toString("utf8");
  const parsed = parseDelivery({ adapter, connection, rawBody: rawText, headers, receivedAt: now });
  const result: ParseResult =
    connection || !actsOnLead(parsed)
      ? parsed
      : { kind: "rejected", eventType: parsed.eventType, dedupeKey: parsed.dedupeKey, reason: "names no account" };
  // An inbound message, the common case, is one statement that re-checks a cached connection
  // itself; everything else is one transaction, run only against a freshly read connection.
  const oneStatement = connection && result.kind === "message" && result.direction === "inbound";
  if (!oneStatement && finder.usedCache) return STALE;
  if (result.kind === "rejected") log.warn(`${tag} rejected (${connection?.id ?? "no connection"}): ${result.reason}`);
  const kept = Object.fromEntries(
    adapter.keptHeaders.flatMap((name) => (headers[name] ? [[name, headers[name]]] : [])),
  );
  const raw = storedRawBody(body, config.rawBodyCapBytes, adapter.redactRawBody);
  const delivery = { provider, connection, result, headers: kept, raw, receivedAt: now };
  const stored = await withTransactionRetry(async () => {
    if (connection && result.kind === "message" && oneStatement) {
      const one = await ingestMessageDelivery(db, { ...delivery, connection, result });
      if (one) return one;
      // Not for the one statement after all (an identity that does not normalize): fresh facts first.
      if (finder.usedCache) return { outcome: STALE };
    }
    return db.$transaction((tx) => storeDelivery(tx, delivery), { maxWait: 5_000, timeout: 15_000 });
  });
  if (stored.outcome === STALE) return STALE;
  if (stored.outcome === "duplicate") return { outcome: "duplicate" };
  return { outcome: stored.outcome, eventId: stored.eventId, messageId: stored.messageId, reason: stored.reason };
}

export async function ingestWebhook(args: IngestArgs): Promise<IngestResult> {
  const { provider, config, db } = args;
  const log = args.log ?? console;
  const adapter = (args.adapters ?? webhookAdapters)[provider];
  if (!adapter) return { outcome: "not-found", reason: `${provider} has no webhook adapter` };
  const read = await readBodyWithCap(args.request, config.maxBodyBytes);
  if (!read.ok) return { outcome: "too-large", reason: `body over ${config.maxBodyBytes} bytes` };
  const headers = lowerCaseHeaders(args.request.headers);
  const tag = `[webhooks/${provider.toLowerCase()}]`;
  const cache = args.connectionCache ?? null;
  try {
    const cached = connectionFinder(db, provider, cache);
    const first = await ingestAuthentic({ ...args, log }, adapter, read.body, headers, cached);
    if (first !== STALE) return first;
    // The cached connection changed (disabled, rotated, moved): forget it, read it fresh, redo.
    cached.forgetServed();
    const fresh = await ingestAuthentic(
      { ...args, log },
      adapter,
      read.body,
      headers,
      connectionFinder(db, provider, cache, false),
    );
    if (fresh !== STALE) return fresh;
    // Changed again between our read and our write: let the provider retry in a moment.
    return { outcome: "transient", reason: "the connection changed while the delivery was stored" };
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
