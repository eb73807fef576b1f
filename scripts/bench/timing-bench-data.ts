// Set-based, reproducible benchmark data for the response-timing processor: every row
// comes from INSERT … SELECT over generate_series, every random choice from
// hashint8extended(index, salt) and every id from md5(kind || index), so the same
// --messages gives the same rows (ids, order, timestamps relative to BENCH_NOW) on
// any machine. The shape follows real workspaces (docs/definitions.md): threads of alternating
// inbound streaks and outbound replies from setters, the AI auto-sender and the system.
import type pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import { chosenDelaySql } from "@/lib/response-timing/derive-sql";
import { corpusPiece, FUNCTIONS_SQL, literal } from "./timing-bench-sql-functions";

/** The fixed "now" of the generated data, so runs are reproducible. */
export const BENCH_NOW = new Date("2026-11-01T12:00:00.000Z");
/** Generated messages span this many days before BENCH_NOW. */
export const BENCH_SPAN_DAYS = 120;

export const BENCH_WORKSPACES = [
  { name: "Bench Northwind", timezone: "America/New_York", aiDelayMinSeconds: 180, aiDelayMaxSeconds: 420 },
  { name: "Bench Brightside", timezone: "Europe/London", aiDelayMinSeconds: 120, aiDelayMaxSeconds: 300 },
] as const;

export type GenerationStep = { step: string; ms: number; rows: number };
export type GenerationResult = { steps: GenerationStep[]; totalMs: number };

/** Client ids are two constants (folded at plan time). */
const CLIENT_ID_SQL = `(ARRAY[bench.mid('client', 0), bench.mid('client', 1)])[client + 1]`;

const ts = (date: Date) => `'${date.toISOString()}'::timestamptz`;

/** Setup rows: 2 workspaces with business hours, 9 users (8 setters/managers + 1 admin in both). */
function setupSql(now: Date): string {
  const at = ts(new Date(now.getTime() - 150 * 86_400_000));
  const clients = BENCH_WORKSPACES.map(
    (w, c) =>
      `(bench.mid('client', ${c}), ${literal(w.name)}, ${literal(w.timezone)}, true, ${w.aiDelayMinSeconds}, ${w.aiDelayMaxSeconds}, ${at}, ${at})`,
  ).join(",\n  ");
  // [client, dayOfWeek, startMinute, endMinute]
  const hours: [number, number, number, number][] = [];
  for (const day of [1, 2, 3, 4, 5]) {
    hours.push([0, day, 9 * 60, 12 * 60], [0, day, 13 * 60, 17 * 60 + 30], [1, day, 8 * 60 + 30, 17 * 60]);
  }
  hours.push([1, 6, 10 * 60, 14 * 60]);
  const hoursValues = hours
    .map(([c, d, s, e], k) => `(bench.mid('hours', ${k}), bench.mid('client', ${c}), ${d}, ${s}, ${e}, ${at})`)
    .join(", ");
  return `
INSERT INTO "Client" ("id", "name", "timezone", "autoSendEnabled", "aiDelayMinSeconds", "aiDelayMaxSeconds", "createdAt", "updatedAt") VALUES
  ${clients};
INSERT INTO "BusinessHours" ("id", "clientId", "dayOfWeek", "startMinute", "endMinute", "createdAt") VALUES ${hoursValues};
INSERT INTO "User" ("id", "name", "email", "emailVerified", "createdAt", "updatedAt")
  SELECT bench.tid('user', k), CASE WHEN k = 8 THEN 'Bench Admin' ELSE 'Bench Setter ' || k END,
         'bench-user-' || k || '@bench.example', true, ${at}, ${at}
    FROM generate_series(0, 8) AS k;
INSERT INTO "ClientMember" ("id", "clientId", "userId", "role", "createdAt", "updatedAt")
  SELECT bench.mid('member', k), bench.mid('client', k / 4), bench.tid('user', k),
         (CASE WHEN k % 4 = 0 THEN 'MANAGER' ELSE 'SETTER' END)::"MemberRole", ${at}, ${at}
    FROM generate_series(0, 7) AS k
  UNION ALL
  SELECT bench.mid('member', 8 + c), bench.mid('client', c), bench.tid('user', 8), 'ADMIN', ${at}, ${at}
    FROM generate_series(0, 1) AS c;`;
}

