// SQL of the Response Timing tab (response-timing-analytics.ts assembles the result). One
// statement: the window's ResponseTimingEvent rows are read once into a materialized CTE,
// and every section aggregates from it, so the database returns a few dozen rows whatever
// the window holds. Lead-level sections count each lead by its earliest qualifying anchor
// (inboundSentAt, then inboundMessageId), found with running counts over one window.
import { Prisma } from "@/lib/generated/prisma/client";
import type { MessageChannel } from "@/lib/generated/prisma/enums";
import { bookingOutcomeSql } from "./booking-outcome-sql";
import { bucketThresholds, type BucketDef } from "./timing-buckets";

export type AnalyticsFilters = {
  clientId: string;
  from: Date;
  to: Date;
  channel?: MessageChannel;
  setterId?: string;
  businessHours: boolean;
  now: Date;
  attributionDays: number;
  maturityDays: number;
};

const sql = Prisma.sql;

/** "Within 5 minutes" = under 300,000 ms, the same edge as the 1m–5m bucket. */
export const WITHIN_MS = 300_000;

// Business-hours flags are NULL when the workspace has no schedule: with no schedule there
// is no "outside business hours", so NULL counts as inside (IS NOT FALSE).
const inHours = (flag: string, e: string) => Prisma.raw(`${e}."${flag}" IS NOT FALSE`);

/**
 * 'setter' | 'ai' | NULL: whoever answered the anchor first. Equal sentAt → setter (a
 * human answer is never attributed to the AI on a tie). firstResponder() in
 * first-responder.ts is the same rule in TypeScript (tested to agree).
 */
export function firstResponderSql(e: string): Prisma.Sql {
  const r = Prisma.raw(e);
  return sql`(CASE WHEN ${r}."setterResponseSentAt" IS NOT NULL
                    AND (${r}."aiResponseSentAt" IS NULL OR ${r}."setterResponseSentAt" <= ${r}."aiResponseSentAt") THEN 'setter'
                   WHEN ${r}."aiResponseSentAt" IS NOT NULL THEN 'ai' END)`;
}

/** With the business-hours filter: the inbound and the response in question both inside hours. */
export function businessHoursSql(e: string, response: "setter" | "ai" | "first"): Prisma.Sql {
  const inbound = inHours("inboundInBusinessHours", e);
  const setter = inHours("setterResponseInBusinessHours", e);
  const ai = inHours("aiResponseInBusinessHours", e);
  if (response === "setter") return sql`(${inbound} AND ${setter})`;
  if (response === "ai") return sql`(${inbound} AND ${ai})`;
  return sql`(${inbound} AND CASE ${firstResponderSql(e)} WHEN 'setter' THEN ${setter} ELSE ${ai} END)`;
}

/** The scope every query starts from: the workspace, the window [from, to) and the channel. */
export function windowWhereSql(
  e: string,
  f: Pick<AnalyticsFilters, "clientId" | "from" | "to" | "channel">,
): Prisma.Sql {
  const r = Prisma.raw(e);
  const channel = f.channel ? sql`AND ${r}."channel" = ${f.channel}::"MessageChannel"` : Prisma.empty;
  return sql`${r}."clientId" = ${f.clientId}::uuid AND ${r}."inboundSentAt" >= ${f.from} AND ${r}."inboundSentAt" < ${f.to} ${channel}`;
}

function thresholdsArray(defs: readonly BucketDef[]): Prisma.Sql {
  const values = bucketThresholds(defs);
  if (!values.every(Number.isSafeInteger)) throw new Error("bucket thresholds must be whole numbers");
  return Prisma.raw(`'{${values.join(",")}}'::bigint[]`);
}

/** Bits of `m`: the sections an anchor is selected for (its lead counts by its earliest one). */
const SECTION_BITS = { s: 1, d: 2, dr: 4, fr: 8 } as const;

/**
 * `base`: the window's anchors, one row each, with per-section selection flags and whether
 * the row is its lead's earliest selected anchor for each section. The rows come from
 * ResponseTimingEvent_analytics_idx alone, already in (lead, inboundSentAt,
 * inboundMessageId) order, so the one window pass sorts nothing: it ORs the section bits of
 * the lead's earlier rows (NULL on the lead's first row), and a row is a section's first
 * when it has the bit and no earlier row had it.
 */
