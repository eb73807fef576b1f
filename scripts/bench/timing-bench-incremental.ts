// The "one cron interval" of new data for the incremental measurement: 1,000 messages
// written the way the app writes them (foreign keys and change-capture triggers on),
// in one transaction. Deterministic like the generated data (bench.thread, bench.u).
import type pg from "pg";
import { CHANNEL_SQL, SETTER_SQL } from "./timing-bench-data";
import { corpusPiece } from "./timing-bench-sql-functions";

export const INCREMENTAL_MESSAGES = 1000;

export type IncrementalResult = {
  messages: number;
  threads: number;
  newLeads: number;
  lateArrivals: number;
  aiReplies: number;
  queueRows: number;
  insertMs: number;
};

/**
 * Groups (1,000 messages, 775 threads when the data set has enough threads):
 *  A 400 existing threads, 1 message: a reply (setter, or AI with draft and job) when the
 *    thread ends with an inbound, otherwise a new inbound;
 *  B 125 existing threads, an inbound and a setter reply;
 *  C 50 late arrivals: an inbound whose sentAt is 1 s after an old message of its thread;
 *  E 100 new threads of existing single-channel leads on another channel, 1 inbound;
 *  D the rest (200 messages): new leads, each a new thread with an inbound and a setter reply.
 * A small data set (fewer than 675 threads, e.g. --messages 1000) gets A, B, C and E scaled
 * to the threads it has and more new leads in D, so it is still 1,000 messages.
 */
const GROUPS = { a: 400, b: 125, c: 50, e: 100 } as const;

function groupSizes(threads: number) {
  const wanted = GROUPS.a + GROUPS.b + GROUPS.c + GROUPS.e;
  const scale = Math.min(1, threads / wanted);
  return {
    a: Math.floor(GROUPS.a * scale),
    b: Math.floor(GROUPS.b * scale),
    c: Math.floor(GROUPS.c * scale),
    e: Math.floor(GROUPS.e * scale),
  };
}

function pickSql(messages: number): string {
  return `
DROP TABLE IF EXISTS bench.inc_pick;
CREATE UNLOGGED TABLE bench.inc_pick AS
  SELECT th.*, row_number() OVER (ORDER BY bench.u(th.tid, 90), th.tid) AS rn, count(*) OVER (PARTITION BY th.i) AS lead_threads
    FROM bench.thread th WHERE th.start + th.n_msgs <= ${messages};`;
}

function planSql(now: Date, { a, b, c, e }: ReturnType<typeof groupSizes>): string {
  const at = (secondsSql: string) => `'${now.toISOString()}'::timestamptz + make_interval(secs => ${secondsSql})`;
  const lastMessage = `SELECT m."direction", m."id" FROM "Message" m
       WHERE m."leadId" = bench.mid('lead', p.i) AND m."channel" = (ARRAY['sms', 'email', 'linkedin'])[p.ch + 1]::"MessageChannel"
       ORDER BY m."sentAt" DESC, m."id" DESC LIMIT 1`;
  const bStart = a;
  const cStart = a + 2 * b;
  const eStart = cStart + c;
  return `
DROP TABLE IF EXISTS bench.inc;
CREATE UNLOGGED TABLE bench.inc AS
WITH pick AS (SELECT * FROM bench.inc_pick), a AS (
  SELECT p.rn - 1 AS n, 'A' AS grp, p.i, p.client, p.ch, false AS new_lead, ${at("(p.rn - 1) * 0.3")} AS sent_at,
         CASE WHEN lm."direction" = 'outbound' THEN 'in'
              WHEN bench.u(p.tid, 91) < 0.3 AND NOT EXISTS (SELECT 1 FROM "AIDraft" d WHERE d."triggerMessageId" = lm."id") THEN 'ai'
              ELSE 'setter' END AS kind,
         CASE WHEN lm."direction" = 'inbound' THEN lm."id" END AS trigger_id
    FROM pick p CROSS JOIN LATERAL (${lastMessage}) lm
   WHERE p.rn <= ${a}
), b AS (
  SELECT ${bStart} + (p.rn - ${a + 1}) * 2 + k AS n, 'B', p.i, p.client, p.ch, false, ${at(`(p.rn - ${a + 1}) * 2 + k * 45`)},
         CASE WHEN k = 0 THEN 'in' ELSE 'setter' END, NULL::uuid
    FROM pick p, generate_series(0, 1) AS k WHERE p.rn BETWEEN ${a + 1} AND ${a + b}
), c AS (
  SELECT ${cStart} + (p.rn - ${a + b + 1}), 'C', p.i, p.client, p.ch, false,
         (SELECT m."sentAt" FROM "Message" m WHERE m."id" = bench.mid('msg', p.start + floor(bench.u(p.tid, 92) * p.n_msgs)::bigint))
           + interval '1 second',
         'in', NULL::uuid
    FROM pick p WHERE p.rn BETWEEN ${a + b + 1} AND ${a + b + c}
), e AS (
  SELECT ${eStart} + row_number() OVER (ORDER BY p.rn) - 1, 'E', p.i, p.client, (p.ch + 1) % 3, false,
         ${at("(row_number() OVER (ORDER BY p.rn)) * 3")}, 'in', NULL::uuid
    FROM pick p WHERE p.lead_threads = 1 AND p.rn > ${a + b + c} ORDER BY p.rn LIMIT ${e}
)
SELECT * FROM a UNION ALL SELECT * FROM b UNION ALL SELECT * FROM c UNION ALL SELECT * FROM e;`;
}