/**
 * The plan of every thread turn: a turn is an inbound streak (1–3 messages) and the
 * outbound replies after it (0–2). ~10.4 messages per lead on average, so ~N/10 leads.
 */
function turnPlanSql(leadsMax: number): string {
  return `
CREATE UNLOGGED TABLE bench.turn AS
WITH lead AS (
  SELECT i, CASE WHEN bench.u(i, 1) < 0.6 THEN 0 ELSE 1 END AS client,
         bench.u(i, 2) AS uch, bench.u(i, 3) < 0.2 AS two, bench.u(i, 4) AS uch2
    FROM generate_series(0::bigint, ${leadsMax - 1}) AS i
), lead_channel AS (
  -- channels: 0 sms, 1 email, 2 linkedin; workspace 0 is SMS-heavy, workspace 1 email-heavy
  SELECT i, client, two, uch2,
         CASE WHEN client = 0 THEN CASE WHEN uch < 0.5 THEN 0 WHEN uch < 0.85 THEN 1 ELSE 2 END
              ELSE CASE WHEN uch < 0.2 THEN 0 WHEN uch < 0.7 THEN 1 ELSE 2 END END AS ch1
    FROM lead
), thread AS (
  SELECT i * 2 + s AS tid, i, client, CASE WHEN s = 0 THEN ch1 ELSE (ch1 + 1 + floor(uch2 * 2)::int) % 3 END AS ch
    FROM lead_channel, generate_series(0, CASE WHEN two THEN 1 ELSE 0 END) AS s
), thread_shape AS (
  SELECT tid, i, client, ch,
         -- outreach messages before the lead's first reply
         CASE WHEN bench.u(tid, 10) < 0.5 THEN 0 WHEN bench.u(tid, 10) < 0.85 THEN 1 ELSE 2 END AS openers,
         least(12, 1 + floor(-ln(1 - bench.u(tid, 11)) * 2.6))::int AS n_turns,
         bench.u(tid, 12) < 0.25 AS unanswered
    FROM thread
), turn AS (
  SELECT t.tid, t.i, t.client, t.ch, t.openers, j, t.tid * 16 + j AS tk,
         CASE WHEN bench.u(t.tid * 16 + j, 20) < 0.6 THEN 1 WHEN bench.u(t.tid * 16 + j, 20) < 0.9 THEN 2 ELSE 3 END AS n_in,
         CASE WHEN j = t.n_turns - 1 AND t.unanswered THEN 0 WHEN bench.u(t.tid * 16 + j, 21) < 0.85 THEN 1 ELSE 2 END AS n_out
    FROM thread_shape t, generate_series(0, t.n_turns - 1) AS j
)
SELECT turn.*,
       CASE WHEN n_out = 0 THEN NULL
            WHEN bench.u(tk, 22) < CASE WHEN client = 0 THEN 0.45 ELSE 0.25 END THEN 'ai'
            WHEN bench.u(tk, 22) < 0.85 THEN 'setter'
            WHEN bench.u(tk, 22) < 0.92 THEN 'draft_setter'
            ELSE 'system' END AS r1,
       CASE WHEN n_out < 2 THEN NULL WHEN bench.u(tk, 23) < 0.8 THEN 'setter' ELSE 'system' END AS r2,
       -- an unanswered streak whose AI draft was never sent (job canceled, or still pending)
       (n_out = 0 AND bench.u(tk, 24) < 0.3) AS pend,
       (sum(n_in + n_out) OVER (PARTITION BY tid ORDER BY j) - (n_in + n_out))::bigint AS prefix
  FROM turn;`;
}

