// The ingest benchmark's auto-send phase (issue 9 §5): 5,000 delayed auto-sends falling due
// within one minute, spread over 50 live connections of the four providers, against the fake
// provider server (tests/helpers/fake-provider-server.ts, answering in 20 ms), drained by the
// cron route. Reports sends/s, the p95 lag from runAt to sent (target < 90 s), the highest
// request rate any connection reached against its provider's limit (measured where the
// provider would: the fake server's arrival times) and an exactly-once check.
//
// Spread: sends follow each provider's capacity, as real volume does. LinkedIn accounts are
// paced at 1 send a minute (Unipile's advice), so each gets one; SmartLead keys (60 / minute)
// get 50 each; GoHighLevel locations (100 / 10 s) and Instantly workspaces (100 / s) share the
// rest. Per-provider numbers are printed too.
import type pg from "pg";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { widenedWindowMs, sendLimitsFor } from "@/lib/delivery/rate-budget";
import type { SendProvider } from "@/lib/providers/send-adapter";
import { startFakeProviderServer, type RecordedRequest } from "../../tests/helpers/fake-provider-server";

export const AUTO_SEND_TARGET_P95_LAG_MS = 90_000;

const PLAN: { provider: SendProvider; connections: number; sendsEach: number | null }[] = [
  { provider: "UNIPILE", connections: 4, sendsEach: 1 },
  { provider: "SMARTLEAD", connections: 14, sendsEach: 50 },
  { provider: "GHL", connections: 16, sendsEach: null },
  { provider: "INSTANTLY", connections: 16, sendsEach: null },
];
const CHANNEL: Record<SendProvider, string> = {
  GHL: "sms",
  SMARTLEAD: "email",
  INSTANTLY: "email",
  UNIPILE: "linkedin",
};

function contextSql(provider: SendProvider): string {
  // c = connection index, i = send index: both readable back from the request the fake receives.
  switch (provider) {
    case "GHL":
      return `jsonb_build_object('contactId', 'contact-' || c || '-' || i)`;
    case "SMARTLEAD":
      return `jsonb_build_object('campaignId', 1000 + c, 'statsId', 'stats-' || c || '-' || i)`;
    case "INSTANTLY":
      return `jsonb_build_object('emailId', 'email-' || c || '-' || i, 'emailAccount', 'sales-' || c || '@bench.example')`;
    case "UNIPILE":
      return `jsonb_build_object('chatId', 'chat-' || c || '-' || i, 'accountId', 'acc-' || c)`;
  }
}

/** The connection index a request was for (see contextSql). */
function connectionOf(request: RecordedRequest): string | null {
  const body = request.body ?? {};
  const text =
    request.provider === "GHL"
      ? body.contactId
      : request.provider === "SMARTLEAD"
        ? body.email_stats_id
        : request.provider === "INSTANTLY"
          ? String(body.eaccount ?? "").replace(/^sales-(\d+)@.*/, "x-$1-")
          : request.pathId;
  const match = /-(\d+)-/.exec(String(text ?? ""));
  return match ? `${request.provider}:${match[1]}` : null;
}

