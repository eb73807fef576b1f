// Group commit (docs/webhooks.md "Group commit"): deliveries waiting for the database share one
// call of leadclock_ingest_message_deliveries. Through the real pipeline: many at once are each
// stored exactly once and each ack names its own message; identical ones in one batch are one
// event. Directly on the batcher: a batch answers every item with its own outcome, a failing
// item leaves nothing of its batch and only itself fails, an unreachable database fails every
// item without a second attempt, and two batches locking the same new leads in opposite orders
// do not deadlock (every lock is taken first, in one order).
import { createHash } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { pgPoolOf } from "@/lib/prisma-client";
import { createDeliveryBatcher, type DeliveryArguments, type DeliveryBatcher } from "@/lib/webhooks/delivery-batcher";
import { deliveryBatchStats } from "@/lib/webhooks/ingest-message-delivery";
import { messageDedupeKey } from "@/lib/webhooks/provider-columns";
import { POST_PROCESS_DEDUPE_PREFIX } from "@/lib/webhooks/store-message";
import { ghlIngestHarness } from "../helpers/ghl-ingest-harness";
import { ghlBody, rowCounts } from "../helpers/ghl-webhook-fixtures";

const h = ghlIngestHarness();
const AT = new Date("2026-10-14T15:02:13.000Z");

async function fingerprint(connectionId = h.connectionId): Promise<string> {
  const { rows } = await pgPoolOf(h.db.prisma).query<{ f: string }>(
    `SELECT "leadclock_connection_fingerprint"($1::uuid) AS f`,
    [connectionId],
  );
  return rows[0]!.f;
}

/** leadclock_ingest_message_delivery's 33 arguments for an SMS from `contact`. */
function delivery(options: {
  fingerprint: string;
  key: string;
  contact: number | null;
  text: string;
  connectionId?: string;
  receivedAt?: Date;
}): DeliveryArguments {
  const raw = JSON.stringify({ key: options.key, text: options.text });
  const contact = options.contact;
  return [
    options.fingerprint,
    options.key,
    "InboundMessage",
    options.receivedAt ?? AT,
    null,
    JSON.stringify({ "content-type": "application/json" }),
    raw,
    Buffer.byteLength(raw),
    createHash("sha256").update(raw).digest("hex"),
    false,
    null,
    h.clientId,
    options.connectionId ?? h.connectionId,
    "GHL",
    "sms",
    "inbound",
    null,
    options.text,
    AT,
    false,
    JSON.stringify({ conversationId: `conv-${contact}` }),
    `msg-${options.key}`,
    messageDedupeKey("GHL", options.key),
    contact === null ? null : `contact-${contact}`,
    null,
    contact === null ? null : `+1212555${String(contact).padStart(4, "0")}`,
    contact === null ? null : `Lead ${contact}`,
    null,
    null,
    "SMS_INBOUND_POST_PROCESS",
    AT,
    POST_PROCESS_DEDUPE_PREFIX,
    null,
  ];
}

/**
 * Two batchers on one pool, one slot each, whose batches run at the same time: `submit` sends each
 * batcher's first item (delivery keys `firstKeys`), which goes alone, then the rest, which wait
 * and leave as one batch per batcher. The first items are held (the test owns their delivery-key
 * locks) until everything is queued, then let go at once.
 */
async function concurrentBatches<T>(
  firstKeys: [string, string],
  submit: (left: DeliveryBatcher, right: DeliveryBatcher) => Promise<T>[],
): Promise<{ results: T[]; left: DeliveryBatcher; right: DeliveryBatcher }> {
  const pool = pgPoolOf(h.db.prisma);
  const left = createDeliveryBatcher(pool, { slots: 1 });
  const right = createDeliveryBatcher(pool, { slots: 1 });
  const gate = new pg.Client({ connectionString: h.db.url });
  await gate.connect();
  const keys = firstKeys.map((key) => `webhook-event:GHL:${key}`);
  try {
    await gate.query(`SELECT pg_advisory_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) k`, [keys]);
    const pending = Promise.all(submit(left, right));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gate.query(`SELECT pg_advisory_unlock(hashtextextended(k, 0)) FROM unnest($1::text[]) k`, [keys]);
    return { results: await pending, left, right };
  } finally {
    await gate.end();
  }
}