function baseCte(f: AnalyticsFilters): Prisma.Sql {
  const on = (cond: Prisma.Sql) => (f.businessHours ? cond : sql`TRUE`);
  const oneSetter = f.setterId ? sql`AND r.setter = ${f.setterId}` : Prisma.empty;
  const bit = (flag: string, value: number) => `CASE WHEN s.${flag} THEN ${value} ELSE 0 END`;
  const mask = Prisma.raw(
    [
      bit("s_sel", SECTION_BITS.s),
      bit("d_sel", SECTION_BITS.d),
      bit("dr_sel", SECTION_BITS.dr),
      bit("fr_ok", SECTION_BITS.fr),
    ].join(" | "),
  );
  const first = (value: number) => Prisma.raw(`(q.m & ${value} <> 0 AND coalesce(q.seen, 0) & ${value} = 0)`);
  const setterHours = on(sql`(r.ib IS NOT FALSE AND r.sh IS NOT FALSE)`);
  const aiHours = on(sql`(r.ib IS NOT FALSE AND r.ah IS NOT FALSE)`);
  const firstHours = on(
    sql`(r.ib IS NOT FALSE AND CASE r.responder WHEN 'setter' THEN r.sh IS NOT FALSE ELSE r.ah IS NOT FALSE END)`,
  );
  return sql`base AS MATERIALIZED (
    SELECT q.lead, q.t, q.s_ms, q.setter, q.a_ms, q.chosen, q.actual, q.responder, q.fr_ms, q.s_ok, q.a_ok, q.p_sel,
           q.seen IS NULL AS lead_first,
           ${first(SECTION_BITS.s)} AS s_first, ${first(SECTION_BITS.d)} AS d_first,
           ${first(SECTION_BITS.dr)} AS dr_first, ${first(SECTION_BITS.fr)} AS fr_first
      FROM (SELECT s.*, ${mask} AS m,
                   bit_or(${mask}) OVER (PARTITION BY s.lead ORDER BY s.t, s.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS seen
              FROM (SELECT r.id, r.lead, r.t, r.s_ms, r.setter, r.a_ms, r.chosen, r.actual, r.responder,
                           CASE r.responder WHEN 'setter' THEN r.s_ms ELSE r.a_ms END AS fr_ms,
                           (r.s_ms IS NOT NULL AND ${setterHours}) AS s_ok,
                           (r.a_ms IS NOT NULL AND ${aiHours}) AS a_ok,
                           COALESCE(r.s_ms IS NOT NULL AND ${setterHours} ${oneSetter}, false) AS s_sel,
                           COALESCE(r.s_ms IS NOT NULL AND ${setterHours} AND r.setter IS NOT NULL ${oneSetter}, false) AS p_sel,
                           (r.a_ms IS NOT NULL AND ${aiHours} AND r.chosen IS NOT NULL) AS d_sel,
                           (r.a_ms IS NOT NULL AND ${aiHours} AND r.chosen IS NOT NULL AND r.actual IS NOT NULL) AS dr_sel,
                           (r.responder IS NOT NULL AND ${firstHours}) AS fr_ok
                      FROM (SELECT e."inboundMessageId" AS id, e."leadId" AS lead, e."inboundSentAt" AS t,
                                   e."setterResponseMs" AS s_ms, e."setterSentByUserId" AS setter, e."aiResponseMs" AS a_ms,
                                   e."aiChosenDelaySeconds" AS chosen, e."aiActualDelaySeconds" AS actual,
                                   ${firstResponderSql("e")} AS responder, e."inboundInBusinessHours" AS ib,
                                   e."setterResponseInBusinessHours" AS sh, e."aiResponseInBusinessHours" AS ah
                              FROM "ResponseTimingEvent" e
                             WHERE ${windowWhereSql("e", f)}) r) s) q)`;
}

/**
 * `firsts`: the rows that decide some section for their lead, with the lead's booking
 * outcome (reference = the row's inbound). The setters section counts a lead once per
 * setter by its earliest p_sel anchor; the outcome depends only on that anchor's
 * inboundSentAt, so min(t) per (lead, setter), a hash aggregate, stands in for a second
 * window sort by (lead, setter). Both kinds share one join to "Lead".
 */
function firstsCte(f: AnalyticsFilters): Prisma.Sql {
  const outcome = bookingOutcomeSql({
    lead: Prisma.raw("l"),
    reference: Prisma.raw("b.t"),
    now: f.now,
    attributionDays: f.attributionDays,
    maturityDays: f.maturityDays,
  });
  return sql`firsts AS MATERIALIZED (
    SELECT b.*, ${outcome} AS o
      FROM (SELECT b.lead, b.t, b.s_ms, b.chosen, b.actual, b.responder, b.fr_ms, b.setter,
                   b.s_first, b.d_first, b.dr_first, b.fr_first, false AS p_first
              FROM base b WHERE b.s_first OR b.d_first OR b.dr_first OR b.fr_first
            UNION ALL
            SELECT b.lead, min(b.t), NULL, NULL, NULL, NULL, NULL, b.setter, false, false, false, false, true
              FROM base b WHERE b.p_sel GROUP BY b.lead, b.setter) b
      JOIN "Lead" l ON l."id" = b.lead AND l."clientId" = ${f.clientId}::uuid)`;
}

