// The staging statements of the bulk rebuild (bulk/bulk-rebuild.ts): the same rules as the
// batch statement (derive-sql.ts), computed once over every thread of the run into session
// temp tables, with statistics, so that each step is a sort or a hash join over the whole
// range instead of a few index lookups per anchor. The final row expressions are the batch
// statement's own (anchorRowSql), so both paths write the same values byte for byte.
//
// Every statement runs in one REPEATABLE READ transaction: one snapshot for the threads,
// their messages, drafts, jobs and the queue rows that the rebuild consumes.
import { Prisma } from "@/lib/generated/prisma/client";
import { anchorRowSql, clientsSql, EVENT_COLUMNS } from "../derive-sql";

export const T = {
  threads: "rt_bulk_threads",
  msgs: "rt_bulk_msgs",
  anchors: "rt_bulk_anchors",
  streak: "rt_bulk_streak",
  ai: "rt_bulk_ai",
  job: "rt_bulk_job",
  desired: "rt_bulk_desired",
  queue: "rt_bulk_queue",
} as const;

const t = (name: keyof typeof T) => Prisma.raw(`pg_temp.${T[name]}`);

export type StageStep = { name: string; sql: Prisma.Sql; analyze?: keyof typeof T; index?: string };

/**
 * The steps, in order. `threadsSource` is the backfill's thread list (thread-list.ts: "leadId",
 * "channel" and the first in-window message "sentAt", "id", after the run's cursor). `rn`
 * numbers the threads in that cursor order, so a state file's cursor means the same in
 * both paths and a bulk run resumes like a batched one.
 */