describe("through the pipeline", () => {
  it("40 deliveries from 8 contacts at once: batched, each stored once, each ack naming its own message", async () => {
    const stats = deliveryBatchStats(h.db.prisma);
    const before = { ...stats };
    const bodies = Array.from({ length: 40 }, (_, i) =>
      ghlBody("InboundMessage.sms.json", {
        contactId: `GroupContact${i % 8}`,
        from: `+1212555${String(100 + (i % 8)).padStart(4, "0")}`,
        messageId: `GroupMsg${String(i).padStart(4, "0")}`,
        webhookId: `group-webhook-${i}`,
        body: `reply number ${i}`,
      }),
    );
    const results = await Promise.all(bodies.map((body) => h.deliver(body)));
    expect(results.every((r) => r.outcome === "stored")).toBe(true);
    expect(stats.batchedCalls).toBeGreaterThan(before.batchedCalls);
    expect(stats.calls - before.calls).toBeLessThan(40);
    expect(stats.fallbacks).toBe(before.fallbacks);
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 40, messages: 40, leads: 8, jobs: 40 });
    const messages = await h.db.prisma.message.findMany({ select: { id: true, body: true } });
    const bodyOf = new Map(messages.map((m) => [m.id, m.body]));
    results.forEach((result, i) => expect(bodyOf.get(result.messageId!)).toBe(`reply number ${i}`));
  });

  it("12 identical deliveries at once: one event, one message, one job; the rest are duplicates", async () => {
    const body = ghlBody("InboundMessage.sms.json");
    const results = await Promise.all(Array.from({ length: 12 }, () => h.deliver(body)));
    expect(results.filter((r) => r.outcome === "stored")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "duplicate")).toHaveLength(11);
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 1, messages: 1, leads: 1, jobs: 1 });
  });
});

