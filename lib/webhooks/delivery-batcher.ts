// Group commit for webhook deliveries (docs/webhooks.md "Group commit"). Every inbound message
// delivery is one call of leadclock_ingest_message_delivery; under load, the calls waiting for a
// free slot are sent together as one call of leadclock_ingest_message_deliveries: one round trip,
// one statement and one commit for all of them, which is most of what a delivery costs the
// server's event loop and a good part of what it costs PostgreSQL. A delivery is answered only
// after its batch committed, so an ack still means "stored".
//
// At most `slots` batches are in flight per pool (one per core by default): a delivery that finds
// a free slot goes at once, alone (no added latency when the server is quiet); the ones that
// arrive while every slot is busy wait and leave together when a slot frees. When a batch fails
// (any item's error aborts the whole call, leaving nothing of any item), each of its items runs
// alone, so one bad item or a rare deadlock costs only time and reports only its own error; an
// unreachable database fails them all at once.
import os from "node:os";
import type pg from "pg";
import { isDatabaseUnreachable } from "@/lib/db-errors";

export type DeliveryRow = {
  outcome: "duplicate" | "stored" | "rejected" | "stale-connection";
  event_id: string | null;
  message_id: string | null;
  reason: string | null;
};

/** The most deliveries in one call: beyond this a batch holds its locks for longer than it saves. */
export const MAX_DELIVERY_BATCH = 32;

/** And at most about this many characters of text in one call (big emails go in smaller batches). */
export const MAX_DELIVERY_BATCH_CHARS = 4 * 1024 * 1024;

/** leadclock_ingest_message_delivery's arguments, in order (33 values). */
export type DeliveryArguments = readonly unknown[];

type Waiting = {
  values: DeliveryArguments;
  chars: number;
  resolve: (row: DeliveryRow) => void;
  reject: (error: unknown) => void;
};

// String.prototype.toWellFormed (Node 20+; the TypeScript lib here predates it).
const wellFormed = (text: string): string => (text as string & { toWellFormed(): string }).toWellFormed();

function textLength(values: DeliveryArguments): number {
  let chars = 0;
  for (const value of values) if (typeof value === "string") chars += value.length;
  return chars;
}

const ONE = `SELECT "outcome", "event_id", "message_id", "reason" FROM "leadclock_ingest_message_delivery"(${Array.from(
  { length: 33 },
  (_, i) => `$${i + 1}`,
).join(", ")})`;
const MANY = `SELECT "ordinal", "outcome", "event_id", "message_id", "reason"
  FROM "leadclock_ingest_message_deliveries"($1::jsonb)`;

export type DeliveryBatcher = {
  submit(values: DeliveryArguments): Promise<DeliveryRow>;
  /** Calls and deliveries sent so far (tests, diagnostics). */
  readonly stats: { calls: number; batchedCalls: number; deliveries: number; fallbacks: number };
};

export function createDeliveryBatcher(
  pool: Pick<pg.Pool, "query">,
  options: { slots?: number; maxBatch?: number; maxChars?: number } = {},
): DeliveryBatcher {
  const slots = Math.max(1, options.slots ?? os.availableParallelism());
  const maxBatch = Math.max(1, options.maxBatch ?? MAX_DELIVERY_BATCH);
  const maxChars = options.maxChars ?? MAX_DELIVERY_BATCH_CHARS;
  const queue: Waiting[] = [];
  const stats = { calls: 0, batchedCalls: 0, deliveries: 0, fallbacks: 0 };
  let running = 0;

  async function one(values: DeliveryArguments): Promise<DeliveryRow> {
    stats.calls++;
    const {
      rows: [row],
    } = await pool.query<DeliveryRow>(ONE, values as unknown[]);
    if (!row) throw new Error("leadclock_ingest_message_delivery returned no row");
    return row;
  }

  async function alone(item: Waiting): Promise<void> {
    try {
      item.resolve(await one(item.values));
    } catch (error) {
      item.reject(error);
    }
  }

  async function run(batch: Waiting[]): Promise<void> {
    stats.deliveries += batch.length;
    if (batch.length === 1) return alone(batch[0]!);
    let rows: (DeliveryRow & { ordinal: number })[];
    try {
      stats.calls++;
      stats.batchedCalls++;
      // Dates become ISO strings and SQL NULL JSON null; the function casts each argument back.
      ({ rows } = await pool.query<DeliveryRow & { ordinal: number }>(MANY, [
        // Lone surrogates (a name cut inside an emoji) become U+FFFD, as pg's own encoding makes
        // them on the single path: jsonb refuses them as \u escapes, which would fail the batch.
        JSON.stringify(batch.map((item) => item.values.map((v) => (typeof v === "string" ? wellFormed(v) : v)))),
      ]));
    } catch (error) {
      if (isDatabaseUnreachable(error)) {
        for (const item of batch) item.reject(error);
        return;
      }
      // Nothing of the batch was written: each item alone, one after another (they may be what conflicted).
      stats.fallbacks++;
      for (const item of batch) await alone(item);
      return;
    }
    const byOrdinal = new Map(rows.map((row) => [row.ordinal, row]));
    batch.forEach((item, index) => {
      const row = byOrdinal.get(index + 1);
      if (row) item.resolve(row);
      else item.reject(new Error(`leadclock_ingest_message_deliveries returned no row for item ${index + 1}`));
    });
  }

  function pump(): void {
    while (running < slots && queue.length > 0) {
      // The oldest waiting delivery always goes; then as many as fit.
      let take = 1;
      let chars = queue[0]!.chars;
      while (take < queue.length && take < maxBatch && chars + queue[take]!.chars <= maxChars)
        chars += queue[take++]!.chars;
      const batch = queue.splice(0, take);
      running++;
      void run(batch).finally(() => {
        running--;
        pump();
      });
    }
  }

  return {
    stats,
    submit(values) {
      return new Promise<DeliveryRow>((resolve, reject) => {
        queue.push({ values, chars: textLength(values), resolve, reject });
        pump();
      });
    },
  };
}
