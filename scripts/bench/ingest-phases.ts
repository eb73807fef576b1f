// The ingest benchmark's data and its three measured phases' building blocks: the bench
// workspace and its GHL connection, a signed InboundMessage per delivery, and draining
// no-op jobs through the cron route.
import type { KeyObject } from "node:crypto";
import type pg from "pg";
import { signGhlBody, ghlInboundMessage } from "@/lib/webhooks/simulate/ghl-delivery";
import type { LoadRequest } from "./ingest-load";

export const BENCH_LOCATION_ID = "benchLocation0000001";
/** Deliveries cycle through this many contacts: most find their lead, the first of each creates it. */
export const BENCH_CONTACTS = 1_000;

export async function createBenchWorkspace(client: pg.Client): Promise<{ clientId: string; connectionId: string }> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "Client" ("name", "timezone", "updatedAt") VALUES ('Ingest Bench', 'America/New_York', now()) RETURNING "id"`,
  );
  const clientId = rows[0]!.id;
  const connection = await client.query<{ id: string }>(
    `INSERT INTO "ProviderConnection" ("clientId", "provider", "externalAccountId", "mode", "updatedAt")
     VALUES ($1, 'GHL', $2, 'sandbox', now()) RETURNING "id"`,
    [clientId, BENCH_LOCATION_ID],
  );
  return { clientId, connectionId: connection.rows[0]!.id };
}

/** Delivery `index`: an SMS from contact index % BENCH_CONTACTS, fresh ids, signed now. */
export function ghlDeliveryRequest(index: number, privateKey: KeyObject): LoadRequest {
  const contact = index % BENCH_CONTACTS;
  const payload = ghlInboundMessage({
    locationId: BENCH_LOCATION_ID,
    lead: {
      name: `Bench Lead ${contact}`,
      email: null,
      phone: `+1212555${String(contact).padStart(4, "0")}`,
      providerLeadId: `benchContact${String(contact).padStart(8, "0")}`,
      linkedinUrl: null,
    },
    channel: "sms",
    text: `Sounds good, can we talk Thursday at 3pm? (${index})`,
    now: new Date(),
  });
  const body = JSON.stringify(payload);
  return {
    method: "POST",
    path: "/api/webhooks/ghl",
    headers: { "content-type": "application/json", "x-ghl-signature": signGhlBody(body, privateKey) },
    body,
  };
}

type CronAnswer = { success?: boolean; claimed?: number; succeeded?: number; failed?: number; exhausted?: boolean };

export type DrainStats = { elapsedMs: number; calls: number; claimed: number; succeeded: number; failed: number };

/** POSTs the cron route (as Vercel Cron would, one call at a time) until it reports the queue exhausted. */
export async function drainThroughCron(options: { baseUrl: string; cronSecret: string }): Promise<DrainStats> {
  const stats: DrainStats = { elapsedMs: 0, calls: 0, claimed: 0, succeeded: 0, failed: 0 };
  const started = performance.now();
  for (;;) {
    if (stats.calls >= 1_000) throw new Error("the queue did not drain within 1,000 cron calls");
    const response = await fetch(`${options.baseUrl}/api/cron/background-jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${options.cronSecret}` },
    });
    stats.calls++;
    const text = await response.text();
    if (response.status !== 200)
      throw new Error(`/api/cron/background-jobs answered ${response.status}: ${text.slice(0, 300)}`);
    const answer = JSON.parse(text) as CronAnswer;
    stats.claimed += answer.claimed ?? 0;
    stats.succeeded += answer.succeeded ?? 0;
    stats.failed += answer.failed ?? 0;
    if (answer.exhausted === true) break;
  }
  stats.elapsedMs = performance.now() - started;
  return stats;
}