function threadPlanSql(messages: number): string {
  return `
CREATE UNLOGGED TABLE bench.thread AS
SELECT * FROM (
  SELECT tid, i, bench.mid('lead', i) AS lead_id, client, ch, openers, n_msgs, (sum(n_msgs) OVER (ORDER BY tid) - n_msgs)::bigint AS start
    FROM (SELECT tid, min(i) AS i, min(client) AS client, min(ch) AS ch, min(openers) AS openers,
                 (min(openers) + sum(n_in + n_out))::bigint AS n_msgs
            FROM bench.turn GROUP BY tid) t
) s WHERE start < ${messages};
CREATE UNIQUE INDEX ON bench.thread (tid);`;
}

/** One row per message: kind, the trigger of its draft, the gap to the previous message, sentAt. */
function messagePlanSql(messages: number, now: Date): string {
  const [w0, w1] = BENCH_WORKSPACES;
  const chosen = chosenDelaySql(
    Prisma.raw(`bench.mid('msg', x.dtrig)`),
    Prisma.raw("x.dmin"),
    Prisma.raw("x.dmax"),
  ).sql;
  const span = BENCH_SPAN_DAYS * 86_400;
  return `
CREATE UNLOGGED TABLE bench.msg AS
WITH slot AS (
  SELECT th.tid, th.i, th.lead_id, th.client, th.ch, th.start + k AS gidx, -1 AS j, k, false AS r1pos,
         CASE WHEN bench.u(th.start + k, 30) < 0.6 THEN 'system' ELSE 'setter' END AS kind,
         NULL::bigint AS dtrig, false AS pend, k::bigint AS pos
    FROM bench.thread th, generate_series(0, th.openers - 1) AS k
  UNION ALL
  SELECT th.tid, th.i, th.lead_id, th.client, th.ch, th.start + th.openers + tu.prefix + k, tu.j, k, k = tu.n_in,
         CASE WHEN k < tu.n_in THEN 'in' WHEN k = tu.n_in THEN tu.r1 ELSE tu.r2 END,
         CASE WHEN k = tu.n_in AND tu.r1 IN ('ai', 'draft_setter') THEN th.start + th.openers + tu.prefix + tu.n_in - 1
              WHEN k = tu.n_in - 1 AND tu.pend THEN th.start + th.openers + tu.prefix + k END,
         k = tu.n_in - 1 AND tu.pend,
         th.openers + tu.prefix + k
    FROM bench.turn tu JOIN bench.thread th ON th.tid = tu.tid, generate_series(0, tu.n_in + tu.n_out - 1) AS k
), shaped AS (
  SELECT s.*,
         CASE WHEN s.client = 0 THEN ${w0.aiDelayMinSeconds} ELSE ${w1.aiDelayMinSeconds} END AS dmin,
         CASE WHEN s.client = 0 THEN ${w0.aiDelayMaxSeconds} ELSE ${w1.aiDelayMaxSeconds} END AS dmax,
         bench.u(s.gidx, 31) AS u1, bench.u(s.gidx, 32) AS u2, bench.u(s.gidx, 33) AS u3,
         -- cron lag of the delayed auto-send: usually under a minute, sometimes 5–30 minutes
         CASE WHEN s.kind = 'ai' THEN CASE WHEN bench.u(s.gidx, 34) < 0.05 THEN 300 + floor(bench.u(s.gidx, 35) * 1500)
                                            ELSE floor(bench.u(s.gidx, 35) * 60) END END::int AS lag
    FROM slot s WHERE s.gidx < ${messages}
), timed AS (
  SELECT x.*, d.chosen,
         (CASE
            WHEN x.pos = 0 THEN 0
            WHEN x.j = -1 THEN 2 * 86400 + floor(x.u1 * 2 * 86400)
            WHEN x.kind = 'in' AND x.k = 0 THEN
              CASE WHEN x.u1 < 0.1 THEN 86400 + floor(x.u2 * 9 * 86400) ELSE 30 + floor(-ln(1 - x.u2) * 10800) END
            WHEN x.kind = 'in' THEN CASE WHEN x.u1 < 0.05 THEN 0 ELSE 5 + floor(x.u2 * 600) END
            WHEN x.kind = 'ai' THEN d.chosen + x.lag + 1
            WHEN x.kind = 'draft_setter' THEN 20 + floor(x.u1 * 90)
            WHEN x.kind = 'setter' AND x.r1pos THEN
              CASE WHEN x.u1 < 0.03 THEN 0
                   ELSE least(259200, round(exp(ln(900) + 1.6 * sqrt(-2 * ln(1 - x.u2)) * cos(2 * pi() * x.u3)))) END
            WHEN x.kind = 'setter' THEN 60 + floor(-ln(1 - x.u1) * 3600)
            WHEN x.kind = 'system' AND x.r1pos THEN 2 + floor(x.u1 * 30)
            ELSE 5 + floor(x.u1 * 60)
          END)::bigint AS gap
    FROM shaped x CROSS JOIN LATERAL (SELECT ${chosen} AS chosen) d
), placed AS (
  SELECT t.*, sum(gap) OVER (PARTITION BY tid ORDER BY gidx) AS off, sum(gap) OVER (PARTITION BY tid) AS span
    FROM timed t
)
SELECT p.gidx, p.tid, p.i, p.lead_id, p.client, p.ch, p.kind, p.r1pos, p.dtrig, p.pend, p.chosen, p.lag, p.gap,
       ${ts(now)} - make_interval(secs => p.span + 60 + floor(bench.u(p.tid, 40) * greatest(0, ${span} - p.span)))
                  + make_interval(secs => p.off) AS sent_at
  FROM placed p;`;
}

