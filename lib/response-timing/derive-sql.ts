// The set-based derivation of ResponseTimingEvent for a set of threads (docs/definitions.md).
// One statement re-derives every anchor of the given threads from Message, AIDraft and
// BackgroundJob, upserts the rows that changed and deletes the rows that are no longer
// anchors. The cron re-derives a thread from its first changed point (`restart`, see
// boundsSql); the recompute and the backfill re-derive threads whole.
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * SQL for the chosen delay; must equal computeChosenDelaySeconds() in
 * lib/background-jobs/delayed-auto-send.ts: the first 52 bits of sha256(id), modulo the
 * window size. (tests/integration/response-timing-edge-cases.test.ts holds them equal.)
 */
export function chosenDelaySql(id: Prisma.Sql, min: Prisma.Sql, max: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(CASE WHEN ${min} >= 0 AND ${max} >= ${min} THEN
    (${min} + (('x' || substr(encode(sha256(convert_to(${id}::text, 'UTF8')), 'hex'), 1, 13))::bit(52)::bigint
      % (${max} - ${min} + 1)))::int END)`;
}

/** Whole milliseconds between two timestamptz values, as bigint (no overflow for late replies). */
const ms = (to: Prisma.Sql, from: Prisma.Sql) =>
  Prisma.sql`round(extract(epoch from (${to} - ${from})) * 1000)::bigint`;

/** Minute of the week (0 = Sunday 00:00) of a timestamp in the workspace's zone. */
const weekMinute = (
  ts: Prisma.Sql,
) => Prisma.sql`(SELECT (date_part('dow', l.t) * 1440 + date_part('hour', l.t) * 60 + date_part('minute', l.t))::int
    FROM (SELECT ${ts} AT TIME ZONE c."timezone" AS t) l)`;

/** Whether a timestamp falls inside the workspace's weekly schedule; null without a schedule. */
const inBusinessHours = (ts: Prisma.Sql) =>
  Prisma.sql`(CASE WHEN ${ts} IS NULL OR NOT c.has_hours THEN NULL ELSE c.week_hours @> ${weekMinute(ts)} END)`;

/**
 * A workspace's schedule as one multirange of minutes of the week, [start, end) like the
 * rows: one containment test per timestamp instead of a lookup per row. Rows are clamped
 * to their day and empty or inverted rows skipped (int4range would raise on them), so it
 * answers exactly as testing the rows one by one would; never null, so a workspace whose
 * rows are all empty answers false, not null.
 */
const weekHoursSql = Prisma.sql`coalesce((
    SELECT range_agg(int4range(b."dayOfWeek" * 1440 + greatest(b."startMinute", 0), b."dayOfWeek" * 1440 + least(b."endMinute", 1440)))
      FROM "BusinessHours" b
     WHERE b."clientId" = c."id" AND b."dayOfWeek" BETWEEN 0 AND 6 AND greatest(b."startMinute", 0) < least(b."endMinute", 1440)
  ), '{}'::int4multirange)`;

/** Columns compared to decide whether an existing row changed (everything but id and timestamps). */
export const EVENT_COLUMNS = [
  "clientId",
  "leadId",
  "channel",
  "inboundSentAt",
  "streakStartMessageId",
  "streakStartSentAt",
  "streakLength",
  "setterResponseMessageId",
  "setterResponseSentAt",
  "setterSentByUserId",
  "setterResponseMs",
  "aiDraftId",
  "aiResponseMessageId",
  "aiResponseSentAt",
  "aiResponseMs",
  "aiDelayMinSeconds",
  "aiDelayMaxSeconds",
  "aiChosenDelaySeconds",
  "aiActualDelaySeconds",
  "aiScheduledRunAt",
  "aiBackgroundJobId",
  "aiJobStartedAt",
  "aiJobFinishedAt",
  "inboundInBusinessHours",
  "setterResponseInBusinessHours",
  "aiResponseInBusinessHours",
] as const;

const quoted = (names: readonly string[], prefix = "") => Prisma.raw(names.map((n) => `${prefix}"${n}"`).join(", "));

/**
 * The row of one anchor, from `a` (the anchor: "id", "clientId", "leadId", "channel",
 * "sentAt", start_id, start_at, streak_len, setter_id, setter_at, setter_user), `ai` (its AI
 * reply: "id", "sentAt", "aiDraftId", trigger_id, trigger_at), `job` (the delayed job: "id",
 * "runAt", "startedAt", "finishedAt", "draftId", "messageId") and `c` (the workspace, with
 * has_hours and week_hours). Shared by the batch statement and the bulk rebuild
 * (bulk/stage-sql.ts), so both write byte-for-byte the same values.
 */
export function anchorRowSql(): Prisma.Sql {
  return Prisma.sql`a."id" AS "inboundMessageId", a."clientId", a."leadId", a."channel", a."sentAt" AS "inboundSentAt",
           a.start_id AS "streakStartMessageId", a.start_at AS "streakStartSentAt", a.streak_len::int AS "streakLength",
           a.setter_id AS "setterResponseMessageId", a.setter_at AS "setterResponseSentAt", a.setter_user AS "setterSentByUserId",
           ${ms(Prisma.sql`a.setter_at`, Prisma.sql`a."sentAt"`)} AS "setterResponseMs",
           coalesce(ai."aiDraftId", job."draftId") AS "aiDraftId",
           ai."id" AS "aiResponseMessageId", ai."sentAt" AS "aiResponseSentAt",
           ${ms(Prisma.sql`ai."sentAt"`, Prisma.sql`a."sentAt"`)} AS "aiResponseMs",
           CASE WHEN coalesce(ai."id", job."id") IS NOT NULL THEN c."aiDelayMinSeconds" END AS "aiDelayMinSeconds",
           CASE WHEN coalesce(ai."id", job."id") IS NOT NULL THEN c."aiDelayMaxSeconds" END AS "aiDelayMaxSeconds",
           ${chosenDelaySql(Prisma.sql`coalesce(ai.trigger_id, job."messageId")`, Prisma.sql`c."aiDelayMinSeconds"`, Prisma.sql`c."aiDelayMaxSeconds"`)} AS "aiChosenDelaySeconds",
           floor(extract(epoch FROM (ai."sentAt" - ai.trigger_at)))::int AS "aiActualDelaySeconds",
           job."runAt" AS "aiScheduledRunAt", job."id" AS "aiBackgroundJobId",
           job."startedAt" AS "aiJobStartedAt", job."finishedAt" AS "aiJobFinishedAt",
           ${inBusinessHours(Prisma.sql`a."sentAt"`)} AS "inboundInBusinessHours",
           ${inBusinessHours(Prisma.sql`a.setter_at`)} AS "setterResponseInBusinessHours",
           ${inBusinessHours(Prisma.sql`ai."sentAt"`)} AS "aiResponseInBusinessHours"`;
}

/** The workspaces of `source` (a relation with "clientId"), with their delay window and schedule. */
export function clientsSql(source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT c."id", c."timezone", c."aiDelayMinSeconds", c."aiDelayMaxSeconds",
           EXISTS (SELECT 1 FROM "BusinessHours" b WHERE b."clientId" = c."id") AS has_hours,
           ${weekHoursSql} AS week_hours
      FROM "Client" c WHERE c."id" IN (SELECT DISTINCT "clientId" FROM ${source})`;
}