const TALLY = sql`count(*) FILTER (WHERE y.o = 'booked')::int AS booked,
  count(*) FILTER (WHERE y.o = 'notBooked')::int AS "notBooked",
  count(*) FILTER (WHERE y.o = 'pending')::int AS pending,
  count(*) FILTER (WHERE y.o = 'bookedNoTimestamp')::int AS "bookedNoTimestamp"`;

/** ARRAY[median, p90] of `value` in one sort (callers round them to whole milliseconds). */
const percentiles = (value: Prisma.Sql, filter: Prisma.Sql = Prisma.empty) =>
  sql`percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY ${value}) ${filter}`;

function bucketSection(flag: string, value: Prisma.Sql, defs: readonly BucketDef[]): Prisma.Sql {
  return sql`SELECT width_bucket(${value}, ${thresholdsArray(defs)}) AS bucket, ${TALLY}
    FROM firsts y WHERE y.${Prisma.raw(flag)} GROUP BY 1`;
}

function responderSection(f: AnalyticsFilters): Prisma.Sql {
  // The setter filter narrows the setter row to leads that setter answered first; the AI row stays whole.
  const oneSetter = f.setterId ? sql`AND (y.responder = 'ai' OR y.setter = ${f.setterId})` : Prisma.empty;
  return sql`SELECT r.responder, r.booked, r."notBooked", r.pending, r."bookedNoTimestamp", round(r.p[1]) AS "medianMs", round(r.p[2]) AS "p90Ms"
    FROM (SELECT y.responder, ${TALLY}, ${percentiles(sql`y.fr_ms`)} AS p
            FROM firsts y WHERE y.fr_first ${oneSetter} GROUP BY y.responder) r`;
}

function setterSection(): Prisma.Sql {
  return sql`SELECT a.setter AS "setterId", COALESCE(u."name", a.setter) AS "setterName", a."anchorsAnswered",
      round(a.p[1]) AS "medianMs", round(a.p[2]) AS "p90Ms", a."within5m", ll.booked, ll."notBooked", ll.pending, ll."bookedNoTimestamp"
    FROM (SELECT b.setter, count(*)::int AS "anchorsAnswered", ${percentiles(sql`b.s_ms`)} AS p,
                 count(*) FILTER (WHERE b.s_ms < ${WITHIN_MS})::int AS "within5m"
            FROM base b WHERE b.p_sel GROUP BY b.setter) a
    JOIN (SELECT y.setter, ${TALLY} FROM firsts y WHERE y.p_first GROUP BY y.setter) ll ON ll.setter = a.setter
    LEFT JOIN "User" u ON u."id" = a.setter
    ORDER BY 2, 1`;
}

const SUMMARY = sql`SELECT s.anchors, s.leads, s."setterAnswered", s."aiAnswered",
    round(s.sp[1]) AS "setterMedianMs", round(s.sp[2]) AS "setterP90Ms", round(s.ap[1]) AS "aiMedianMs", round(s.ap[2]) AS "aiP90Ms"
  FROM (SELECT count(*)::int AS anchors, count(*) FILTER (WHERE b.lead_first)::int AS leads,
               count(*) FILTER (WHERE b.s_ok)::int AS "setterAnswered", count(*) FILTER (WHERE b.a_ok)::int AS "aiAnswered",
               ${percentiles(sql`b.s_ms`, sql`FILTER (WHERE b.s_ok)`)} AS sp, ${percentiles(sql`b.a_ms`, sql`FILTER (WHERE b.a_ok)`)} AS ap
          FROM base b) s`;

const list = (query: Prisma.Sql) => sql`(SELECT COALESCE(json_agg(s), '[]'::json) FROM (${query}) s)`;

/** The whole tab in one statement: one row of JSON columns. */
export function analyticsStatement(
  f: AnalyticsFilters,
  defs: { setter: readonly BucketDef[]; delay: readonly BucketDef[]; drift: readonly BucketDef[] },
): Prisma.Sql {
  return sql`WITH ${baseCte(f)}, ${firstsCte(f)}
    SELECT (SELECT row_to_json(s) FROM (${SUMMARY}) s) AS summary,
           ${list(bucketSection("s_first", sql`y.s_ms`, defs.setter))} AS "setterBuckets",
           ${list(bucketSection("d_first", sql`y.chosen`, defs.delay))} AS "delayBuckets",
           ${list(bucketSection("dr_first", sql`(y.actual - y.chosen)`, defs.drift))} AS "driftBuckets",
           ${list(responderSection(f))} AS "firstResponder",
           ${list(setterSection())} AS setters`;
}
