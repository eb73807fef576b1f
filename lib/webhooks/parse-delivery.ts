// The adapter's parse, as the pipeline and the replay CLI both run it: an adapter that throws
// (a bug) yields a `rejected` event instead of losing an authentic delivery, and a path
// connection's event for another account of the same provider tenant is `ignored`.
import type { ParseResult, WebhookAdapter, WebhookHeaders } from "@/lib/providers/webhook-adapter";
import { sha256Hex } from "./raw-body";

export function parseDelivery(args: {
  adapter: WebhookAdapter;
  connection: { id: string; externalAccountId: string };
  rawBody: string;
  headers: WebhookHeaders;
  receivedAt: Date;
}): ParseResult {
  const { adapter, connection, rawBody } = args;
  let result: ParseResult;
  try {
    result = adapter.parse({ rawBody, headers: args.headers, receivedAt: args.receivedAt });
  } catch (error) {
    const reason = `parser failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
    return { kind: "rejected", eventType: null, dedupeKey: `parse-error:${sha256Hex(rawBody)}`, reason };
  }
  if (adapter.connectionBy !== "path" || !adapter.accountIdOf) return result;
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