function leadsSql(): string {
  return `
INSERT INTO "Lead" ("id", "clientId", "name", "email", "phone", "linkedinUrl", "status", "lastInboundAt", "lastOutboundAt",
                    "appointmentBookedAt", "appointmentStatus", "appointmentProvider", "createdAt", "updatedAt")
SELECT bench.mid('lead', i), bench.mid('client', client), 'Bench Lead ' || i,
       CASE WHEN has_email OR bench.u(i, 50) < 0.5 THEN 'lead' || i || '@bench.example' END,
       CASE WHEN has_sms THEN '+1555' || lpad((i % 10000000)::text, 7, '0') END,
       CASE WHEN has_linkedin THEN 'https://www.linkedin.com/in/bench-lead-' || i END,
       (CASE WHEN booked THEN 'MEETING_BOOKED' WHEN s < 0.1 THEN 'NEW' WHEN s < 0.45 THEN 'CONTACTED' WHEN s < 0.85 THEN 'ENGAGED'
             WHEN s < 0.95 THEN 'NOT_INTERESTED' ELSE 'UNQUALIFIED' END)::"LeadStatus",
       last_in, last_out,
       CASE WHEN booked THEN last_at + interval '1 hour' END,
       CASE WHEN booked THEN 'BOOKED'::"AppointmentStatus" END,
       CASE WHEN booked THEN (CASE WHEN client = 0 THEN 'GHL' ELSE 'CALENDLY' END)::"AppointmentProvider" END,
       first_at - interval '1 day', last_at
  FROM (SELECT i, min(client) AS client, bool_or(ch = 0) AS has_sms, bool_or(ch = 1) AS has_email, bool_or(ch = 2) AS has_linkedin,
               max(sent_at) FILTER (WHERE kind = 'in') AS last_in, max(sent_at) FILTER (WHERE kind <> 'in') AS last_out,
               min(sent_at) AS first_at, max(sent_at) AS last_at, bench.u(i, 51) < 0.1 AS booked, bench.u(i, 52) AS s
          FROM bench.msg GROUP BY i) l;`;
}

/** Who pressed send: usually the lead's owner, sometimes a colleague or the admin. */
export const SETTER_SQL = `bench.tid('user', CASE WHEN bench.u(gidx, 62) < 0.03 THEN 8
  WHEN bench.u(gidx, 61) < 0.1 THEN client * 4 + floor(bench.u(gidx, 63) * 4)::int
  ELSE client * 4 + floor(bench.u(i, 60) * 4)::int END)`;

export const CHANNEL_SQL = `(ARRAY['sms', 'email', 'linkedin'])[ch + 1]::"MessageChannel"`;

