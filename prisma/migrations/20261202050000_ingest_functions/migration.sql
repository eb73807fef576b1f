-- The webhook pipeline's database work as two functions (hand-written: Prisma does not model
-- functions; docs/webhooks.md "One round trip"). A delivery used to cost about fourteen
-- statements in an interactive transaction; as one function call it is one round trip, and
-- PL/pgSQL keeps the statements' plans. In READ COMMITTED every statement inside a VOLATILE
-- function takes a fresh snapshot, so a look-up after an advisory lock sees what the lock's
-- previous holder committed, exactly as the separate statements did.

-- What a delivery was authenticated and parsed against: a connection's workspace, mode and
-- secrets and its workspace's phone country. The app caches connections for a short while
-- (lib/webhooks/connection-cache.ts) and the write checks this is unchanged and the connection
-- still enabled, so a disable or a secret rotation takes effect on the very next delivery.
CREATE FUNCTION "leadclock_connection_fingerprint"(p_connection_id uuid) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT md5(concat_ws('|', pc."clientId", pc."provider", pc."externalAccountId", pc."mode", pc."webhookSecretEnc",
      pc."previousWebhookSecretEnc", pc."previousSecretValidUntil", pc."apiKeyEnc", c."defaultCountry"))
    FROM "ProviderConnection" pc JOIN "Client" c ON c."id" = pc."clientId"
   WHERE pc."id" = p_connection_id AND pc."disabledAt" IS NULL
$$;

-- One parsed message into Message: joined to an existing row with the same provider message
-- id (our own send echoed back, a history import, a replay) or webhook key, or inserted with
-- ON CONFLICT DO NOTHING (a concurrent insert of the same id is joined, never an error); the
-- lead found by provider contact id, then normalized email, then E.164 phone, under advisory
-- locks on each identity taken in a fixed order, else created; the lead's last inbound /
-- outbound time (GREATEST: a late webhook never moves it back); for an inbound, its
-- post-process job. Returns status 'stored' or 'rejected' (with the reason: nothing written).
CREATE FUNCTION "leadclock_store_message"(
  p_client_id uuid, p_connection_id uuid, p_provider "Provider",
  p_channel "MessageChannel", p_direction "MessageDirection", p_subject text, p_body text,
  p_sent_at timestamptz, p_body_truncated boolean, p_context jsonb,
  p_provider_message_id text, p_webhook_key text,
  p_lead_provider_id text, p_email text, p_phone text, p_name text, p_linkedin_url text,
  p_sender_external_user_id text,
  p_job_type "BackgroundJobType", p_job_run_at timestamptz, p_job_dedupe_prefix text, p_job_payload jsonb
) RETURNS TABLE (status text, reason text, message_id uuid, lead_id uuid, joined boolean, lead_created boolean)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_id uuid;
  v_client uuid;
  v_lead uuid;
  v_direction "MessageDirection";
  v_sent_at timestamptz;
  v_joined boolean := true;
  v_created boolean := false;
  v_lock text;
  v_sent_by "MessageSender";
  v_user text;
