// An inbound message delivery in ONE statement (docs/webhooks.md "One round trip"): the SQL
// function leadclock_ingest_message_delivery writes the event row (the dedupe point), the lead,
// the message, its post-process job, the event's outcome and the connection's health, as one
// implicit transaction, after checking the (possibly cached) connection is unchanged. The same
// message logic as storeMessage (it calls the same function), without an interactive
// transaction's dozen round trips; under load, deliveries waiting for the database share one
// call and one commit (delivery-batcher.ts, "Group commit"). This is what makes a delivery
// cheap enough for hundreds a second on two cores.
import type pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import { pgPoolOf, type Db } from "@/lib/prisma-client";
import { createDeliveryBatcher, type DeliveryBatcher } from "./delivery-batcher";
import type { ParsedMessage } from "@/lib/providers/webhook-adapter";
import type { StoredRawBody } from "./raw-body";
import type { DeliveryOutcome } from "./store-event";
import { storeMessageArguments, type MessageConnection } from "./store-message";

// One batcher per pool (per server process): deliveries waiting on the database leave together.
const batchers = new WeakMap<pg.Pool, DeliveryBatcher>();

function batcherOf(pool: pg.Pool): DeliveryBatcher {
  let batcher = batchers.get(pool);
  if (!batcher) {
    batcher = createDeliveryBatcher(pool);
    batchers.set(pool, batcher);
  }
  return batcher;
}

/** The server process's group-commit counters for this database client (tests, diagnostics). */
export function deliveryBatchStats(db: Db): DeliveryBatcher["stats"] {
  return batcherOf(pgPoolOf(db)).stats;
}

/** The delivery's outcome, or null when it is not for this path (the caller runs storeDelivery). */
export async function ingestMessageDelivery(
  db: Db,
  args: {
    connection: MessageConnection & { fingerprint: string };
    result: ParsedMessage;
    headers: Record<string, string>;
    raw: StoredRawBody;
    receivedAt: Date;
  },
): Promise<DeliveryOutcome | { outcome: "stale-connection" } | null> {
  const { connection, result, raw, receivedAt } = args;
  const built = storeMessageArguments({
    connection,
    message: result,
    eventDedupeKey: result.dedupeKey,
    now: receivedAt,
  });
  // An identity that does not normalize is stored as a rejected event by the general path.
  if (!("sql" in built)) return null;
  const warnings = result.warnings && result.warnings.length > 0 ? result.warnings.join("; ") : null;
  const event = Prisma.sql`${connection.fingerprint}::text, ${result.dedupeKey}::text, ${result.eventType}::text, ${receivedAt}::timestamptz,
    ${result.occurredAt}::timestamptz, ${JSON.stringify(args.headers)}::jsonb, ${raw.rawBody}::text,
    ${raw.rawBodyBytes}::integer, ${raw.rawBodySha256}::text, ${raw.rawBodyTruncated}::boolean, ${warnings}::text`;
  // Straight on the pool under Prisma (for one statement, Prisma's own work would be most of the
  // CPU), through the pool's batcher: alone when the database is free, else with the others waiting.
  const { values } = Prisma.sql`${event}, ${built.sql}`;
  const row = await batcherOf(pgPoolOf(db)).submit(values);
  if (row.outcome === "duplicate" || row.outcome === "stale-connection") return { outcome: row.outcome };
  return { outcome: row.outcome, eventId: row.event_id!, messageId: row.message_id, reason: row.reason };
}