function messagesSql(): string {
  // Bodies: SMS ~20–320 chars, LinkedIn ~40–440, email ~120–1,320 (plain text, no quoted history).
  return `
INSERT INTO "Message" ("id", "clientId", "leadId", "channel", "direction", "subject", "body", "sentAt", "sentBy", "sentByUserId",
                       "aiDraftId", "webhookDedupeKey", "ghlMessageId", "smartleadMessageId", "unipileMessageId", "createdAt")
SELECT bench.mid('msg', gidx), ${CLIENT_ID_SQL}, lead_id, ${CHANNEL_SQL},
       (CASE WHEN kind = 'in' THEN 'inbound' ELSE 'outbound' END)::"MessageDirection",
       CASE WHEN ch = 1 THEN 'Re: ' || (ARRAY['Quick question', 'Your enquiry', 'Next steps', 'Pricing', 'Following up', 'Meeting'])[1 + floor(bench.u(tid, 70) * 6)::int] END,
       ${corpusPiece(
         "bench.u(gidx, 71)",
         `CASE ch WHEN 0 THEN 20 + floor(bench.u(gidx, 72) ^ 2 * 300) WHEN 1 THEN 120 + floor(bench.u(gidx, 72) * 1200)
                      ELSE 40 + floor(bench.u(gidx, 72) * 400) END`,
       )},
       sent_at,
       (CASE kind WHEN 'in' THEN NULL WHEN 'ai' THEN 'ai' WHEN 'system' THEN 'system' ELSE 'setter' END)::"MessageSender",
       CASE WHEN kind IN ('setter', 'draft_setter') THEN ${SETTER_SQL} END,
       CASE WHEN kind IN ('ai', 'draft_setter') THEN bench.mid('draft', gidx) END,
       CASE WHEN kind = 'in' THEN 'bench-webhook-' || gidx END,
       CASE WHEN ch = 0 THEN 'bench-ghl-' || gidx END,
       CASE WHEN ch = 1 THEN 'bench-smartlead-' || gidx END,
       CASE WHEN ch = 2 THEN 'bench-unipile-' || gidx END,
       sent_at + make_interval(secs => 1 + floor(bench.u(gidx, 73) * 3))
  FROM bench.msg
 ORDER BY sent_at, gidx;`;
}

function draftsSql(): string {
  return `
INSERT INTO "AIDraft" ("id", "clientId", "leadId", "triggerMessageId", "channel", "content", "status", "createdAt", "updatedAt")
SELECT bench.mid('draft', gidx), ${CLIENT_ID_SQL}, lead_id, bench.mid('msg', dtrig), ${CHANNEL_SQL},
       ${corpusPiece("bench.u(gidx, 80)", "60 + floor(bench.u(gidx, 81) * 240)")},
       'SENT', sent_at - make_interval(secs => gap) + interval '4 seconds', sent_at
  FROM bench.msg WHERE kind IN ('ai', 'draft_setter')
UNION ALL
SELECT bench.mid('draft-unsent', gidx), ${CLIENT_ID_SQL}, lead_id, bench.mid('msg', gidx), ${CHANNEL_SQL},
       ${corpusPiece("bench.u(gidx, 80)", "60 + floor(bench.u(gidx, 81) * 240)")},
       (CASE WHEN sent_at + make_interval(secs => chosen) > $1::timestamptz THEN 'PENDING' ELSE 'REJECTED' END)::"AIDraftStatus",
       sent_at + interval '4 seconds', sent_at + interval '4 seconds'
  FROM bench.msg WHERE pend;`;
}