BEGIN
  IF p_provider NOT IN ('GHL', 'SMARTLEAD', 'INSTANTLY', 'UNIPILE') THEN
    RAISE EXCEPTION 'leadclock_store_message: % has no message id column', p_provider;
  END IF;

  -- An existing message with this provider id, else with this delivery's webhook key.
  IF p_provider = 'GHL' THEN
    SELECT m."id", m."clientId", m."leadId", m."direction", m."sentAt" INTO v_id, v_client, v_lead, v_direction, v_sent_at
      FROM "Message" m WHERE m."ghlMessageId" = p_provider_message_id;
  ELSIF p_provider = 'SMARTLEAD' THEN
    SELECT m."id", m."clientId", m."leadId", m."direction", m."sentAt" INTO v_id, v_client, v_lead, v_direction, v_sent_at
      FROM "Message" m WHERE m."smartleadMessageId" = p_provider_message_id;
  ELSIF p_provider = 'INSTANTLY' THEN
    SELECT m."id", m."clientId", m."leadId", m."direction", m."sentAt" INTO v_id, v_client, v_lead, v_direction, v_sent_at
      FROM "Message" m WHERE m."instantlyEmailId" = p_provider_message_id;
  ELSE
    SELECT m."id", m."clientId", m."leadId", m."direction", m."sentAt" INTO v_id, v_client, v_lead, v_direction, v_sent_at
      FROM "Message" m WHERE m."unipileMessageId" = p_provider_message_id;
  END IF;
  IF v_id IS NULL THEN
    SELECT m."id", m."clientId", m."leadId", m."direction", m."sentAt" INTO v_id, v_client, v_lead, v_direction, v_sent_at
      FROM "Message" m WHERE m."webhookDedupeKey" = p_webhook_key;
  END IF;

  IF v_id IS NULL THEN
    IF p_lead_provider_id IS NULL AND p_email IS NULL AND p_phone IS NULL THEN
      RAISE EXCEPTION 'leadclock_store_message needs a provider contact id, an email or a phone';
    END IF;
    -- Email and phone are not unique columns, so two deliveries for a new contact could both
    -- miss and both create: lock every identity first, in one order, then look up.
    FOR v_lock IN
      SELECT k FROM unnest(ARRAY[
        CASE WHEN p_lead_provider_id IS NOT NULL THEN p_provider::text || ':' || p_lead_provider_id END,
        CASE WHEN p_email IS NOT NULL THEN 'email:' || p_email END,
        CASE WHEN p_phone IS NOT NULL THEN 'phone:' || p_phone END]) AS k
      WHERE k IS NOT NULL ORDER BY k COLLATE "C"
    LOOP
      PERFORM pg_advisory_xact_lock(hashtextextended('lead:' || p_client_id::text || ':' || v_lock, 0));
    END LOOP;

    IF p_lead_provider_id IS NOT NULL THEN
      IF p_provider = 'GHL' THEN
        SELECT l."id" INTO v_lead FROM "Lead" l WHERE l."clientId" = p_client_id AND l."ghlContactId" = p_lead_provider_id;
      ELSIF p_provider = 'SMARTLEAD' THEN
        SELECT l."id" INTO v_lead FROM "Lead" l WHERE l."clientId" = p_client_id AND l."smartleadLeadId" = p_lead_provider_id;
      ELSIF p_provider = 'INSTANTLY' THEN
        SELECT l."id" INTO v_lead FROM "Lead" l WHERE l."clientId" = p_client_id AND l."instantlyLeadId" = p_lead_provider_id;
      ELSE
        SELECT l."id" INTO v_lead FROM "Lead" l WHERE l."clientId" = p_client_id AND l."unipileAttendeeId" = p_lead_provider_id;
      END IF;
    END IF;
    IF v_lead IS NULL AND p_email IS NOT NULL THEN
      -- An exact match first (indexed), else one whose stored address differs only in case or
      -- surrounding spaces (leads written by the CRM or an import keep an address as typed).
      SELECT l."id" INTO v_lead FROM "Lead" l WHERE l."clientId" = p_client_id AND l."email" = p_email
        ORDER BY l."createdAt", l."id" LIMIT 1;
      IF v_lead IS NULL THEN
        SELECT l."id" INTO v_lead FROM "Lead" l WHERE l."clientId" = p_client_id AND lower(btrim(l."email")) = p_email
          ORDER BY l."createdAt", l."id" LIMIT 1;
      END IF;
    END IF;
    IF v_lead IS NULL AND p_phone IS NOT NULL THEN
      SELECT l."id" INTO v_lead FROM "Lead" l WHERE l."clientId" = p_client_id AND l."phone" = p_phone
        ORDER BY l."createdAt", l."id" LIMIT 1;
    END IF;

    IF v_lead IS NOT NULL THEN
      -- Fill what the lead lacks; never overwrite what it has (a setter may have edited it).
      -- Nobody else holds this provider id: it was looked up first, under its lock.
      UPDATE "Lead" l SET
        "ghlContactId" = COALESCE(l."ghlContactId", CASE WHEN p_provider = 'GHL' THEN p_lead_provider_id END),
        "smartleadLeadId" = COALESCE(l."smartleadLeadId", CASE WHEN p_provider = 'SMARTLEAD' THEN p_lead_provider_id END),
        "instantlyLeadId" = COALESCE(l."instantlyLeadId", CASE WHEN p_provider = 'INSTANTLY' THEN p_lead_provider_id END),
        "unipileAttendeeId" = COALESCE(l."unipileAttendeeId", CASE WHEN p_provider = 'UNIPILE' THEN p_lead_provider_id END),
        "email" = CASE WHEN COALESCE(l."email", '') = '' AND p_email IS NOT NULL THEN p_email ELSE l."email" END,
        "phone" = CASE WHEN COALESCE(l."phone", '') = '' AND p_phone IS NOT NULL THEN p_phone ELSE l."phone" END,
        "linkedinUrl" = CASE WHEN COALESCE(l."linkedinUrl", '') = '' AND p_linkedin_url IS NOT NULL
          THEN p_linkedin_url ELSE l."linkedinUrl" END,
        -- The lead's last inbound / outbound time, in the same write (GREATEST skips NULL).
        "lastInboundAt" = CASE WHEN p_direction = 'inbound' THEN GREATEST(l."lastInboundAt", p_sent_at)
          ELSE l."lastInboundAt" END,
        "lastOutboundAt" = CASE WHEN p_direction = 'outbound' THEN GREATEST(l."lastOutboundAt", p_sent_at)
          ELSE l."lastOutboundAt" END,
        "updatedAt" = now()
      WHERE l."id" = v_lead AND (
        (p_lead_provider_id IS NOT NULL AND CASE p_provider
          WHEN 'GHL' THEN l."ghlContactId" IS NULL WHEN 'SMARTLEAD' THEN l."smartleadLeadId" IS NULL
          WHEN 'INSTANTLY' THEN l."instantlyLeadId" IS NULL ELSE l."unipileAttendeeId" IS NULL END)
        OR (p_email IS NOT NULL AND COALESCE(l."email", '') = '')
        OR (p_phone IS NOT NULL AND COALESCE(l."phone", '') = '')
        OR (p_linkedin_url IS NOT NULL AND COALESCE(l."linkedinUrl", '') = '')
        OR (p_direction = 'inbound' AND (l."lastInboundAt" IS NULL OR l."lastInboundAt" < p_sent_at))
        OR (p_direction = 'outbound' AND (l."lastOutboundAt" IS NULL OR l."lastOutboundAt" < p_sent_at)));
    ELSE
      INSERT INTO "Lead" ("clientId", "name", "email", "phone", "linkedinUrl", "lastInboundAt", "lastOutboundAt",
        "ghlContactId", "smartleadLeadId", "instantlyLeadId", "unipileAttendeeId", "updatedAt")
      VALUES (p_client_id, COALESCE(p_name, p_email, p_phone, p_linkedin_url, 'Unknown lead'), p_email, p_phone,
        p_linkedin_url, CASE WHEN p_direction = 'inbound' THEN p_sent_at END,
        CASE WHEN p_direction = 'outbound' THEN p_sent_at END,
        CASE WHEN p_provider = 'GHL' THEN p_lead_provider_id END,
        CASE WHEN p_provider = 'SMARTLEAD' THEN p_lead_provider_id END,
        CASE WHEN p_provider = 'INSTANTLY' THEN p_lead_provider_id END,
        CASE WHEN p_provider = 'UNIPILE' THEN p_lead_provider_id END,
        now())
      RETURNING "id" INTO v_lead;
      v_created := true;
    END IF;

    -- A member's provider identity makes an outbound we did not send a setter's; otherwise the system's.
    IF p_direction = 'outbound' THEN
      v_sent_by := 'system';
      IF p_sender_external_user_id IS NOT NULL THEN
        SELECT i."userId" INTO v_user FROM "MemberProviderIdentity" i
          WHERE i."clientId" = p_client_id AND i."provider" = p_provider
            AND i."externalUserId" IN (p_sender_external_user_id, lower(p_sender_external_user_id))
          LIMIT 1;
        IF v_user IS NOT NULL THEN v_sent_by := 'setter'; END IF;
      END IF;
    END IF;

    INSERT INTO "Message" ("clientId", "leadId", "channel", "direction", "subject", "body", "sentAt", "sentBy",
      "sentByUserId", "bodyTruncated", "connectionId", "providerContext", "webhookDedupeKey",
      "ghlMessageId", "smartleadMessageId", "instantlyEmailId", "unipileMessageId")
    VALUES (p_client_id, v_lead, p_channel, p_direction, p_subject, p_body, p_sent_at, v_sent_by, v_user,
      p_body_truncated, p_connection_id, p_context, p_webhook_key,
      CASE WHEN p_provider = 'GHL' THEN p_provider_message_id END,
      CASE WHEN p_provider = 'SMARTLEAD' THEN p_provider_message_id END,
      CASE WHEN p_provider = 'INSTANTLY' THEN p_provider_message_id END,
      CASE WHEN p_provider = 'UNIPILE' THEN p_provider_message_id END)
    ON CONFLICT DO NOTHING
    RETURNING "id" INTO v_id;
    IF v_id IS NOT NULL THEN
      v_client := p_client_id;
      v_direction := p_direction;
      v_sent_at := p_sent_at;
      v_joined := false;
    ELSE
      -- Someone inserted the same provider message id between our look-up and insert: join theirs.
      SELECT m."id", m."clientId", m."leadId", m."direction", m."sentAt" INTO v_id, v_client, v_lead, v_direction, v_sent_at
        FROM "Message" m
        WHERE m."webhookDedupeKey" = p_webhook_key
           OR (p_provider = 'GHL' AND m."ghlMessageId" = p_provider_message_id)
           OR (p_provider = 'SMARTLEAD' AND m."smartleadMessageId" = p_provider_message_id)
           OR (p_provider = 'INSTANTLY' AND m."instantlyEmailId" = p_provider_message_id)
           OR (p_provider = 'UNIPILE' AND m."unipileMessageId" = p_provider_message_id)
        LIMIT 1;
      IF v_id IS NULL THEN RAISE EXCEPTION 'message vanished between insert and look-up'; END IF;
    END IF;
  END IF;

  IF v_client <> p_client_id THEN
    RETURN QUERY SELECT 'rejected'::text,
      format('provider message id %s belongs to another workspace', p_provider_message_id), NULL::uuid, NULL::uuid,
      false, v_created;
    RETURN;
  END IF;
  IF v_direction <> p_direction THEN
    -- An echo joins a message of its own direction; a reply carrying a sent email's id (Instantly
    -- documents email_id loosely) is another message, and merging it would lose the reply.
    RETURN QUERY SELECT 'rejected'::text,
      format('provider message id %s is already an %s message', p_provider_message_id, v_direction), NULL::uuid,
      NULL::uuid, false, v_created;
    RETURN;
  END IF;

  IF v_joined THEN
    -- An echo of our own send (or a re-delivery): keep its sentBy / aiDraftId / sentAt, fill what it lacks.
    UPDATE "Message" m SET
      "connectionId" = COALESCE(m."connectionId", p_connection_id),
      "providerContext" = COALESCE(m."providerContext", p_context),
      "webhookDedupeKey" = CASE
        WHEN m."webhookDedupeKey" IS NULL AND NOT EXISTS (SELECT 1 FROM "Message" o WHERE o."webhookDedupeKey" = p_webhook_key)
        THEN p_webhook_key ELSE m."webhookDedupeKey" END
    WHERE m."id" = v_id
      AND (m."connectionId" IS NULL OR m."providerContext" IS NULL OR m."webhookDedupeKey" IS NULL);
  END IF;

  -- A new message's lead had its last time set above; a joined one's lead gets it here.
  IF v_joined AND v_direction = 'inbound' THEN
    UPDATE "Lead" l SET "lastInboundAt" = v_sent_at, "updatedAt" = now()
      WHERE l."id" = v_lead AND (l."lastInboundAt" IS NULL OR l."lastInboundAt" < v_sent_at);
  ELSIF v_joined THEN
    UPDATE "Lead" l SET "lastOutboundAt" = v_sent_at, "updatedAt" = now()
      WHERE l."id" = v_lead AND (l."lastOutboundAt" IS NULL OR l."lastOutboundAt" < v_sent_at);
  END IF;
  IF v_direction = 'inbound' AND p_job_type IS NOT NULL THEN
    INSERT INTO "BackgroundJob" ("clientId", "type", "runAt", "dedupeKey", "leadId", "messageId", "payload", "updatedAt")
    VALUES (p_client_id, p_job_type, p_job_run_at, p_job_dedupe_prefix || v_id::text, v_lead, v_id, p_job_payload, now())
    ON CONFLICT ("dedupeKey") DO NOTHING;
  END IF;

  RETURN QUERY SELECT 'stored'::text, NULL::text, v_id, v_lead, v_joined, v_created;
