// The Response Timing tab's data: getResponseTimingAnalytics() runs one aggregate
// statement (response-timing-analytics-sql.ts) over the window's ResponseTimingEvent rows
// and assembles the contract (response-timing-types.ts): empty buckets added, Wilson
// intervals and low-sample flags computed. No anchor row ever reaches JavaScript.
import type { Db } from "@/lib/prisma-client";
import { resolveAnalyticsWindow } from "./analytics-window";
import { toBookingCounts, type OutcomeTally } from "./booking-outcome";
import { analyticsStatement, type AnalyticsFilters } from "./response-timing-analytics-sql";
import type {
  AnalyticsQuery,
  AnalyticsSummary,
  AnalyticsWindow,
  BucketRow,
  ResponderRow,
  ResponseTimingAnalytics,
  SetterRow,
} from "./response-timing-types";
import { DRIFT_BUCKETS, SETTER_BUCKETS, delayBuckets, type BucketDef } from "./timing-buckets";
import { wilsonInterval } from "./wilson";

/** Below this many eligible leads a rate is flagged lowSample. */
export const MIN_ELIGIBLE = 20;

export type SetterOption = { id: string; name: string };

type TallyRow = OutcomeTally;
type StatementRow = {
  summary: AnalyticsSummary;
  setterBuckets: (TallyRow & { bucket: number })[];
  delayBuckets: (TallyRow & { bucket: number })[];
  driftBuckets: (TallyRow & { bucket: number })[];
  firstResponder: (TallyRow & { responder: "setter" | "ai"; medianMs: number | null; p90Ms: number | null })[];
  setters: (TallyRow & {
    setterId: string;
    setterName: string;
    anchorsAnswered: number;
    medianMs: number | null;
    p90Ms: number | null;
    within5m: number;
  })[];
};

const EMPTY_TALLY: TallyRow = { booked: 0, notBooked: 0, pending: 0, bookedNoTimestamp: 0 };

/** Counts, rate, interval and low-sample flag of one row. */
export function rateColumns(tally: TallyRow, minEligible: number = MIN_ELIGIBLE) {
  const counts = toBookingCounts(tally);
  return {
    ...counts,
    leads: tally.booked + tally.notBooked + tally.pending + tally.bookedNoTimestamp,
    ci: wilsonInterval(counts.booked, counts.eligible),
    lowSample: counts.eligible < minEligible,
  };
}

function bucketRows(defs: readonly BucketDef[], rows: (TallyRow & { bucket: number })[]): BucketRow[] {
  const byIndex = new Map(rows.map((row) => [row.bucket, row]));
  return defs.flatMap((def, index) => {
    const row = byIndex.get(index);
    if (!row && def.hideWhenEmpty) return [];
    const { booked, notBooked, pending, bookedNoTimestamp } = row ?? EMPTY_TALLY;
    return [{ key: def.key, label: def.label, ...rateColumns({ booked, notBooked, pending, bookedNoTimestamp }) }];
  });
}

/**
 * Setters of the workspace, for the setter filter: members with the SETTER role, and any
 * other member (a manager or admin) who has sent setter replies in this workspace.
 */
export async function listSetterOptions({ db, clientId }: { db: Db; clientId: string }): Promise<SetterOption[]> {
  const members = await db.clientMember.findMany({
    where: {
      clientId,
      OR: [{ role: "SETTER" }, { user: { sentMessages: { some: { clientId, sentBy: "setter" } } } }],
    },
    select: { user: { select: { id: true, name: true } } },
    orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
  });
  return members.map((m) => ({ id: m.user.id, name: m.user.name }));
}

export type AnalyticsWorkspace = { timezone: string; delayWindow: { minSeconds: number; maxSeconds: number } };

/** The workspace's time zone and current AI delay window; null when there is no such workspace. */
export async function findAnalyticsWorkspace({
  db,
  clientId,
}: {
  db: Db;
  clientId: string;
}): Promise<AnalyticsWorkspace | null> {
  const client = await db.client.findUnique({
    where: { id: clientId },
    select: { timezone: true, aiDelayMinSeconds: true, aiDelayMaxSeconds: true },
  });
  if (!client) return null;
  return {
    timezone: client.timezone,
    delayWindow: { minSeconds: client.aiDelayMinSeconds, maxSeconds: client.aiDelayMaxSeconds },
  };
}

export function analyticsFilters(
  clientId: string,
  query: AnalyticsQuery,
  window: AnalyticsWindow,
  now: Date,
): AnalyticsFilters {
  return {
    clientId,
    from: new Date(window.from),
    to: new Date(window.to),
    channel: query.channel,
    setterId: query.setterId,
    businessHours: query.businessHours,
    now,
    attributionDays: query.attributionDays,
    maturityDays: query.maturityDays,
  };
}

export type GetAnalyticsOptions = {
  db: Db;
  clientId: string;
  query: AnalyticsQuery;
  now?: Date;
  /** Already loaded by the caller (it validates query.setterId against them); loaded here otherwise. */
  setterOptions?: SetterOption[];
  workspace?: AnalyticsWorkspace;
};

/**
 * The whole Response Timing tab for one workspace. The caller has authorized the user for
 * `clientId`; every statement is scoped by it.
 */
export async function getResponseTimingAnalytics({
  db,
  clientId,
  query,
  now = new Date(),
  ...loaded
}: GetAnalyticsOptions): Promise<ResponseTimingAnalytics> {
  const workspace = loaded.workspace ?? (await findAnalyticsWorkspace({ db, clientId }));
  if (!workspace) throw new Error(`no workspace ${clientId}`);
  const setterOptions = loaded.setterOptions ?? (await listSetterOptions({ db, clientId }));
  const window = resolveAnalyticsWindow(query, workspace.timezone, now);
  const defs = {
    setter: SETTER_BUCKETS,
    delay: delayBuckets(workspace.delayWindow.minSeconds, workspace.delayWindow.maxSeconds),
    drift: DRIFT_BUCKETS,
  };
  const [row] = await db.$queryRaw<StatementRow[]>(
    analyticsStatement(analyticsFilters(clientId, query, window, now), defs),
  );
  if (!row) throw new Error("the analytics statement returned no row");

  const firstResponder: ResponderRow[] = (["setter", "ai"] as const).map((key) => {
    const found = row.firstResponder.find((r) => r.responder === key);
    return {
      key,
      label: key === "setter" ? "Setter first" : "AI first",
      ...rateColumns(found ?? EMPTY_TALLY),
      medianMs: found?.medianMs ?? null,
      p90Ms: found?.p90Ms ?? null,
    };
  });
  const setters: SetterRow[] = row.setters.map((s) => {
    const { leads, ...rate } = rateColumns(s);
    return {
      setterId: s.setterId,
      setterName: s.setterName,
      anchorsAnswered: s.anchorsAnswered,
      medianMs: s.medianMs,
      p90Ms: s.p90Ms,
      within5mShare: s.anchorsAnswered === 0 ? null : s.within5m / s.anchorsAnswered,
      leads,
      ...rate,
    };
  });
  return {
    window,
    query,
    minEligible: MIN_ELIGIBLE,
    delayWindow: workspace.delayWindow,
    summary: row.summary,
    setterBuckets: bucketRows(defs.setter, row.setterBuckets),
    delayBuckets: bucketRows(defs.delay, row.delayBuckets),
    driftBuckets: bucketRows(defs.drift, row.driftBuckets),
    firstResponder,
    setters,
    setterOptions,
  };
}
