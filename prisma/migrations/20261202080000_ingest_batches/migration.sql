-- Group commit for webhook deliveries (hand-written: Prisma does not model functions;
-- docs/webhooks.md "Group commit"). Under load, the deliveries waiting for the database are sent
-- together as one call: one round trip and one commit for all of them instead of one each.
--
-- p_items is a JSON array; each item is the array of leadclock_ingest_message_delivery's 33
-- arguments in order, as text (JSON null for SQL NULL). The items run in order, in one
-- transaction, each exactly as a call of its own would (a VOLATILE function takes a fresh
-- snapshot per statement and sees the earlier items' writes, so an identical delivery later in
-- the batch is a duplicate). A failure of any item aborts the whole call, leaving no row of any
-- item: the caller then runs each item alone.
--
-- Deadlock freedom: every advisory lock the items can take is taken first, in one order that
-- extends the single call's: all delivery keys (sorted), then all lead identities (sorted). A
-- single call takes its delivery key, then its identities sorted, so no batch and no single
-- call can each hold a lock the other is waiting for. The items run grouped by connection, so
-- the connections' rows are updated in one order as well. (Row locks reached through different
-- identities of one lead can still deadlock in rare cases; PostgreSQL detects it and the
-- caller runs the items alone.)
CREATE FUNCTION "leadclock_ingest_message_deliveries"(p_items jsonb)
RETURNS TABLE (ordinal integer, outcome text, event_id uuid, message_id uuid, lead_id uuid, reason text,
  lead_created boolean)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_key text;
  v_item jsonb;
  v_n integer;
BEGIN
  IF jsonb_typeof(p_items) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'leadclock_ingest_message_deliveries needs a JSON array of argument arrays';
  END IF;
  FOR v_key IN
    SELECT k.s FROM (
      SELECT 1 AS phase, 'webhook-event:' || ((i->>13)::"Provider")::text || ':' || (i->>1) AS s
        FROM jsonb_array_elements(p_items) i
      UNION
      SELECT 2, 'lead:' || ((i->>11)::uuid)::text || ':' || id.k
        FROM jsonb_array_elements(p_items) i,
        unnest(ARRAY[
          CASE WHEN i->>23 IS NOT NULL THEN ((i->>13)::"Provider")::text || ':' || (i->>23) END,
          CASE WHEN i->>24 IS NOT NULL THEN 'email:' || (i->>24) END,
          CASE WHEN i->>25 IS NOT NULL THEN 'phone:' || (i->>25) END]) AS id(k)
        WHERE id.k IS NOT NULL
    ) k ORDER BY k.phase, k.s COLLATE "C" -- UNION: each lock once
  LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(v_key, 0));
  END LOOP;

  -- Items run grouped by connection (in arrival order within one), so two batches touching the
  -- same connections update their ProviderConnection rows (last event / error) in one order too.
  FOR v_item, v_n IN SELECT t.e, t.o::integer FROM jsonb_array_elements(p_items) WITH ORDINALITY AS t(e, o)
                      ORDER BY (t.e->>12) COLLATE "C", t.o LOOP
    RETURN QUERY SELECT v_n, d."outcome", d."event_id", d."message_id", d."lead_id", d."reason", d."lead_created"
      FROM "leadclock_ingest_message_delivery"(
        v_item->>0, v_item->>1, v_item->>2, (v_item->>3)::timestamptz, (v_item->>4)::timestamptz,
        (v_item->>5)::jsonb, v_item->>6, (v_item->>7)::integer, v_item->>8, (v_item->>9)::boolean, v_item->>10,
        (v_item->>11)::uuid, (v_item->>12)::uuid, (v_item->>13)::"Provider",
        (v_item->>14)::"MessageChannel", (v_item->>15)::"MessageDirection", v_item->>16, v_item->>17,
        (v_item->>18)::timestamptz, (v_item->>19)::boolean, (v_item->>20)::jsonb,
        v_item->>21, v_item->>22,
        v_item->>23, v_item->>24, v_item->>25, v_item->>26, v_item->>27,
        v_item->>28,
        (v_item->>29)::"BackgroundJobType", (v_item->>30)::timestamptz, v_item->>31, (v_item->>32)::jsonb) d;
  END LOOP;
END $$;