describe("the batcher", () => {
  it("one batch answers each item: stored, a duplicate of an earlier item, a stale connection, stored", async () => {
    const f = await fingerprint();
    const batcher = createDeliveryBatcher(pgPoolOf(h.db.prisma), { slots: 1 });
    // The first goes alone (the slot is free); the next four wait for it and leave together.
    const first = batcher.submit(delivery({ fingerprint: f, key: "k0", contact: 1, text: "zero" }));
    const rest = [
      batcher.submit(delivery({ fingerprint: f, key: "k1", contact: 1, text: "one" })),
      batcher.submit(delivery({ fingerprint: f, key: "k1", contact: 1, text: "one again" })),
      batcher.submit(delivery({ fingerprint: "not-the-fingerprint", key: "k2", contact: 2, text: "two" })),
      batcher.submit(delivery({ fingerprint: f, key: "k3", contact: 3, text: "three" })),
    ];
    const rows = [await first, ...(await Promise.all(rest))];
    expect(rows.map((r) => r.outcome)).toEqual(["stored", "stored", "duplicate", "stale-connection", "stored"]);
    expect(batcher.stats).toEqual({ calls: 2, batchedCalls: 1, deliveries: 5, fallbacks: 0 });
    const bodies = await h.db.prisma.message.findMany({ select: { id: true, body: true } });
    const bodyOf = new Map(bodies.map((m) => [m.id, m.body]));
    expect([rows[0], rows[1], rows[4]].map((r) => bodyOf.get(r!.message_id!))).toEqual(["zero", "one", "three"]);
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 3, messages: 3, leads: 2, jobs: 3 });
  });

  it("an item that fails aborts its batch, leaving nothing; then each runs alone and only that one fails", async () => {
    const f = await fingerprint();
    const batcher = createDeliveryBatcher(pgPoolOf(h.db.prisma), { slots: 1 });
    const first = batcher.submit(delivery({ fingerprint: f, key: "a0", contact: 1, text: "zero" }));
    const good1 = batcher.submit(delivery({ fingerprint: f, key: "a1", contact: 1, text: "one" }));
    // No contact id, email or phone: the message function refuses it (an exception, not a row).
    const bad = batcher.submit(delivery({ fingerprint: f, key: "a2", contact: null, text: "nobody" }));
    const good2 = batcher.submit(delivery({ fingerprint: f, key: "a3", contact: 2, text: "two" }));
    await first;
    await expect(bad).rejects.toThrow(/needs a provider contact id, an email or a phone/);
    expect((await good1).outcome).toBe("stored");
    expect((await good2).outcome).toBe("stored");
    expect(batcher.stats).toMatchObject({ batchedCalls: 1, fallbacks: 1, deliveries: 4 });
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 3, messages: 3, leads: 2, jobs: 3 });
    expect(await h.db.prisma.webhookEvent.count({ where: { dedupeKey: "a2" } })).toBe(0);
  });

  it("an unreachable database fails every waiting item at once, without running them again alone", async () => {
    const pool = new pg.Pool({
      connectionString: "postgresql://nobody@127.0.0.1:1/none",
      connectionTimeoutMillis: 2_000,
    });
    pool.on("error", () => undefined);
    try {
      const batcher = createDeliveryBatcher(pool, { slots: 1 });
      const items = ["u0", "u1", "u2", "u3"].map((key) =>
        batcher.submit(delivery({ fingerprint: "f", key, contact: 1, text: key })),
      );
      const settled = await Promise.allSettled(items);
      expect(settled.every((s) => s.status === "rejected")).toBe(true);
      expect(batcher.stats).toEqual({ calls: 2, batchedCalls: 1, deliveries: 4, fallbacks: 0 });
    } finally {
      await pool.end();
    }
  });

  it("two batches creating the same 10 leads in opposite orders: no deadlock, one lead each, every message once", async () => {
    const f = await fingerprint();
    const contacts = Array.from({ length: 10 }, (_, i) => i + 1);
    // Each batcher's first item goes alone and the other ten wait, so each sends a batch of ten.
    const { results, left, right } = await concurrentBatches(["L-first", "R-first"], (left, right) => [
      left.submit(delivery({ fingerprint: f, key: "L-first", contact: 50, text: "l" })),
      right.submit(delivery({ fingerprint: f, key: "R-first", contact: 51, text: "r" })),
      ...contacts.map((c) => left.submit(delivery({ fingerprint: f, key: `L${c}`, contact: c, text: `L${c}` }))),
      ...[...contacts]
        .reverse()
        .map((c) => right.submit(delivery({ fingerprint: f, key: `R${c}`, contact: c, text: `R${c}` }))),
    ]);
    expect(results.every((r) => r.outcome === "stored")).toBe(true);
    expect(left.stats).toMatchObject({ batchedCalls: 1, fallbacks: 0 });
    expect(right.stats).toMatchObject({ batchedCalls: 1, fallbacks: 0 });
    expect(await rowCounts(h.db.prisma)).toEqual({ events: 22, messages: 22, leads: 12, jobs: 22 });
  });

  it("two batches over the same two connections in opposite orders: no deadlock on the connections' rows", async () => {
    const second = await h.db.prisma.providerConnection.create({
      data: { clientId: h.clientId, provider: "GHL", externalAccountId: "SecondLocation000001" },
    });
    const f1 = await fingerprint();
    const f2 = await fingerprint(second.id);
    // Each connection's last event an hour old, so the first of its items in each batch updates its row.
    const early = new Date(AT.getTime() - 3_600_000);
    const item = (key: string, contact: number, connection: 1 | 2) =>
      delivery({
        fingerprint: connection === 1 ? f1 : f2,
        connectionId: connection === 1 ? h.connectionId : second.id,
        key,
        contact,
        text: key,
      });
    // Disjoint leads (no shared identity lock): only the connections' rows are shared.
    const { results, left, right } = await concurrentBatches(["CL-first", "CR-first"], (left, right) => [
      left.submit(delivery({ fingerprint: f1, key: "CL-first", contact: 60, text: "l", receivedAt: early })),
      right.submit(delivery({ fingerprint: f1, key: "CR-first", contact: 61, text: "r", receivedAt: early })),
      ...[1, 2, 3].map((c) => left.submit(item(`CL1-${c}`, c, 1))),
      ...[1, 2, 3].map((c) => left.submit(item(`CL2-${c}`, c, 2))),
      ...[11, 12, 13].map((c) => right.submit(item(`CR2-${c}`, c, 2))),
      ...[11, 12, 13].map((c) => right.submit(item(`CR1-${c}`, c, 1))),
    ]);
    await h.db.prisma.providerConnection.delete({ where: { id: second.id } });
    expect(results.every((r) => r.outcome === "stored")).toBe(true);
    expect(left.stats).toMatchObject({ batchedCalls: 1, fallbacks: 0 });
    expect(right.stats).toMatchObject({ batchedCalls: 1, fallbacks: 0 });
  });

  it("a lone surrogate in a text (a name cut inside an emoji) is stored as U+FFFD in a batch, as it is alone", async () => {
    const f = await fingerprint();
    const batcher = createDeliveryBatcher(pgPoolOf(h.db.prisma), { slots: 1 });
    const first = batcher.submit(delivery({ fingerprint: f, key: "s0", contact: 1, text: "zero" }));
    const cut = batcher.submit(delivery({ fingerprint: f, key: "s1", contact: 2, text: "hi \ud83d" }));
    const other = batcher.submit(delivery({ fingerprint: f, key: "s2", contact: 3, text: "two" }));
    await first;
    const row = await cut;
    expect((await other).outcome).toBe("stored");
    expect(batcher.stats).toMatchObject({ batchedCalls: 1, fallbacks: 0 });
    const message = await h.db.prisma.message.findUniqueOrThrow({ where: { id: row.message_id! } });
    expect(message.body).toBe("hi \ufffd");
  });

  it("refuses anything but a JSON array of argument arrays", async () => {
    await expect(
      pgPoolOf(h.db.prisma).query(`SELECT * FROM "leadclock_ingest_message_deliveries"('{"a": 1}'::jsonb)`),
    ).rejects.toThrow(/needs a JSON array/);
  });
});