function densest(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export type AutoSendPhase = {
  lines: string[];
  problems: string[];
  pass: boolean;
  sendsPerSecond: number;
  p95LagMs: number;
};

export async function runAutoSendPhase(args: {
  client: pg.Client;
  clientId: string;
  baseUrl: string;
  cronSecret: string;
  /** The server's LEADCLOCK_ENCRYPTION_KEY (the connections' API keys are encrypted with it). */
  encryptionKey: Buffer;
  total?: number;
  /** Instead of POSTing the cron route: one queue run in this process (a measurement without a build). */
  drainOnce?: () => Promise<void>;
  log: (line: string) => void;
}): Promise<AutoSendPhase> {
  const { client, clientId, log } = args;
  const total = args.total ?? 5_000;
  const fake = await startFakeProviderServer({ uniqueIds: true });
  fake.latencyMs = 20;
  try {
    const fixed = PLAN.reduce((n, p) => n + (p.sendsEach ?? 0) * p.connections, 0);
    const shared = PLAN.filter((p) => p.sendsEach === null).reduce((n, p) => n + p.connections, 0);
    const start = Date.now() + 15_000; // time to seed; due times spread over the following minute
    let c = 0;
    let offset = 0;
    let sharedIndex = 0;
    for (const plan of PLAN) {
      for (let k = 0; k < plan.connections; k++, c++) {
        const each =
          plan.sendsEach ?? Math.floor((total - fixed) / shared) + (sharedIndex++ < (total - fixed) % shared ? 1 : 0);
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO "ProviderConnection" ("clientId", "provider", "externalAccountId", "mode", "apiKeyEnc", "apiBaseUrl", "updatedAt")
           VALUES ($1, $2::"Provider", $3, 'live', $4, $5, now()) RETURNING "id"`,
          [
            clientId,
            plan.provider,
            `bench-${plan.provider}-${c}`,
            encryptSecret(fake.apiKey, args.encryptionKey),
            fake.baseUrl,
          ],
        );
        // One statement per table for this connection's sends: lead, inbound, draft, job.
        await client.query(
          `WITH s AS (SELECT g AS i, ${c} AS c, gen_random_uuid() AS lead, gen_random_uuid() AS msg, gen_random_uuid() AS draft,
                        to_timestamp(($4::bigint + ((g + $5::int) * 60000 / $6::int))::double precision / 1000) AS run_at
                        FROM generate_series(1, $3::int) g),
                l AS (INSERT INTO "Lead" ("id", "clientId", "name", "email", "updatedAt")
                      SELECT lead, $1::uuid, 'Bench ' || c || '-' || i, 'bench-' || c || '-' || i || '@example.org', now() FROM s),
                m AS (INSERT INTO "Message" ("id", "clientId", "leadId", "channel", "direction", "subject", "body", "sentAt", "connectionId", "providerContext")
                      SELECT msg, $1::uuid, lead, $7::"MessageChannel", 'inbound', 'Quick question', 'Tell me more', run_at - interval '5 minutes',
                             $2::uuid, ${contextSql(plan.provider)} FROM s),
                d AS (INSERT INTO "AIDraft" ("id", "clientId", "leadId", "triggerMessageId", "channel", "content", "updatedAt")
                      SELECT draft, $1::uuid, lead, msg, $7::"MessageChannel", 'Bench reply ' || c || '-' || i, now() FROM s)
           INSERT INTO "BackgroundJob" ("clientId", "leadId", "messageId", "draftId", "type", "runAt", "dedupeKey", "updatedAt")
           SELECT $1::uuid, lead, msg, draft, 'AI_AUTO_SEND_DELAYED', run_at, 'bench-auto-send:' || draft, now() FROM s`,
          [clientId, rows[0]!.id, each, start, offset, total, CHANNEL[plan.provider]],
        );
        offset += each;
      }
    }
    log(
      `Auto-send: ${offset.toLocaleString("en-US")} sends due over one minute on ${c} connections; draining via the cron route…`,
    );
    while (Date.now() < start) await new Promise((r) => setTimeout(r, 200));

    const started = performance.now();
    const cron = async () => {
      for (;;) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "BackgroundJob" WHERE "type" = 'AI_AUTO_SEND_DELAYED' AND "status" IN ('PENDING', 'RUNNING')`,
        );
        if (rows[0]!.n === 0 || performance.now() - started > 600_000) return;
        if (args.drainOnce) {
          await args.drainOnce();
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        const response = await fetch(`${args.baseUrl}/api/cron/background-jobs`, {
          method: "POST",
          headers: { authorization: `Bearer ${args.cronSecret}` },
        });
        await response.text();
        if (response.status !== 200) await new Promise((r) => setTimeout(r, 500));
      }
    };
    // Two overlapping cron callers, as a per-minute cron with long runs would overlap.
    await Promise.all([cron(), cron()]);
    const elapsedMs = performance.now() - started;

    const { rows: lagRows } = await client.query<{ provider: string; lag: number }>(
      `SELECT pc."provider"::text AS provider, extract(epoch FROM (m."sentAt" - j."runAt")) * 1000 AS lag
         FROM "BackgroundJob" j JOIN "Message" m ON m."aiDraftId" = j."draftId" AND m."sentBy" = 'ai'
         JOIN "ProviderConnection" pc ON pc."id" = m."connectionId"
        WHERE j."type" = 'AI_AUTO_SEND_DELAYED' AND j."dedupeKey" LIKE 'bench-auto-send:%'`,
    );
    const { rows: counts } = await client.query<{ messages: number; sends: number; jobs: number }>(
      `SELECT (SELECT count(*)::int FROM "Message" WHERE "sentBy" = 'ai') AS messages,
              (SELECT count(*)::int FROM "OutboundSend" WHERE "status" = 'sent') AS sends,
              (SELECT count(*)::int FROM "BackgroundJob" WHERE "dedupeKey" LIKE 'bench-auto-send:%' AND "status" = 'SUCCEEDED') AS jobs`,
    );
    const lags = lagRows.map((r) => Number(r.lag)).sort((a, b) => a - b);
    const p95 = pct(lags, 0.95);
    const texts = new Set(fake.accepted.map((a) => JSON.stringify(a.request.body)));
    const problems: string[] = [];
    const { messages, sends, jobs } = counts[0]!;
    if (
      fake.accepted.length !== offset ||
      texts.size !== offset ||
      messages !== offset ||
      sends !== offset ||
      jobs !== offset
    )
      problems.push(
        `exactly once: expected ${offset} of each, got ${fake.accepted.length} provider sends (${texts.size} distinct), ${messages} messages, ${sends} sent sends, ${jobs} succeeded jobs`,
      );

    const byConnection = new Map<string, number[]>();
    for (const request of fake.requests) {
      const key = connectionOf(request);
      if (key) byConnection.set(key, [...(byConnection.get(key) ?? []), request.receivedAt]);
    }
    let worst = { ratio: 0, text: "none" };
    for (const [key, times] of byConnection) {
      for (const limit of sendLimitsFor(key.split(":")[0] as SendProvider)) {
        const seen = densest(times, limit.windowMs);
        const ratio = seen / limit.requests;
        if (ratio > worst.ratio)
          worst = { ratio, text: `${key}: ${seen} in ${limit.windowMs / 1000} s (limit ${limit.requests})` };
      }
    }
    const rateOk = worst.ratio <= 1;
    const lagOk = p95 < AUTO_SEND_TARGET_P95_LAG_MS;
    const perSecond = (fake.accepted.length / elapsedMs) * 1000;
    const lines = [
      `\nAuto-send (${offset.toLocaleString("en-US")} due within 1 minute, ${c} connections, provider answers in 20 ms):`,
      `  ${perSecond.toFixed(1)} sends/s over ${(elapsedMs / 1000).toFixed(1)} s; lag runAt→sent p50 ${(pct(lags, 0.5) / 1000).toFixed(1)} s, p95 ${(p95 / 1000).toFixed(1)} s, max ${((lags.at(-1) ?? 0) / 1000).toFixed(1)} s — ${lagOk ? "PASS" : "FAIL"} (target p95 < 90 s)`,
      ...PLAN.map((p) => {
        const own = lagRows
          .filter((r) => r.provider === p.provider)
          .map((r) => Number(r.lag))
          .sort((a, b) => a - b);
        return `    ${p.provider.padEnd(9)} ${String(own.length).padStart(5)} sends, p95 lag ${(pct(own, 0.95) / 1000).toFixed(1)} s`;
      }),
      `  highest per-connection rate: ${worst.text} (${(worst.ratio * 100).toFixed(0)} % of the limit; the budget's windows are widened to ${widenedWindowMs(1000)} ms per 1 s) — ${rateOk ? "PASS" : "FAIL"}`,
      `  exactly once: ${problems.length === 0 ? "PASS" : "FAIL"} (${fake.accepted.length} provider sends, ${messages} messages)`,
    ];
    return {
      lines,
      problems,
      pass: lagOk && rateOk && problems.length === 0,
      sendsPerSecond: perSecond,
      p95LagMs: p95,
    };
  } finally {
    await fake.close();
  }
}
