-- Response timing: incremental runs re-derive a thread from its first changed point (issue 11 §2).

-- AlterTable
ALTER TABLE "ResponseTimingQueue" ADD COLUMN     "fromSentAt" TIMESTAMPTZ(3);

-- The capture triggers (hand-written, replacing those of 20261122081355_response_timing_queue)
-- now also record, per thread, the earliest sentAt the change can affect: a message's own
-- sentAt (old and new on an update); for a message carrying an AI draft also its trigger's,
-- since that reply answers the trigger's streak; for a draft or a delayed job, the trigger
-- message's. Null (re-derive the whole thread) when that cannot be told, e.g. a draft that
-- is gone. The processor re-derives each claimed thread from the burst before that point
-- (lib/response-timing/derive-sql.ts, `bounds`).

CREATE OR REPLACE FUNCTION "response_timing_enqueue_messages"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel", "fromSentAt")
    SELECT c."leadId", c."channel", CASE WHEN bool_or(c.at IS NULL) THEN NULL ELSE min(c.at) END
      FROM (SELECT r."leadId", r."channel",
                   CASE WHEN r."aiDraftId" IS NULL THEN r."sentAt"
                        WHEN tr."sentAt" IS NULL THEN NULL
                        ELSE least(r."sentAt", tr."sentAt") END AS at
              FROM new_rows r
              LEFT JOIN "AIDraft" d ON d."id" = r."aiDraftId"
              LEFT JOIN "Message" tr ON tr."id" = d."triggerMessageId") c
     GROUP BY c."leadId", c."channel";
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel", "fromSentAt")
    SELECT c."leadId", c."channel", CASE WHEN bool_or(c.at IS NULL) THEN NULL ELSE min(c.at) END
      FROM (SELECT r."leadId", r."channel",
                   CASE WHEN r."aiDraftId" IS NULL THEN r."sentAt"
                        WHEN tr."sentAt" IS NULL THEN NULL
                        ELSE least(r."sentAt", tr."sentAt") END AS at
              FROM old_rows r
              LEFT JOIN "AIDraft" d ON d."id" = r."aiDraftId"
              LEFT JOIN "Message" tr ON tr."id" = d."triggerMessageId") c
     GROUP BY c."leadId", c."channel";
  ELSE
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel", "fromSentAt")
    SELECT c."leadId", c."channel", CASE WHEN bool_or(c.at IS NULL) THEN NULL ELSE min(c.at) END
      FROM (SELECT t."leadId", t."channel",
                   CASE WHEN t."aiDraftId" IS NULL THEN t."sentAt"
                        WHEN tr."sentAt" IS NULL THEN NULL
                        ELSE least(t."sentAt", tr."sentAt") END AS at
              FROM old_rows o
              JOIN new_rows n ON n."id" = o."id"
             CROSS JOIN LATERAL (VALUES (o."leadId", o."channel", o."sentAt", o."aiDraftId"),
                                        (n."leadId", n."channel", n."sentAt", n."aiDraftId")) AS t("leadId", "channel", "sentAt", "aiDraftId")
              LEFT JOIN "AIDraft" d ON d."id" = t."aiDraftId"
              LEFT JOIN "Message" tr ON tr."id" = d."triggerMessageId"
             WHERE (o."leadId", o."channel", o."direction", o."sentAt", o."sentBy", o."sentByUserId", o."aiDraftId", o."clientId")
                   IS DISTINCT FROM
                   (n."leadId", n."channel", n."direction", n."sentAt", n."sentBy", n."sentByUserId", n."aiDraftId", n."clientId")) c
     GROUP BY c."leadId", c."channel";
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "response_timing_enqueue_drafts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel", "fromSentAt")
    SELECT m."leadId", m."channel", min(m."sentAt") FROM new_rows d JOIN "Message" m ON m."id" = d."triggerMessageId"
     GROUP BY m."leadId", m."channel";
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel", "fromSentAt")
    SELECT m."leadId", m."channel", min(m."sentAt") FROM old_rows d JOIN "Message" m ON m."id" = d."triggerMessageId"
     GROUP BY m."leadId", m."channel";
  ELSE
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel", "fromSentAt")
    SELECT m."leadId", m."channel", min(m."sentAt")
      FROM old_rows o
      JOIN new_rows n ON n."id" = o."id"
     CROSS JOIN LATERAL (VALUES (o."triggerMessageId"), (n."triggerMessageId")) AS t("messageId")
      JOIN "Message" m ON m."id" = t."messageId"
     WHERE (o."triggerMessageId", o."channel") IS DISTINCT FROM (n."triggerMessageId", n."channel")
     GROUP BY m."leadId", m."channel";
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "response_timing_enqueue_jobs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel", "fromSentAt")
    SELECT m."leadId", m."channel", min(m."sentAt") FROM new_rows j JOIN "Message" m ON m."id" = j."messageId"
     WHERE j."type" = 'AI_AUTO_SEND_DELAYED'
     GROUP BY m."leadId", m."channel";
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel", "fromSentAt")
    SELECT m."leadId", m."channel", min(m."sentAt") FROM old_rows j JOIN "Message" m ON m."id" = j."messageId"
     WHERE j."type" = 'AI_AUTO_SEND_DELAYED'
     GROUP BY m."leadId", m."channel";
  ELSE
    -- Lease and attempt bookkeeping does not matter to timing; schedule and outcome do.
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel", "fromSentAt")
    SELECT m."leadId", m."channel", min(m."sentAt")
      FROM old_rows o
      JOIN new_rows n ON n."id" = o."id"
     CROSS JOIN LATERAL (VALUES (o."messageId", o."type"), (n."messageId", n."type")) AS t("messageId", "type")
      JOIN "Message" m ON m."id" = t."messageId"
     WHERE t."type" = 'AI_AUTO_SEND_DELAYED'
       AND (o."type", o."messageId", o."draftId", o."status", o."runAt", o."startedAt", o."finishedAt")
           IS DISTINCT FROM
           (n."type", n."messageId", n."draftId", n."status", n."runAt", n."startedAt", n."finishedAt")
     GROUP BY m."leadId", m."channel";
  END IF;
  RETURN NULL;
END $$;
