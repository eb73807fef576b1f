-- Analytics and CRM list speed (issue 11 §3, §4; docs/crm-and-analytics.md "How it stays fast").

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "activitySortNewest" TIMESTAMPTZ(3),
ADD COLUMN     "activitySortOldest" TIMESTAMPTZ(3),
ADD COLUMN     "awaitingReply" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "isBooked" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "messageChannels" "MessageChannel"[] DEFAULT ARRAY[]::"MessageChannel"[];

-- CRM list state (hand-written: Prisma does not model triggers). Both are exact at every
-- commit, whatever writes Lead or Message, so the list reads them instead of probing Message.
--
-- 1. Per row of Lead: the sort keys, greatest(lastInboundAt, lastOutboundAt) or a sentinel
--    without activity (0001-01-01 for newest first, 9999-12-31 for oldest first), so
--    "without activity last" is a plain index order in both directions (btree DESC puts
--    NULLs first); and isBooked, the rule of isBookedSql() in lib/analytics/booking-outcome-sql.ts
--    (booked status and not cancelled; tests/integration/crm-lead-list-state.test.ts holds them equal).
CREATE FUNCTION "lead_list_row_state"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."activitySortNewest" := coalesce(greatest(NEW."lastInboundAt", NEW."lastOutboundAt"), '0001-01-01 00:00:00+00'::timestamptz);
  NEW."activitySortOldest" := coalesce(greatest(NEW."lastInboundAt", NEW."lastOutboundAt"), '9999-12-31 00:00:00+00'::timestamptz);
  NEW."isBooked" := (coalesce(NEW."appointmentStatus"::text IN ('BOOKED', 'RESCHEDULED', 'COMPLETED', 'NO_SHOW'), false)
                     OR NEW."status" = 'MEETING_BOOKED')
    AND NOT (coalesce(NEW."appointmentStatus" = 'CANCELED', false)
             OR (NEW."appointmentCanceledAt" IS NOT NULL
                 AND (NEW."appointmentBookedAt" IS NULL OR NEW."appointmentCanceledAt" >= NEW."appointmentBookedAt")));
  RETURN NEW;
END $$;

CREATE TRIGGER "Lead_list_row_state" BEFORE INSERT OR UPDATE OF "lastInboundAt", "lastOutboundAt", "status",
  "appointmentStatus", "appointmentBookedAt", "appointmentCanceledAt", "activitySortNewest", "activitySortOldest", "isBooked"
  ON "Lead" FOR EACH ROW EXECUTE FUNCTION "lead_list_row_state"();