END $$;

-- A whole message delivery in one call (docs/webhooks.md): dedupe under an advisory lock on
-- the delivery's key, so of any number of identical deliveries, sequential or concurrent,
-- exactly one stores the message and the others are duplicates; then the message, the event
-- row with its outcome and the connection's health (its last event kept to the second, so
-- busy connections do not queue on one row). Called as one statement, it is one
-- transaction: a failure leaves no row.
CREATE FUNCTION "leadclock_ingest_message_delivery"(
  p_connection_fingerprint text,
  p_dedupe_key text, p_event_type text, p_received_at timestamptz, p_occurred_at timestamptz, p_headers jsonb,
  p_raw_body text, p_raw_body_bytes integer, p_raw_body_sha256 text, p_raw_body_truncated boolean, p_warnings text,
  -- then exactly the arguments of leadclock_store_message:
  p_client_id uuid, p_connection_id uuid, p_provider "Provider",
  p_channel "MessageChannel", p_direction "MessageDirection", p_subject text, p_body text,
  p_sent_at timestamptz, p_body_truncated boolean, p_context jsonb,
  p_provider_message_id text, p_webhook_key text,
  p_lead_provider_id text, p_email text, p_phone text, p_name text, p_linkedin_url text,
  p_sender_external_user_id text,
  p_job_type "BackgroundJobType", p_job_run_at timestamptz, p_job_dedupe_prefix text, p_job_payload jsonb
) RETURNS TABLE (outcome text, event_id uuid, message_id uuid, lead_id uuid, reason text, lead_created boolean)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_event uuid;
  v_stored record;
  v_reason text;
