// The adapter's parse, as the pipeline and the replay CLI both run it: an adapter that throws
// (a bug) yields a `rejected` event instead of losing an authentic delivery, a path
// connection's event for another account of the same provider tenant is `ignored`, and U+0000
// is dropped from every parsed string: JSON may carry it ("\u0000") but PostgreSQL text and
// jsonb cannot, so an authentic body with one would otherwise fail its insert (a 500).
import type { ParseResult, WebhookAdapter, WebhookHeaders } from "@/lib/providers/webhook-adapter";
import { sha256Hex } from "./raw-body";

function withoutNul<T>(value: T): T {
  if (typeof value === "string") return (value.includes("\u0000") ? value.replace(/\u0000/g, "") : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutNul(item)])) as T;
}

export function parseDelivery(args: {
  adapter: WebhookAdapter;
  /** null: an authentic GoHighLevel delivery that names no location (stored without a connection). */
  connection: { id: string; externalAccountId: string } | null;
  rawBody: string;
  headers: WebhookHeaders;
  receivedAt: Date;
}): ParseResult {
  const { adapter, connection, rawBody } = args;
  let result: ParseResult;
  try {
    result = withoutNul(adapter.parse({ rawBody, headers: args.headers, receivedAt: args.receivedAt }));
  } catch (error) {
    const reason = `parser failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
    return { kind: "rejected", eventType: null, dedupeKey: `parse-error:${sha256Hex(rawBody)}`, reason };
  }
  if (adapter.connectionBy !== "path" || !adapter.accountIdOf || !connection) return result;
  const account = adapter.accountIdOf(rawBody);
  if (account === null || account === connection.externalAccountId) return result;
  return {
    kind: "ignored",
    eventType: result.eventType,
    // Keyed per connection: the right connection's delivery of the same message must not become its duplicate.
    dedupeKey: `foreign:${connection.id}:${result.dedupeKey}`,
    reason: `event is for account ${account.slice(0, 100)}, not this connection's (${connection.externalAccountId})`,
  };
}