/**
 * CTEs ending in `desired`: the rows (inboundMessageId + EVENT_COLUMNS) for `threads`.
 * Built so that no plan can be worse than linear in the batch: one ordered pass over the
 * batch's messages (window functions), one GROUP BY per burst, and the AI reply and the
 * delayed-send job looked up per anchor through base-table indexes (LATERAL … LIMIT 1).
 * No CTE is joined to another CTE (but for `clients`, one row per workspace): the claimed
 * queue rows have no statistics, the planner takes a batch of thousands for a few rows,
 * and joins between CTEs then became nested loops rescanning a CTE per row — quadratic
 * in the batch (461 s for a 1M-message rebuild, against ~35 s now).
 */
function desiredRowsSql(restart: boolean): Prisma.Sql {
  // With a restart point, only the messages after it (`bounds`): its bursts are all a change
  // at or after the thread's from_at can touch.
  const source = restart
    ? Prisma.sql`FROM bounds t
      JOIN "Message" m ON m."leadId" = t."leadId" AND m."channel" = t."channel"
       AND (t.lo_at IS NULL OR (m."sentAt", m."id") > (t.lo_at, t.lo_id))`
    : Prisma.sql`FROM threads t
      JOIN "Message" m ON m."leadId" = t."leadId" AND m."channel" = t."channel"`;
  return Prisma.sql`
  msgs AS (
    SELECT m."id", m."clientId", m."leadId", m."channel", m."direction", m."sentAt", m."sentBy", m."sentByUserId",
           row_number() OVER w AS pos,
           lag(m."direction") OVER w AS prev_dir
      ${source}
    WINDOW w AS (PARTITION BY m."leadId", m."channel" ORDER BY m."sentAt", m."id")
  ),
  bursts AS (
    SELECT msgs.*,
           sum(CASE WHEN "direction" = 'inbound' AND prev_dir IS DISTINCT FROM 'inbound' THEN 1 ELSE 0 END)
             OVER (PARTITION BY "leadId", "channel" ORDER BY pos) AS burst
      FROM msgs
  ),
  -- One row per anchor: a burst (inbound streak + the outbound messages after it) that has
  -- an outbound message; its last inbound is the anchor. Every aggregate orders by pos, so
  -- the input is sorted once.
  groups AS (
    SELECT "leadId", "channel", burst,
           array_agg("id" ORDER BY pos) FILTER (WHERE "direction" = 'inbound') AS inbound_ids,
           array_agg("sentAt" ORDER BY pos) FILTER (WHERE "direction" = 'inbound') AS inbound_at,
           array_agg("clientId" ORDER BY pos) FILTER (WHERE "direction" = 'inbound') AS inbound_client,
           (array_agg("id" ORDER BY pos) FILTER (WHERE "direction" = 'outbound' AND "sentBy" = 'setter' AND "sentByUserId" IS NOT NULL))[1] AS setter_id,
           (array_agg("sentAt" ORDER BY pos) FILTER (WHERE "direction" = 'outbound' AND "sentBy" = 'setter' AND "sentByUserId" IS NOT NULL))[1] AS setter_at,
           (array_agg("sentByUserId" ORDER BY pos) FILTER (WHERE "direction" = 'outbound' AND "sentBy" = 'setter' AND "sentByUserId" IS NOT NULL))[1] AS setter_user
      FROM bursts
     WHERE burst > 0
     GROUP BY "leadId", "channel", burst
    HAVING bool_or("direction" = 'outbound')
  ),
  anchors AS MATERIALIZED (
    SELECT "leadId", "channel", burst, inbound_ids, inbound_at,
           inbound_ids[cardinality(inbound_ids)] AS "id", inbound_at[cardinality(inbound_at)] AS "sentAt",
           inbound_client[cardinality(inbound_client)] AS "clientId",
           inbound_ids[1] AS start_id, inbound_at[1] AS start_at, cardinality(inbound_ids) AS streak_len,
           setter_id, setter_at, setter_user
      FROM groups
  ),
  clients AS MATERIALIZED (${clientsSql(Prisma.sql`anchors`)}),
  desired AS (
    SELECT ${anchorRowSql()}
      FROM anchors a
      JOIN clients c ON c."id" = a."clientId"
      -- The AI response: the first auto-sent outbound of the thread, after its trigger, whose
      -- draft was triggered by an inbound of this streak.
      LEFT JOIN LATERAL (
        SELECT o."id", o."sentAt", o."aiDraftId", tr."id" AS trigger_id, tr."sentAt" AS trigger_at
          FROM unnest(a.inbound_ids, a.inbound_at) AS tr("id", "sentAt")
          -- OFFSET 0 keeps this a parameterized lookup per inbound: draft by trigger, reply by draft
          CROSS JOIN LATERAL (
            SELECT o."id", o."sentAt", o."aiDraftId"
              FROM "AIDraft" d JOIN "Message" o ON o."aiDraftId" = d."id"
             WHERE d."triggerMessageId" = tr."id"
               AND o."leadId" = a."leadId" AND o."channel" = a."channel" AND o."direction" = 'outbound' AND o."sentBy" = 'ai'
               AND (o."sentAt", o."id") > (tr."sentAt", tr."id")
            OFFSET 0) o
         ORDER BY o."sentAt", o."id"
         LIMIT 1
      ) ai ON true
      -- The delayed auto-send job behind the reply; without a reply yet, the streak's
      -- scheduled (or last) job for a draft on this channel, so "still scheduled" shows.
      LEFT JOIN LATERAL (
        SELECT j."id", j."runAt", j."startedAt", j."finishedAt", j."draftId", j."messageId"
          FROM unnest(a.inbound_ids) AS tr("id")
          JOIN "BackgroundJob" j ON j."messageId" = tr."id"
          JOIN "AIDraft" d ON d."id" = j."draftId" AND d."channel" = a."channel"
         WHERE j."type" = 'AI_AUTO_SEND_DELAYED'
           AND (ai."id" IS NULL OR (j."messageId" = ai.trigger_id AND j."draftId" = ai."aiDraftId"))
         ORDER BY (j."status" IN ('PENDING', 'RUNNING', 'SUCCEEDED')) DESC, j."runAt" DESC, j."id"
         LIMIT 1
      ) job ON true
  )`;
}

