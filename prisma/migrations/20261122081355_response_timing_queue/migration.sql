-- CreateTable
CREATE TABLE "ResponseTimingQueue" (
    "id" BIGSERIAL NOT NULL,
    "leadId" UUID NOT NULL,
    "channel" "MessageChannel" NOT NULL,
    "enqueuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResponseTimingQueue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResponseTimingState" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ResponseTimingState_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ResponseTimingQueue_leadId_channel_idx" ON "ResponseTimingQueue"("leadId", "channel");

-- Change capture for the response-timing processor (hand-written: Prisma does not model
-- triggers). Statement-level triggers with transition tables add one INSERT per
-- statement, not per row, so bulk imports stay fast. Updates enqueue only when a column
-- that timing depends on changed.

CREATE FUNCTION "response_timing_enqueue_messages"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel")
    SELECT DISTINCT "leadId", "channel" FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel")
    SELECT DISTINCT "leadId", "channel" FROM old_rows;
  ELSE
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel")
    SELECT DISTINCT t."leadId", t."channel"
      FROM old_rows o
      JOIN new_rows n ON n."id" = o."id"
     CROSS JOIN LATERAL (VALUES (o."leadId", o."channel"), (n."leadId", n."channel")) AS t("leadId", "channel")
     WHERE (o."leadId", o."channel", o."direction", o."sentAt", o."sentBy", o."sentByUserId", o."aiDraftId", o."clientId")
           IS DISTINCT FROM
           (n."leadId", n."channel", n."direction", n."sentAt", n."sentBy", n."sentByUserId", n."aiDraftId", n."clientId");
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Message_response_timing_insert" AFTER INSERT ON "Message"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "response_timing_enqueue_messages"();
CREATE TRIGGER "Message_response_timing_update" AFTER UPDATE ON "Message"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "response_timing_enqueue_messages"();
CREATE TRIGGER "Message_response_timing_delete" AFTER DELETE ON "Message"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "response_timing_enqueue_messages"();

-- A draft or a delayed auto-send job changes the AI side of the thread its trigger
-- (inbound) message belongs to.
CREATE FUNCTION "response_timing_enqueue_drafts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel")
    SELECT DISTINCT m."leadId", m."channel" FROM new_rows d JOIN "Message" m ON m."id" = d."triggerMessageId";
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel")
    SELECT DISTINCT m."leadId", m."channel" FROM old_rows d JOIN "Message" m ON m."id" = d."triggerMessageId";
  ELSE
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel")
    SELECT DISTINCT m."leadId", m."channel"
      FROM old_rows o
      JOIN new_rows n ON n."id" = o."id"
     CROSS JOIN LATERAL (VALUES (o."triggerMessageId"), (n."triggerMessageId")) AS t("messageId")
      JOIN "Message" m ON m."id" = t."messageId"
     WHERE (o."triggerMessageId", o."channel") IS DISTINCT FROM (n."triggerMessageId", n."channel");
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "AIDraft_response_timing_insert" AFTER INSERT ON "AIDraft"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "response_timing_enqueue_drafts"();
CREATE TRIGGER "AIDraft_response_timing_update" AFTER UPDATE ON "AIDraft"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "response_timing_enqueue_drafts"();
CREATE TRIGGER "AIDraft_response_timing_delete" AFTER DELETE ON "AIDraft"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "response_timing_enqueue_drafts"();

CREATE FUNCTION "response_timing_enqueue_jobs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel")
    SELECT DISTINCT m."leadId", m."channel" FROM new_rows j JOIN "Message" m ON m."id" = j."messageId"
     WHERE j."type" = 'AI_AUTO_SEND_DELAYED';
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel")
    SELECT DISTINCT m."leadId", m."channel" FROM old_rows j JOIN "Message" m ON m."id" = j."messageId"
     WHERE j."type" = 'AI_AUTO_SEND_DELAYED';
  ELSE
    -- Lease and attempt bookkeeping does not matter to timing; schedule and outcome do.
    INSERT INTO "ResponseTimingQueue" ("leadId", "channel")
    SELECT DISTINCT m."leadId", m."channel"
      FROM old_rows o
      JOIN new_rows n ON n."id" = o."id"
     CROSS JOIN LATERAL (VALUES (o."messageId", o."type"), (n."messageId", n."type")) AS t("messageId", "type")
      JOIN "Message" m ON m."id" = t."messageId"
     WHERE t."type" = 'AI_AUTO_SEND_DELAYED'
       AND (o."type", o."messageId", o."draftId", o."status", o."runAt", o."startedAt", o."finishedAt")
           IS DISTINCT FROM
           (n."type", n."messageId", n."draftId", n."status", n."runAt", n."startedAt", n."finishedAt");
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "BackgroundJob_response_timing_insert" AFTER INSERT ON "BackgroundJob"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "response_timing_enqueue_jobs"();
CREATE TRIGGER "BackgroundJob_response_timing_update" AFTER UPDATE ON "BackgroundJob"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "response_timing_enqueue_jobs"();
CREATE TRIGGER "BackgroundJob_response_timing_delete" AFTER DELETE ON "BackgroundJob"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "response_timing_enqueue_jobs"();
