// Re-runs stored webhook events through today's parser and the same store code as live
// deliveries (npm run webhooks:replay). Idempotent: an event that already produced its message
// is left untouched; a rejected or ignored one that now parses produces its message (joined, not
// duplicated, if one exists) and flips to processed. Nothing is re-authenticated: only
// authenticated deliveries were ever stored. A raw body cut at the raw cap cannot be replayed.
import type { Provider, WebhookEventStatus } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { webhookAdapters, type WebhookAdapters } from "@/lib/providers/registry";
import type { WebhookHeaders } from "@/lib/providers/webhook-adapter";
import { findConnectionById } from "./find-connection";
import { parseDelivery } from "./parse-delivery";
import { actsOnLead } from "@/lib/providers/webhook-adapter";
import { applyParseResult } from "./store-event";

export type ReplayOptions = {
  db: Db;
  provider: Provider;
  since?: Date | null;
  status?: WebhookEventStatus | null;
  dryRun: boolean;
  now: Date;
  adapters?: WebhookAdapters;
  batchSize?: number;
  log?: (line: string) => void;
};

export type ReplaySummary = {
  examined: number;
  /** Already processed with its message: nothing to do. */
  unchanged: number;
  /** Now processed (a message produced or joined); in a dry run: would be. */
  processed: number;
  rejected: number;
  ignored: number;
  /** Raw body truncated at the raw cap, or its connection gone or disabled. */
  skipped: number;
};

type EventRow = {
  id: string;
  connectionId: string | null;
  dedupeKey: string;
  status: WebhookEventStatus;
  messageId: string | null;
  receivedAt: Date;
  headers: unknown;
  rawBody: string;
  rawBodyBytes: number;
  rawBodyTruncated: boolean;
};

function headersOf(value: unknown): WebhookHeaders {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

export async function replayWebhookEvents(options: ReplayOptions): Promise<ReplaySummary> {
  const { db, provider, dryRun, now } = options;
  const log = options.log ?? (() => undefined);
  const adapter = (options.adapters ?? webhookAdapters)[provider];
  if (!adapter) throw new Error(`${provider} has no webhook adapter to replay through`);
  const summary: ReplaySummary = { examined: 0, unchanged: 0, processed: 0, rejected: 0, ignored: 0, skipped: 0 };
  const batchSize = options.batchSize ?? 100;
  let cursor: { receivedAt: Date; id: string } | null = null;

  for (;;) {
    const rows: EventRow[] = await db.webhookEvent.findMany({
      where: {
        provider,
        ...(options.since ? { receivedAt: { gte: options.since } } : {}),
        ...(options.status ? { status: options.status } : {}),
        ...(cursor
          ? {
              OR: [{ receivedAt: { gt: cursor.receivedAt } }, { receivedAt: cursor.receivedAt, id: { gt: cursor.id } }],
            }
          : {}),
      },
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
      take: batchSize,
      select: {
        id: true,
        connectionId: true,
        dedupeKey: true,
        status: true,
        messageId: true,
        receivedAt: true,
        headers: true,
        rawBody: true,
        rawBodyBytes: true,
        rawBodyTruncated: true,
      },
    });
    if (rows.length === 0) break;
    cursor = { receivedAt: rows.at(-1)!.receivedAt, id: rows.at(-1)!.id };

    for (const event of rows) {
      summary.examined += 1;
      const label = `${event.id} (${event.dedupeKey})`;
      if (event.status === "processed" && event.messageId) {
        summary.unchanged += 1;
        log(`${label}: unchanged (already processed, message ${event.messageId})`);
        continue;
      }
      if (event.rawBodyTruncated) {
        summary.skipped += 1;
        log(
          `${label}: cannot be replayed: raw body was cut at ${Buffer.byteLength(event.rawBody)} of ${event.rawBodyBytes} bytes`,
        );
        continue;
      }
      const connection = await findConnectionById(db, provider, event.connectionId);
      if (!connection) {
        summary.skipped += 1;
        log(`${label}: cannot be replayed: its connection is gone or disabled`);
        continue;
      }
      const result = parseDelivery({
        adapter,
        connection,
        rawBody: event.rawBody,
        headers: headersOf(event.headers),
        receivedAt: event.receivedAt,
      });
      if (dryRun) {
        const status = actsOnLead(result) ? "processed" : result.kind;
        summary[status] += 1;
        log(`${label}: ${event.status} → would be ${status}${result.kind === "message" ? "" : `: ${result.reason}`}`);
        continue;
      }
      const applied = await db.$transaction(
        async (tx) => {
          // Locks the row: two replays of the same event run one after the other.
          const [current] = await tx.$queryRaw<{ status: WebhookEventStatus; messageId: string | null }[]>`
            SELECT "status", "messageId" FROM "WebhookEvent" WHERE "id" = ${event.id}::uuid FOR UPDATE`;
          if (!current || (current.status === "processed" && current.messageId)) return null;
          const outcome = await applyParseResult(tx, { connection, result, eventDedupeKey: event.dedupeKey, now });
          await tx.webhookEvent.update({
            where: { id: event.id },
            data: {
              status: outcome.status,
              reason: outcome.reason,
              messageId: outcome.messageId,
              eventType: result.eventType,
              ...(result.kind === "message" && result.occurredAt ? { occurredAt: result.occurredAt } : {}),
              replayCount: { increment: 1 },
              lastReplayedAt: now,
            },
          });
          return outcome;
        },
        { maxWait: 10_000, timeout: 30_000 },
      );
      if (!applied) {
        summary.unchanged += 1;
        log(`${label}: unchanged (processed meanwhile)`);
        continue;
      }
      const status =
        applied.status === "processed" ? "processed" : applied.status === "ignored" ? "ignored" : "rejected";
      summary[status] += 1;
      const detail = applied.messageId
        ? ` (message ${applied.messageId})`
        : applied.reason
          ? `: ${applied.reason}`
          : "";
      log(`${label}: ${event.status} → ${applied.status}${detail}`);
    }
  }
  return summary;
}