/** Group D: new leads (an inbound and a setter reply each) up to exactly INCREMENTAL_MESSAGES. */
const newLeadsSql = `
INSERT INTO bench.inc
SELECT x.base + l * 2 + k, 'D', 1000000000 + l, l % 2, l % 3, true, '__NOW__'::timestamptz + make_interval(secs => l * 3 + k * 90),
       CASE WHEN k = 0 THEN 'in' ELSE 'setter' END, NULL::uuid
  FROM (SELECT count(*)::int AS base FROM bench.inc) x,
       generate_series(0, ${INCREMENTAL_MESSAGES} / 2) AS l, generate_series(0, 1) AS k
 WHERE x.base + l * 2 + k < ${INCREMENTAL_MESSAGES}`;

const WRITE_SQL = [
  `INSERT INTO "Lead" ("id", "clientId", "name", "email", "status", "createdAt", "updatedAt")
   SELECT DISTINCT bench.mid('lead', i), bench.mid('client', client), 'Bench New Lead ' || i, 'new-lead-' || i || '@bench.example',
          'NEW'::"LeadStatus", now(), now()
     FROM bench.inc WHERE new_lead`,
  `INSERT INTO "AIDraft" ("id", "clientId", "leadId", "triggerMessageId", "channel", "content", "status", "createdAt", "updatedAt")
   SELECT bench.mid('inc-draft', n), bench.mid('client', client), bench.mid('lead', i), trigger_id, ${CHANNEL_SQL},
          'Thanks for your reply! Happy to share details, does Tuesday work for a quick call?', 'SENT',
          sent_at - interval '5 minutes', sent_at
     FROM bench.inc WHERE kind = 'ai'`,
  `INSERT INTO "Message" ("id", "clientId", "leadId", "channel", "direction", "body", "sentAt", "sentBy", "sentByUserId", "aiDraftId",
                          "webhookDedupeKey", "createdAt")
   SELECT bench.mid('inc-msg', n), bench.mid('client', client), bench.mid('lead', i), ${CHANNEL_SQL},
          (CASE WHEN kind = 'in' THEN 'inbound' ELSE 'outbound' END)::"MessageDirection",
          ${corpusPiece("bench.u(gidx, 71)", "40 + floor(bench.u(gidx, 72) * 400)")},
          sent_at, (CASE kind WHEN 'in' THEN NULL WHEN 'ai' THEN 'ai' ELSE 'setter' END)::"MessageSender",
          CASE WHEN kind = 'setter' THEN ${SETTER_SQL} END,
          CASE WHEN kind = 'ai' THEN bench.mid('inc-draft', n) END,
          CASE WHEN kind = 'in' THEN 'bench-inc-webhook-' || n END, sent_at + interval '1 second'
     FROM (SELECT *, 2000000000 + n AS gidx FROM bench.inc) x ORDER BY n`,
  `INSERT INTO "BackgroundJob" ("id", "clientId", "leadId", "messageId", "draftId", "type", "status", "runAt", "startedAt", "finishedAt",
                                "attempts", "createdAt", "updatedAt")
   SELECT bench.mid('inc-job', n), bench.mid('client', client), bench.mid('lead', i), trigger_id, bench.mid('inc-draft', n),
          'AI_AUTO_SEND_DELAYED'::"BackgroundJobType", 'SUCCEEDED'::"BackgroundJobStatus", sent_at - interval '20 seconds',
          sent_at - interval '1 second', sent_at + interval '400 milliseconds', 1, sent_at - interval '5 minutes', sent_at
     FROM bench.inc WHERE kind = 'ai'
   UNION ALL
   SELECT bench.mid('inc-job-inbound', n), bench.mid('client', client), bench.mid('lead', i), bench.mid('inc-msg', n), NULL,
          ((ARRAY['SMS_INBOUND_POST_PROCESS', 'EMAIL_INBOUND_POST_PROCESS', 'LINKEDIN_INBOUND_POST_PROCESS'])[ch + 1])::"BackgroundJobType",
          'SUCCEEDED', sent_at + interval '2 seconds', sent_at + interval '2 seconds', sent_at + interval '3 seconds', 1,
          sent_at + interval '2 seconds', sent_at + interval '3 seconds'
     FROM bench.inc WHERE kind = 'in'`,
];

export async function insertIncrementalMessages(
  client: pg.Client,
  options: { messages: number; now: Date },
): Promise<IncrementalResult> {
  await client.query(pickSql(options.messages));
  const [{ n: pickable } = { n: 0 }] = (
    await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM bench.inc_pick`)
  ).rows;
  await client.query(planSql(options.now, groupSizes(pickable)));
  await client.query(newLeadsSql.replace("__NOW__", options.now.toISOString()));
  const [plan] = (
    await client.query<{ messages: number; threads: number; new_leads: number; late: number; ai: number }>(
      `SELECT count(*)::int AS messages, count(DISTINCT (i, ch))::int AS threads, count(DISTINCT i) FILTER (WHERE new_lead)::int AS new_leads,
              count(*) FILTER (WHERE grp = 'C')::int AS late, count(*) FILTER (WHERE kind = 'ai')::int AS ai FROM bench.inc`,
    )
  ).rows;
  if (!plan || plan.messages !== INCREMENTAL_MESSAGES) {
    throw new Error(
      `The incremental plan has ${plan?.messages ?? 0} messages instead of ${INCREMENTAL_MESSAGES} (data set too small?).`,
    );
  }
  const t0 = performance.now();
  await client.query("BEGIN");
  try {
    for (const sql of WRITE_SQL) await client.query(sql);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  const insertMs = Math.round(performance.now() - t0);
  const [queue] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ResponseTimingQueue"`)).rows;
  return {
    messages: plan.messages,
    threads: plan.threads,
    newLeads: plan.new_leads,
    lateArrivals: plan.late,
    aiReplies: plan.ai,
    queueRows: queue?.n ?? 0,
    insertMs,
  };
}