export type DeriveCounts = { threads: number; anchors: number; written: number; deleted: number };

/**
 * One statement. `threadsCtes` is a list of CTEs that defines `threads` ("leadId",
 * "channel", distinct); it may also claim queue rows. With `write: false` it only counts
 * what would change (dry runs).
 */
/**
 * Where a thread's re-derivation may start, for a change at or after `from_at` (null: the
 * whole thread). Messages before from_at are unchanged; the last of them, p, lies in the
 * burst of the last inbound before from_at (li), and that burst starts right after the last
 * outbound before li (lo). Every anchor before lo keeps its row: its streak and window end
 * by lo, and a change to its AI reply or job is queued with the trigger's sentAt as from_at
 * (the capture triggers). So the thread is re-derived from after lo; without li or lo, whole.
 */
const boundsSql = Prisma.sql`bounds AS MATERIALIZED (
    SELECT t."leadId", t."channel", lo."sentAt" AS lo_at, lo."id" AS lo_id
      FROM threads t
      LEFT JOIN LATERAL (
        SELECT li."sentAt", li."id" FROM "Message" li
         WHERE t.from_at IS NOT NULL AND li."leadId" = t."leadId" AND li."channel" = t."channel"
           AND li."direction" = 'inbound' AND li."sentAt" < t.from_at
         ORDER BY li."sentAt" DESC, li."id" DESC LIMIT 1
      ) li ON true
      LEFT JOIN LATERAL (
        SELECT lo."sentAt", lo."id" FROM "Message" lo
         WHERE li."id" IS NOT NULL AND lo."leadId" = t."leadId" AND lo."channel" = t."channel"
           AND lo."direction" = 'outbound' AND (lo."sentAt", lo."id") < (li."sentAt", li."id")
         ORDER BY lo."sentAt" DESC, lo."id" DESC LIMIT 1
      ) lo ON true
  )`;

