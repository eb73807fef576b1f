// The set-based derivation of ResponseTimingEvent for a set of threads (DESIGN.md §3).
// One statement re-derives every anchor of the given threads from Message, AIDraft and
// BackgroundJob, upserts the rows that changed and deletes the rows that are no longer
// anchors. Threads are always re-derived whole: an AI reply or a late message can move
// anchors, streaks and windows anywhere in the thread, and threads are short.
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * SQL for the chosen delay; must equal computeChosenDelaySeconds() in
 * lib/background-jobs/delayed-auto-send.ts: the first 52 bits of sha256(id), modulo the
 * window size. (tests/integration/response-timing-chosen-delay.test.ts holds them equal.)
 */
export function chosenDelaySql(id: Prisma.Sql, min: Prisma.Sql, max: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(CASE WHEN ${min} >= 0 AND ${max} >= ${min} THEN
    (${min} + (('x' || substr(encode(sha256(convert_to(${id}::text, 'UTF8')), 'hex'), 1, 13))::bit(52)::bigint
      % (${max} - ${min} + 1)))::int END)`;
}

/** Whole milliseconds between two timestamptz values, as bigint (no overflow for late replies). */
const ms = (to: Prisma.Sql, from: Prisma.Sql) => Prisma.sql`round(extract(epoch from (${to} - ${from})) * 1000)::bigint`;

/** Whether a timestamp falls inside the workspace's weekly schedule; null without a schedule. */
const inBusinessHours = (ts: Prisma.Sql) => Prisma.sql`(CASE WHEN ${ts} IS NULL OR NOT c.has_hours THEN NULL ELSE EXISTS (
    SELECT 1 FROM "BusinessHours" b
     WHERE b."clientId" = a."clientId"
       AND b."dayOfWeek" = extract(dow FROM (${ts} AT TIME ZONE c."timezone"))::int
       AND (extract(hour FROM (${ts} AT TIME ZONE c."timezone")) * 60 + extract(minute FROM (${ts} AT TIME ZONE c."timezone")))
           >= b."startMinute"
       AND (extract(hour FROM (${ts} AT TIME ZONE c."timezone")) * 60 + extract(minute FROM (${ts} AT TIME ZONE c."timezone")))
           < b."endMinute") END)`;

/** Columns compared to decide whether an existing row changed (everything but id and timestamps). */
export const EVENT_COLUMNS = [
  "clientId", "leadId", "channel", "inboundSentAt",
  "streakStartMessageId", "streakStartSentAt", "streakLength",
  "setterResponseMessageId", "setterResponseSentAt", "setterSentByUserId", "setterResponseMs",
  "aiDraftId", "aiResponseMessageId", "aiResponseSentAt", "aiResponseMs",
  "aiDelayMinSeconds", "aiDelayMaxSeconds", "aiChosenDelaySeconds", "aiActualDelaySeconds",
  "aiScheduledRunAt", "aiBackgroundJobId", "aiJobStartedAt", "aiJobFinishedAt",
  "inboundInBusinessHours", "setterResponseInBusinessHours", "aiResponseInBusinessHours",
] as const;

const quoted = (names: readonly string[], prefix = "") => Prisma.raw(names.map((n) => `${prefix}"${n}"`).join(", "));

/** CTEs ending in `desired`: the rows (inboundMessageId + EVENT_COLUMNS) for the threads of `threads`. */
function desiredRowsSql(): Prisma.Sql {
  return Prisma.sql`
  msgs AS (
    SELECT m."id", m."clientId", m."leadId", m."channel", m."direction", m."sentAt", m."sentBy", m."sentByUserId", m."aiDraftId",
           row_number() OVER w AS pos,
           lag(m."direction") OVER w AS prev_dir,
           lead(m."direction") OVER w AS next_dir
      FROM threads t
      JOIN "Message" m ON m."leadId" = t."leadId" AND m."channel" = t."channel"
    WINDOW w AS (PARTITION BY m."leadId", m."channel" ORDER BY m."sentAt", m."id")
  ),
  -- burst k = the k-th inbound streak of the thread plus the outbound messages after it
  -- (its response window); outbound messages before the first inbound have burst 0.
  bursts AS MATERIALIZED (
    SELECT msgs.*,
           sum(CASE WHEN "direction" = 'inbound' AND prev_dir IS DISTINCT FROM 'inbound' THEN 1 ELSE 0 END)
             OVER (PARTITION BY "leadId", "channel" ORDER BY pos) AS burst
      FROM msgs
  ),
  streaks AS MATERIALIZED (
    SELECT DISTINCT ON ("leadId", "channel", burst) "leadId", "channel", burst,
           "id" AS start_id, "sentAt" AS start_at,
           count(*) OVER (PARTITION BY "leadId", "channel", burst) AS streak_len
      FROM bursts WHERE "direction" = 'inbound'
     ORDER BY "leadId", "channel", burst, pos
  ),
  anchors AS MATERIALIZED (
    SELECT * FROM bursts WHERE "direction" = 'inbound' AND next_dir = 'outbound'
  ),
  setter AS MATERIALIZED (
    SELECT DISTINCT ON ("leadId", "channel", burst) "leadId", "channel", burst, "id", "sentAt", "sentByUserId"
      FROM bursts
     WHERE "direction" = 'outbound' AND "sentBy" = 'setter' AND "sentByUserId" IS NOT NULL AND burst > 0
     ORDER BY "leadId", "channel", burst, pos
  ),
  -- An auto-sent reply answers the streak its draft's trigger belongs to; being outbound
  -- and after the trigger, it is necessarily after the whole streak.
  ai AS MATERIALIZED (
    SELECT DISTINCT ON (o."leadId", o."channel", tr.burst) o."leadId", o."channel", tr.burst,
           o."id", o."sentAt", o."aiDraftId", tr."id" AS trigger_id, tr."sentAt" AS trigger_at
      FROM bursts o
      JOIN "AIDraft" d ON d."id" = o."aiDraftId"
      JOIN bursts tr ON tr."id" = d."triggerMessageId" AND tr."leadId" = o."leadId" AND tr."channel" = o."channel"
     WHERE o."direction" = 'outbound' AND o."sentBy" = 'ai' AND tr."direction" = 'inbound' AND o.pos > tr.pos
     ORDER BY o."leadId", o."channel", tr.burst, o.pos
  ),
  -- The delayed auto-send job behind the reply; without a reply yet, the streak's
  -- scheduled (or last) job for a draft on this channel, so "still scheduled" shows.
  job AS MATERIALIZED (
    SELECT DISTINCT ON (tr."leadId", tr."channel", tr.burst) tr."leadId", tr."channel", tr.burst,
           j."id", j."runAt", j."startedAt", j."finishedAt", j."draftId", j."messageId"
      FROM bursts tr
      JOIN "BackgroundJob" j ON j."messageId" = tr."id" AND j."type" = 'AI_AUTO_SEND_DELAYED'
      JOIN "AIDraft" d ON d."id" = j."draftId" AND d."channel" = tr."channel"
      LEFT JOIN ai ON ai."leadId" = tr."leadId" AND ai."channel" = tr."channel" AND ai.burst = tr.burst
     WHERE tr."direction" = 'inbound'
       AND (ai."id" IS NULL OR (j."messageId" = ai.trigger_id AND j."draftId" = ai."aiDraftId"))
     ORDER BY tr."leadId", tr."channel", tr.burst,
              (j."status" IN ('PENDING', 'RUNNING', 'SUCCEEDED')) DESC, j."runAt" DESC, j."id"
  ),
  clients AS (
    SELECT c."id", c."timezone", c."aiDelayMinSeconds", c."aiDelayMaxSeconds",
           EXISTS (SELECT 1 FROM "BusinessHours" b WHERE b."clientId" = c."id") AS has_hours
      FROM "Client" c WHERE c."id" IN (SELECT DISTINCT "clientId" FROM anchors)
  ),
  desired AS (
    SELECT a."id" AS "inboundMessageId", a."clientId", a."leadId", a."channel", a."sentAt" AS "inboundSentAt",
           s.start_id AS "streakStartMessageId", s.start_at AS "streakStartSentAt", s.streak_len::int AS "streakLength",
           st."id" AS "setterResponseMessageId", st."sentAt" AS "setterResponseSentAt", st."sentByUserId" AS "setterSentByUserId",
           ${ms(Prisma.sql`st."sentAt"`, Prisma.sql`a."sentAt"`)} AS "setterResponseMs",
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
           ${inBusinessHours(Prisma.sql`st."sentAt"`)} AS "setterResponseInBusinessHours",
           ${inBusinessHours(Prisma.sql`ai."sentAt"`)} AS "aiResponseInBusinessHours"
      FROM anchors a
      JOIN streaks s ON s."leadId" = a."leadId" AND s."channel" = a."channel" AND s.burst = a.burst
      JOIN clients c ON c."id" = a."clientId"
      LEFT JOIN setter st ON st."leadId" = a."leadId" AND st."channel" = a."channel" AND st.burst = a.burst
      LEFT JOIN ai ON ai."leadId" = a."leadId" AND ai."channel" = a."channel" AND ai.burst = a.burst
      LEFT JOIN job ON job."leadId" = a."leadId" AND job."channel" = a."channel" AND job.burst = a.burst
  )`;
}

export type DeriveCounts = { threads: number; anchors: number; written: number; deleted: number };

/**
 * One statement. `threadsCtes` is a list of CTEs that defines `threads` ("leadId",
 * "channel", distinct); it may also claim queue rows. With `write: false` it only counts
 * what would change (dry runs).
 */
export function deriveThreadsSql(threadsCtes: Prisma.Sql, options: { write: boolean }): Prisma.Sql {
  const columns = ["inboundMessageId", ...EVENT_COLUMNS];
  const changed = Prisma.sql`(${quoted(EVENT_COLUMNS, "r.")}) IS DISTINCT FROM (${quoted(EVENT_COLUMNS, "d.")})`;
  if (!options.write) {
    return Prisma.sql`WITH ${threadsCtes}, ${desiredRowsSql()}
      SELECT (SELECT count(*) FROM threads)::int AS threads,
             (SELECT count(*) FROM desired)::int AS anchors,
             (SELECT count(*) FROM desired d LEFT JOIN "ResponseTimingEvent" r ON r."inboundMessageId" = d."inboundMessageId"
               WHERE r."id" IS NULL OR ${changed})::int AS written,
             (SELECT count(*) FROM "ResponseTimingEvent" r JOIN threads t ON t."leadId" = r."leadId" AND t."channel" = r."channel"
               WHERE NOT EXISTS (SELECT 1 FROM desired d WHERE d."inboundMessageId" = r."inboundMessageId"))::int AS deleted`;
  }
  const updates = Prisma.raw(EVENT_COLUMNS.map((n) => `"${n}" = EXCLUDED."${n}"`).join(", "));
  const excludedChanged = Prisma.sql`(${quoted(EVENT_COLUMNS, `"ResponseTimingEvent".`)}) IS DISTINCT FROM (${quoted(EVENT_COLUMNS, "EXCLUDED.")})`;
  return Prisma.sql`WITH ${threadsCtes}, ${desiredRowsSql()},
    upserted AS (
      INSERT INTO "ResponseTimingEvent" (${quoted(columns)}, "updatedAt")
      SELECT ${quoted(columns, "d.")}, now() FROM desired d
      ON CONFLICT ("inboundMessageId") DO UPDATE SET ${updates}, "updatedAt" = now()
      WHERE ${excludedChanged}
      RETURNING 1
    ),
    removed AS (
      DELETE FROM "ResponseTimingEvent" r USING threads t
       WHERE r."leadId" = t."leadId" AND r."channel" = t."channel"
         AND NOT EXISTS (SELECT 1 FROM desired d WHERE d."inboundMessageId" = r."inboundMessageId")
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM threads)::int AS threads, (SELECT count(*) FROM desired)::int AS anchors,
           (SELECT count(*) FROM upserted)::int AS written, (SELECT count(*) FROM removed)::int AS deleted`;
}