BEGIN
  -- The dedupe point: of identical deliveries, sequential or concurrent, the first takes the
  -- lock and stores; the others wait for its commit, then (a fresh snapshot per statement)
  -- see its event and are duplicates. The event row is written last, with the outcome, so
  -- it is one insert and no update.
  -- Authenticated against a cached connection that has since changed (or been disabled): the
  -- caller looks it up again and starts over.
  IF "leadclock_connection_fingerprint"(p_connection_id) IS DISTINCT FROM p_connection_fingerprint THEN
    RETURN QUERY SELECT 'stale-connection'::text, NULL::uuid, NULL::uuid, NULL::uuid, NULL::text, false;
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('webhook-event:' || p_provider::text || ':' || p_dedupe_key, 0));
  IF EXISTS (SELECT 1 FROM "WebhookEvent" e WHERE e."provider" = p_provider AND e."dedupeKey" = p_dedupe_key) THEN
    RETURN QUERY SELECT 'duplicate'::text, NULL::uuid, NULL::uuid, NULL::uuid, NULL::text, false;
    RETURN;
  END IF;

  SELECT * INTO v_stored FROM "leadclock_store_message"(p_client_id, p_connection_id, p_provider, p_channel,
    p_direction, p_subject, p_body, p_sent_at, p_body_truncated, p_context, p_provider_message_id, p_webhook_key,
    p_lead_provider_id, p_email, p_phone, p_name, p_linkedin_url, p_sender_external_user_id,
    p_job_type, p_job_run_at, p_job_dedupe_prefix, p_job_payload);

  v_reason := CASE WHEN v_stored.status = 'rejected' THEN v_stored.reason ELSE p_warnings END;
  -- No ON CONFLICT: an event for this key written meanwhile by the general (transaction) path,
  -- which does not take the lock, aborts this whole statement with a unique violation; the
  -- caller's retry then finds it a duplicate, with nothing of this attempt left behind.
  INSERT INTO "WebhookEvent" ("provider", "connectionId", "clientId", "dedupeKey", "eventType", "receivedAt",
    "occurredAt", "headers", "rawBody", "rawBodyBytes", "rawBodySha256", "rawBodyTruncated", "status", "reason",
    "messageId", "updatedAt")
  VALUES (p_provider, p_connection_id, p_client_id, p_dedupe_key, p_event_type, p_received_at, p_occurred_at,
    p_headers, p_raw_body, p_raw_body_bytes, p_raw_body_sha256, p_raw_body_truncated,
    (CASE WHEN v_stored.status = 'rejected' THEN 'rejected' ELSE 'processed' END)::"WebhookEventStatus", v_reason,
    v_stored.message_id, now())
  RETURNING "id" INTO v_event;

  IF v_stored.status = 'rejected' THEN
    UPDATE "ProviderConnection" SET "lastEventAt" = GREATEST("lastEventAt", p_received_at), "lastErrorAt" = p_received_at,
      "lastError" = left(v_stored.reason, 500), "updatedAt" = now()
    WHERE "id" = p_connection_id;
  ELSE
    UPDATE "ProviderConnection" SET "lastEventAt" = p_received_at, "updatedAt" = now()
    WHERE "id" = p_connection_id AND ("lastEventAt" IS NULL OR "lastEventAt" < p_received_at - interval '1 second');
  END IF;

  RETURN QUERY SELECT (CASE WHEN v_stored.status = 'rejected' THEN 'rejected' ELSE 'stored' END)::text, v_event,
    v_stored.message_id, v_stored.lead_id, v_reason, v_stored.lead_created;
END $$;