export function deriveThreadsSql(
  threadsCtes: Prisma.Sql,
  options: {
    write: boolean;
    /** `threads` has from_at: re-derive each thread from its first changed point. */ restart?: boolean;
  },
): Prisma.Sql {
  const restart = options.restart ?? false;
  // Rows of these threads (after their restart point) that are no longer anchors. EXCEPT
  // (hashed or sorted) instead of NOT EXISTS: with the batch underestimated, an anti join
  // became a nested loop over CTEs.
  const staleSql = restart
    ? Prisma.sql`stale AS (
      SELECT r."inboundMessageId" FROM "ResponseTimingEvent" r JOIN bounds t ON t."leadId" = r."leadId" AND t."channel" = r."channel"
       WHERE t.lo_at IS NULL OR (r."inboundSentAt", r."inboundMessageId") > (t.lo_at, t.lo_id)
      EXCEPT
      SELECT "inboundMessageId" FROM desired
    )`
    : Prisma.sql`stale AS (
      SELECT r."inboundMessageId" FROM "ResponseTimingEvent" r JOIN threads t ON t."leadId" = r."leadId" AND t."channel" = r."channel"
      EXCEPT
      SELECT "inboundMessageId" FROM desired
    )`;
  const prelude = restart ? Prisma.sql`${threadsCtes}, ${boundsSql}` : threadsCtes;
  const columns = ["inboundMessageId", ...EVENT_COLUMNS];
  const changed = Prisma.sql`(${quoted(EVENT_COLUMNS, "r.")}) IS DISTINCT FROM (${quoted(EVENT_COLUMNS, "d.")})`;
  if (!options.write) {
    return Prisma.sql`WITH ${prelude}, ${desiredRowsSql(restart)}, ${staleSql}
      SELECT (SELECT count(*) FROM threads)::int AS threads,
             (SELECT count(*) FROM desired)::int AS anchors,
             (SELECT count(*) FROM desired d LEFT JOIN "ResponseTimingEvent" r ON r."inboundMessageId" = d."inboundMessageId"
               WHERE r."id" IS NULL OR ${changed})::int AS written,
             (SELECT count(*) FROM stale)::int AS deleted`;
  }
  const updates = Prisma.raw(EVENT_COLUMNS.map((n) => `"${n}" = EXCLUDED."${n}"`).join(", "));
  const excludedChanged = Prisma.sql`(${quoted(EVENT_COLUMNS, `"ResponseTimingEvent".`)}) IS DISTINCT FROM (${quoted(EVENT_COLUMNS, "EXCLUDED.")})`;
  return Prisma.sql`WITH ${prelude}, ${desiredRowsSql(restart)},
    upserted AS (
      INSERT INTO "ResponseTimingEvent" (${quoted(columns)}, "updatedAt")
      SELECT ${quoted(columns, "d.")}, now() FROM desired d
      ON CONFLICT ("inboundMessageId") DO UPDATE SET ${updates}, "updatedAt" = now()
      WHERE ${excludedChanged}
      RETURNING 1
    ),
    ${staleSql},
    removed AS (
      DELETE FROM "ResponseTimingEvent" r USING stale s WHERE r."inboundMessageId" = s."inboundMessageId"
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM threads)::int AS threads, (SELECT count(*) FROM desired)::int AS anchors,
           (SELECT count(*) FROM upserted)::int AS written, (SELECT count(*) FROM removed)::int AS deleted`;
}