-- 2. Per lead, from its messages: awaitingReply, some thread of the lead ends with an inbound
--    message (ties on sentAt broken by id) — the rule of lib/crm/awaiting-reply-sql.ts
--    (awaitingReplyFromMessagesSql, tested to agree) — and messageChannels, the channels it has
--    messages on. Recomputed per statement for the leads whose messages it inserted,
--    deleted or moved. The leads are locked first (in id order, so two writers cannot
--    deadlock on them); in READ COMMITTED the UPDATE after the lock takes a fresh snapshot,
--    so it sees every message a concurrent writer of the same lead committed before us.
CREATE FUNCTION "lead_awaiting_reply_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_leads uuid[];
  v_lead uuid;
  v_sms "MessageDirection";
  v_email "MessageDirection";
  v_linkedin "MessageDirection";
  v_awaiting boolean;
  v_channels "MessageChannel"[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT "leadId" ORDER BY "leadId") INTO v_leads FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT "leadId" ORDER BY "leadId") INTO v_leads FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT t."leadId" ORDER BY t."leadId") INTO v_leads
      FROM old_rows o
      JOIN new_rows n ON n."id" = o."id"
     CROSS JOIN LATERAL (VALUES (o."leadId"), (n."leadId")) AS t("leadId")
     WHERE (o."leadId", o."channel", o."direction", o."sentAt") IS DISTINCT FROM (n."leadId", n."channel", n."direction", n."sentAt");
  END IF;
  IF v_leads IS NULL THEN
    RETURN NULL;
  END IF;
  -- One lead at a time, in id order (two writers cannot deadlock): lock it, then read its three
  -- threads' last messages (each statement a fresh snapshot, so it sees what a concurrent writer
  -- of the lead committed before our lock), then write only what changed. Every step is a
  -- primary-key or index probe: an UPDATE ... FROM over the leads was planned as a hash join
  -- over the whole Lead table, on every message insert. A new channel needs its probe here.
  FOREACH v_lead IN ARRAY v_leads LOOP
    PERFORM 1 FROM "Lead" WHERE "id" = v_lead FOR NO KEY UPDATE;
    SELECT
      (SELECT m."direction" FROM "Message" m WHERE m."leadId" = v_lead AND m."channel" = 'sms'
        ORDER BY m."sentAt" DESC, m."id" DESC LIMIT 1),
      (SELECT m."direction" FROM "Message" m WHERE m."leadId" = v_lead AND m."channel" = 'email'
        ORDER BY m."sentAt" DESC, m."id" DESC LIMIT 1),
      (SELECT m."direction" FROM "Message" m WHERE m."leadId" = v_lead AND m."channel" = 'linkedin'
        ORDER BY m."sentAt" DESC, m."id" DESC LIMIT 1)
      INTO v_sms, v_email, v_linkedin;
    v_awaiting := 'inbound' IN (v_sms, v_email, v_linkedin) IS TRUE;
    -- In the enum's order, as enum_range lists them.
    v_channels := array_remove(ARRAY[
      CASE WHEN v_sms IS NOT NULL THEN 'sms'::"MessageChannel" END,
      CASE WHEN v_email IS NOT NULL THEN 'email'::"MessageChannel" END,
      CASE WHEN v_linkedin IS NOT NULL THEN 'linkedin'::"MessageChannel" END], NULL);
    UPDATE "Lead" SET "awaitingReply" = v_awaiting, "messageChannels" = v_channels
     WHERE "id" = v_lead AND ("awaitingReply", "messageChannels") IS DISTINCT FROM (v_awaiting, v_channels);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER "Message_awaiting_reply_insert" AFTER INSERT ON "Message"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "lead_awaiting_reply_refresh"();
CREATE TRIGGER "Message_awaiting_reply_update" AFTER UPDATE ON "Message"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "lead_awaiting_reply_refresh"();
CREATE TRIGGER "Message_awaiting_reply_delete" AFTER DELETE ON "Message"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "lead_awaiting_reply_refresh"();

-- The existing leads (the triggers above keep them from here on; the row trigger sets the
-- sort keys and isBooked as this UPDATE names those columns).
UPDATE "Lead" l SET
  "activitySortNewest" = NULL,
  "activitySortOldest" = NULL,
  "isBooked" = false,
  "awaitingReply" = EXISTS (
    SELECT 1 FROM unnest(enum_range(NULL::"MessageChannel")) ch
     WHERE (SELECT m."direction" FROM "Message" m WHERE m."leadId" = l."id" AND m."channel" = ch
             ORDER BY m."sentAt" DESC, m."id" DESC LIMIT 1) = 'inbound'),
  "messageChannels" = ARRAY(SELECT ch FROM unnest(enum_range(NULL::"MessageChannel")) ch
                             WHERE EXISTS (SELECT 1 FROM "Message" m WHERE m."leadId" = l."id" AND m."channel" = ch));

-- CreateIndex
CREATE INDEX "Lead_list_newest_idx" ON "Lead"("clientId", "awaitingReply", "activitySortNewest" DESC, "id", "isBooked", "messageChannels");

-- CreateIndex
CREATE INDEX "Lead_list_oldest_idx" ON "Lead"("clientId", "awaitingReply", "activitySortOldest", "id", "isBooked", "messageChannels");

-- CreateIndex
CREATE INDEX "ResponseTimingEvent_analytics_idx" ON "ResponseTimingEvent"("clientId", "leadId", "inboundSentAt", "inboundMessageId", "channel", "setterResponseMs", "setterSentByUserId", "setterResponseSentAt", "aiResponseMs", "aiResponseSentAt", "aiChosenDelaySeconds", "aiActualDelaySeconds", "inboundInBusinessHours", "setterResponseInBusinessHours", "aiResponseInBusinessHours");
