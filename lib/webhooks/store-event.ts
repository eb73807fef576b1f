// One authenticated delivery into the database, in one transaction (docs/webhooks.md). The event row
// goes first with INSERT ... ON CONFLICT (provider, dedupeKey) DO NOTHING: of any number of
// identical deliveries, sequential or concurrent, exactly one inserts it and goes on to write
// the lead, message and jobs; the others wait for its commit, insert nothing and are
// duplicates. A rollback (say the database dropped) leaves no row, so the retry is not a duplicate.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Provider, WebhookEventStatus } from "@/lib/generated/prisma/enums";
import { actsOnLead, type ParseResult } from "@/lib/providers/webhook-adapter";
import { applyAppointmentEvent } from "@/lib/appointments/apply-appointment-event";
import type { StoredRawBody } from "./raw-body";
import { storeMessage, type MessageConnection } from "./store-message";

type Tx = Prisma.TransactionClient;

export type AppliedResult = { status: WebhookEventStatus; reason: string | null; messageId: string | null };

/** Runs a parse result against the database (shared by ingest and replay); writes no event row. */
export async function applyParseResult(
  tx: Tx,
  args: { connection: MessageConnection; result: ParseResult; eventDedupeKey: string; now: Date },
): Promise<AppliedResult> {
  const { result } = args;
  // Bookings (docs/bookings.md): the lead's appointment, in this same transaction.
  if (result.kind === "appointment") return applyAppointmentEvent(tx, { ...args, appointmentEvent: result });
  if (result.kind !== "message") return { status: result.kind, reason: result.reason, messageId: null };
  const stored = await storeMessage(tx, {
    connection: args.connection,
    message: result,
    eventDedupeKey: args.eventDedupeKey,
    now: args.now,
  });
  if (stored.kind === "conflict") return { status: "rejected", reason: stored.reason, messageId: null };
  const reason = result.warnings && result.warnings.length > 0 ? result.warnings.join("; ") : null;
  return { status: "processed", reason, messageId: stored.messageId };
}

/** Connection health: last event (kept to the second, so busy connections do not queue on one row) and last error. */
export async function touchConnection(tx: Tx, connectionId: string, at: Date, error: string | null): Promise<void> {
  if (error) {
    await tx.$executeRaw`
      UPDATE "ProviderConnection" SET "lastEventAt" = GREATEST("lastEventAt", ${at}), "lastErrorAt" = ${at},
        "lastError" = ${error.slice(0, 500)}, "updatedAt" = now()
      WHERE "id" = ${connectionId}::uuid`;
    return;
  }
  await tx.$executeRaw`
    UPDATE "ProviderConnection" SET "lastEventAt" = ${at}, "updatedAt" = now()
    WHERE "id" = ${connectionId}::uuid AND ("lastEventAt" IS NULL OR "lastEventAt" < ${at}::timestamptz - interval '1 second')`;
}

export type DeliveryOutcome =
  | { outcome: "duplicate" }
  | { outcome: "stored" | "ignored" | "rejected"; eventId: string; messageId: string | null; reason: string | null };

export async function storeDelivery(
  tx: Tx,
  args: {
    provider: Provider;
    /** null: an authentic delivery naming no account (GoHighLevel without locationId); never a message. */
    connection: MessageConnection | null;
    result: ParseResult;
    headers: Record<string, string>;
    raw: StoredRawBody;
    receivedAt: Date;
  },
): Promise<DeliveryOutcome> {
  const { provider, connection, result, raw, receivedAt } = args;
  const occurredAt = actsOnLead(result) ? result.occurredAt : null;
  const initial: WebhookEventStatus = actsOnLead(result) ? "processed" : result.kind;
  const initialReason = result.kind === "message" ? null : result.reason;
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "WebhookEvent" ("provider", "connectionId", "clientId", "dedupeKey", "eventType", "receivedAt",
      "occurredAt", "headers", "rawBody", "rawBodyBytes", "rawBodySha256", "rawBodyTruncated", "status", "reason", "updatedAt")
    VALUES (${provider}::"Provider", ${connection?.id ?? null}::uuid, ${connection?.clientId ?? null}::uuid, ${result.dedupeKey},
      ${result.eventType}, ${receivedAt}, ${occurredAt}, ${JSON.stringify(args.headers)}::jsonb, ${raw.rawBody},
      ${raw.rawBodyBytes}, ${raw.rawBodySha256}, ${raw.rawBodyTruncated}, ${initial}::"WebhookEventStatus",
      ${initialReason}, now())
    ON CONFLICT ("provider", "dedupeKey") DO NOTHING
    RETURNING "id"`;
  const eventId = inserted[0]?.id;
  if (!eventId) return { outcome: "duplicate" };

  if (!connection) {
    if (actsOnLead(result)) throw new Error("a message needs a connection");
    return { outcome: result.kind, eventId, messageId: null, reason: result.reason };
  }
  const applied = await applyParseResult(tx, { connection, result, eventDedupeKey: result.dedupeKey, now: receivedAt });
  if (actsOnLead(result)) {
    await tx.$executeRaw`
      UPDATE "WebhookEvent" SET "status" = ${applied.status}::"WebhookEventStatus", "reason" = ${applied.reason},
        "messageId" = ${applied.messageId}::uuid, "updatedAt" = now()
      WHERE "id" = ${eventId}::uuid`;
  }
  // Last: the connection row is the one every delivery of this account shares.
  await touchConnection(tx, connection.id, receivedAt, applied.status === "rejected" ? applied.reason : null);
  const outcome = applied.status === "processed" ? "stored" : applied.status === "ignored" ? "ignored" : "rejected";
  return { outcome, eventId, messageId: applied.messageId, reason: applied.reason };
}