export function stageSteps(options: { threadsSource: Prisma.Sql }): StageStep[] {
  return [
    {
      name: "threads",
      analyze: "threads",
      index: `CREATE UNIQUE INDEX ON pg_temp.${T.threads} (rn)`,
      sql: Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(T.threads)} AS
        SELECT row_number() OVER (ORDER BY "sentAt", "id")::int AS rn, "leadId", "channel", "sentAt", "id"
          FROM ${options.threadsSource}`,
    },
    {
      // One ordered pass over every message of the threads: position, burst number.
      name: "messages (window pass)",
      analyze: "msgs",
      sql: Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(T.msgs)} AS
        SELECT x.*, sum(CASE WHEN x."direction" = 'inbound' AND x.prev_dir IS DISTINCT FROM 'inbound' THEN 1 ELSE 0 END)
                      OVER (PARTITION BY x."leadId", x."channel" ORDER BY x.pos)::int AS burst
          FROM (
            SELECT m."id", m."clientId", m."leadId", m."channel", m."direction", m."sentAt", m."sentBy", m."sentByUserId",
                   m."aiDraftId", th.rn,
                   row_number() OVER w AS pos, lag(m."direction") OVER w AS prev_dir
              FROM ${t("threads")} th
              JOIN "Message" m ON m."leadId" = th."leadId" AND m."channel" = th."channel"
            WINDOW w AS (PARTITION BY m."leadId", m."channel" ORDER BY m."sentAt", m."id")
          ) x`,
    },
    {
      name: "anchors",
      analyze: "anchors",
      sql: Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(T.anchors)} AS
        SELECT "leadId", "channel", burst, rn,
               inbound_ids[cardinality(inbound_ids)] AS "id", inbound_at[cardinality(inbound_at)] AS "sentAt",
               inbound_client[cardinality(inbound_client)] AS "clientId",
               inbound_ids[1] AS start_id, inbound_at[1] AS start_at, cardinality(inbound_ids) AS streak_len,
               setter_id, setter_at, setter_user
          FROM (
            SELECT "leadId", "channel", burst, min(rn) AS rn,
                   array_agg("id" ORDER BY pos) FILTER (WHERE "direction" = 'inbound') AS inbound_ids,
                   array_agg("sentAt" ORDER BY pos) FILTER (WHERE "direction" = 'inbound') AS inbound_at,
                   array_agg("clientId" ORDER BY pos) FILTER (WHERE "direction" = 'inbound') AS inbound_client,
                   (array_agg("id" ORDER BY pos) FILTER (WHERE "direction" = 'outbound' AND "sentBy" = 'setter' AND "sentByUserId" IS NOT NULL))[1] AS setter_id,
                   (array_agg("sentAt" ORDER BY pos) FILTER (WHERE "direction" = 'outbound' AND "sentBy" = 'setter' AND "sentByUserId" IS NOT NULL))[1] AS setter_at,
                   (array_agg("sentByUserId" ORDER BY pos) FILTER (WHERE "direction" = 'outbound' AND "sentBy" = 'setter' AND "sentByUserId" IS NOT NULL))[1] AS setter_user
              FROM ${t("msgs")}
             WHERE burst > 0
             GROUP BY "leadId", "channel", burst
            HAVING bool_or("direction" = 'outbound')
          ) g`,
    },
    {
      // The inbound messages of each anchor's streak (the triggers its AI reply may answer).
      name: "streaks",
      analyze: "streak",
      sql: Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(T.streak)} AS
        SELECT a."id" AS anchor_id, a."leadId", a."channel", m."id" AS trigger_id, m."sentAt" AS trigger_at
          FROM ${t("anchors")} a
          JOIN ${t("msgs")} m ON m."leadId" = a."leadId" AND m."channel" = a."channel" AND m.burst = a.burst AND m."direction" = 'inbound'`,
    },
    {
      // The AI response: the first auto-sent outbound of the thread after its trigger whose
      // draft was triggered by an inbound of the streak (derive-sql.ts, LATERAL `ai`).
      name: "AI replies",
      analyze: "ai",
      sql: Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(T.ai)} AS
        SELECT DISTINCT ON (s.anchor_id) s.anchor_id, o."id", o."sentAt", o."aiDraftId", s.trigger_id, s.trigger_at
          FROM ${t("streak")} s
          JOIN "AIDraft" d ON d."triggerMessageId" = s.trigger_id
          JOIN ${t("msgs")} o ON o."aiDraftId" = d."id"
         WHERE o."leadId" = s."leadId" AND o."channel" = s."channel" AND o."direction" = 'outbound' AND o."sentBy" = 'ai'
           AND (o."sentAt", o."id") > (s.trigger_at, s.trigger_id)
         ORDER BY s.anchor_id, o."sentAt", o."id"`,
    },
    {
      // The delayed auto-send job (derive-sql.ts, LATERAL `job`).
      name: "delayed jobs",
      analyze: "job",
      sql: Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(T.job)} AS
        SELECT DISTINCT ON (s.anchor_id) s.anchor_id, j."id", j."runAt", j."startedAt", j."finishedAt", j."draftId", j."messageId"
          FROM ${t("streak")} s
          JOIN "BackgroundJob" j ON j."messageId" = s.trigger_id
          JOIN "AIDraft" d ON d."id" = j."draftId" AND d."channel" = s."channel"
          LEFT JOIN ${t("ai")} ai ON ai.anchor_id = s.anchor_id
         WHERE j."type" = 'AI_AUTO_SEND_DELAYED'
           AND (ai."id" IS NULL OR (j."messageId" = ai.trigger_id AND j."draftId" = ai."aiDraftId"))
         ORDER BY s.anchor_id, (j."status" IN ('PENDING', 'RUNNING', 'SUCCEEDED')) DESC, j."runAt" DESC, j."id"`,
    },
    {
      name: "rows",
      analyze: "desired",
      index: `CREATE INDEX ON pg_temp.${T.desired} (rn)`,
      sql: Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(T.desired)} AS
        WITH clients AS MATERIALIZED (${clientsSql(t("anchors"))})
        SELECT a.rn, ${anchorRowSql()}
          FROM ${t("anchors")} a
          JOIN clients c ON c."id" = a."clientId"
          LEFT JOIN ${t("ai")} ai ON ai.anchor_id = a."id"
          LEFT JOIN ${t("job")} job ON job.anchor_id = a."id"
         ORDER BY a.rn, a."id"`,
    },
    {
      // The queue rows this snapshot covers: consumed by the chunks that write their threads.
      // Rows queued later (a change after the snapshot) are not, so the cron still sees them.
      name: "queue snapshot",
      analyze: "queue",
      sql: Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(T.queue)} AS
        SELECT q."id", th.rn FROM "ResponseTimingQueue" q
          JOIN ${t("threads")} th ON th."leadId" = q."leadId" AND th."channel" = q."channel"`,
    },
  ];
}

/** The staged row columns, in the table's order. */
export const ROW_COLUMNS = ["inboundMessageId", ...EVENT_COLUMNS] as const;

export const dropStagedSql = Object.values(T)
  .map((name) => `DROP TABLE IF EXISTS pg_temp.${name}`)
  .join("; ");