function jobsSql(): string {
  return `
INSERT INTO "BackgroundJob" ("id", "clientId", "leadId", "messageId", "draftId", "type", "status", "runAt", "startedAt", "finishedAt",
                             "attempts", "createdAt", "updatedAt")
-- delayed auto-sends that sent the AI reply
SELECT bench.mid('job', gidx), ${CLIENT_ID_SQL}, lead_id, bench.mid('msg', dtrig), bench.mid('draft', gidx),
       'AI_AUTO_SEND_DELAYED'::"BackgroundJobType", 'SUCCEEDED'::"BackgroundJobStatus",
       sent_at - make_interval(secs => gap - chosen), sent_at - make_interval(secs => gap - chosen - lag), sent_at + interval '400 milliseconds',
       1, sent_at - make_interval(secs => gap) + interval '4 seconds', sent_at + interval '400 milliseconds'
  FROM bench.msg WHERE kind = 'ai'
UNION ALL
-- a setter sent the draft first: the auto-send was canceled
SELECT bench.mid('job', gidx), ${CLIENT_ID_SQL}, lead_id, bench.mid('msg', dtrig), bench.mid('draft', gidx),
       'AI_AUTO_SEND_DELAYED', 'CANCELED', sent_at - make_interval(secs => gap - chosen), NULL, sent_at,
       0, sent_at - make_interval(secs => gap) + interval '4 seconds', sent_at
  FROM bench.msg WHERE kind = 'draft_setter'
UNION ALL
-- unanswered streaks: still scheduled, or canceled
SELECT bench.mid('job-unsent', gidx), ${CLIENT_ID_SQL}, lead_id, bench.mid('msg', gidx), bench.mid('draft-unsent', gidx),
       'AI_AUTO_SEND_DELAYED',
       (CASE WHEN sent_at + make_interval(secs => chosen) > $1::timestamptz THEN 'PENDING' ELSE 'CANCELED' END)::"BackgroundJobStatus",
       sent_at + make_interval(secs => chosen), NULL, NULL, 0, sent_at + interval '4 seconds', sent_at + interval '4 seconds'
  FROM bench.msg WHERE pend
UNION ALL
-- post-processing of every inbound message
SELECT bench.mid('job-inbound', gidx), ${CLIENT_ID_SQL}, lead_id, bench.mid('msg', gidx), NULL,
       ((ARRAY['SMS_INBOUND_POST_PROCESS', 'EMAIL_INBOUND_POST_PROCESS', 'LINKEDIN_INBOUND_POST_PROCESS'])[ch + 1])::"BackgroundJobType",
       'SUCCEEDED', sent_at + interval '2 seconds', sent_at + interval '2 seconds', sent_at + interval '3 seconds',
       1, sent_at + interval '2 seconds', sent_at + interval '3 seconds'
  FROM bench.msg WHERE kind = 'in';`;
}

/**
 * Secondary indexes that the derivation reads: they grow row by row during the load, like
 * production's. Every other secondary index of the loaded tables is dropped for the load
 * and rebuilt after it (a sorted build is several times faster than random inserts).
 */
export const ORGANIC_INDEXES = [
  "Message_leadId_channel_sentAt_idx",
  "Message_aiDraftId_idx",
  "AIDraft_triggerMessageId_channel_key",
  "BackgroundJob_messageId_idx",
] as const;

const LOADED_TABLES = ["Lead", "Message", "AIDraft", "BackgroundJob"] as const;

/** Orphans that the foreign keys would have refused (they are off during generation). */
const INTEGRITY_SQL = `
SELECT (SELECT count(*) FROM "Message" m WHERE NOT EXISTS (SELECT 1 FROM "Lead" l WHERE l."id" = m."leadId"))
     + (SELECT count(*) FROM "Message" m WHERE m."aiDraftId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "AIDraft" d WHERE d."id" = m."aiDraftId"))
     + (SELECT count(*) FROM "Message" m WHERE m."sentByUserId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = m."sentByUserId"))
     + (SELECT count(*) FROM "AIDraft" d WHERE NOT EXISTS (SELECT 1 FROM "Message" m WHERE m."id" = d."triggerMessageId"))
     + (SELECT count(*) FROM "BackgroundJob" j WHERE NOT EXISTS (SELECT 1 FROM "Message" m WHERE m."id" = j."messageId"))
     + (SELECT count(*) FROM "BackgroundJob" j WHERE j."draftId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "AIDraft" d WHERE d."id" = j."draftId"))
  AS orphans`;

/**
 * Generates the data set. Foreign-key checks and the change-capture triggers are off
 * while it runs (session_replication_role = replica; integrity is checked afterwards),
 * and the queue stays empty: the processor's first run seeds it from the lookback window.
 * Secondary indexes outside ORGANIC_INDEXES are rebuilt after the load.
 */
export async function generateBenchData(
  client: pg.Client,
  options: { messages: number; now: Date; log: (line: string) => void },
): Promise<GenerationResult> {
  const { messages, now, log } = options;
  const steps: GenerationStep[] = [];
  const started = performance.now();
  const step = async (name: string, sql: string, params: unknown[] = []): Promise<number> => {
    const t0 = performance.now();
    const result = await client.query(sql, params);
    const results = Array.isArray(result) ? (result as pg.QueryResult[]) : [result];
    const rows = results.reduce((sum, r) => sum + (r.rowCount ?? 0), 0);
    const ms = Math.round(performance.now() - t0);
    steps.push({ step: name, ms, rows });
    log(
      `  ${name.padEnd(34)} ${rows.toLocaleString("en-US").padStart(11)} rows ${(ms / 1000).toFixed(1).padStart(7)} s`,
    );
    return rows;
  };
  await client.query("SET session_replication_role = replica");
  await client.query("SET work_mem = '256MB'");
  await client.query("DROP SCHEMA IF EXISTS bench CASCADE");
  await client.query(FUNCTIONS_SQL);
  await step("workspaces, hours, users, members", setupSql(now));
  // ~10.4 messages per lead: plan 30% more leads than needed, then cut at exactly N messages.
  const leadsMax = Math.ceil(messages / 8) + 100;
  await step("plan: turns", turnPlanSql(leadsMax));
  await step("plan: threads", threadPlanSql(messages));
  await step("plan: messages", messagePlanSql(messages, now));
  const { rows: deferred } = await client.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = ANY ($1::regclass[]) AND NOT i.indisprimary AND c.relname <> ALL ($2::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY c.relname`,
    [LOADED_TABLES.map((t) => `"${t}"`), [...ORGANIC_INDEXES]],
  );
  for (const index of deferred) await client.query(`DROP INDEX "${index.name}"`);
  await step("Lead", leadsSql());
  await step("Message", messagesSql());
  await step("AIDraft", draftsSql(), [now.toISOString()]);
  await step("BackgroundJob", jobsSql(), [now.toISOString()]);
  await client.query("SET maintenance_work_mem = '512MB'");
  const t0 = performance.now();
  for (const index of deferred) await client.query(index.def);
  const indexMs = Math.round(performance.now() - t0);
  steps.push({ step: "rebuild other indexes", ms: indexMs, rows: deferred.length });
  log(
    `  ${`rebuild ${deferred.length} other indexes`.padEnd(34)} ${"".padStart(16)} ${(indexMs / 1000).toFixed(1).padStart(7)} s`,
  );
  await client.query("RESET maintenance_work_mem");
  // Kept for the incremental step: thread → lead, channel.
  await client.query("DROP TABLE bench.turn, bench.msg");
  await client.query("RESET session_replication_role");
  await client.query("RESET work_mem");
  const [integrity] = (await client.query<{ orphans: string }>(INTEGRITY_SQL)).rows;
  if (Number(integrity?.orphans) !== 0)
    throw new Error(`Generated data has ${integrity?.orphans} rows that break a foreign key.`);
  // What --reuse checks before it skips generating: same size, same generator.
  await client.query(`CREATE TABLE bench.meta AS SELECT $1::bigint AS messages, $2::int AS version`, [
    messages,
    GENERATOR_VERSION,
  ]);
  return { steps, totalMs: Math.round(performance.now() - started) };
}

/** Bumped when the generated data changes shape, so an old kept cluster is not reused. */
const GENERATOR_VERSION = 1;

/** Whether this database holds data generated for `messages` by this generator (a kept cluster). */
export async function reusableBenchData(client: pg.Client, messages: number): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>(`SELECT to_regclass('bench.meta') IS NOT NULL AS ok`);
  if (!rows[0]?.ok) return false;
  const { rows: meta } = await client.query<{ messages: string; version: number }>(`SELECT * FROM bench.meta`);
  return Number(meta[0]?.messages) === messages && meta[0]?.version === GENERATOR_VERSION;
}
