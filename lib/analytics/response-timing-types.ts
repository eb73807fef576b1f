// The contract between the Response Timing analytics query (lib/analytics), its server
// action and the analytics tab. Plain JSON (no Date, no bigint) so it crosses the
// server/client boundary as is.
import type { MessageChannel } from "@/lib/generated/prisma/enums";

export const ANALYTICS_PRESETS = ["7d", "30d", "90d"] as const;
export type AnalyticsPreset = (typeof ANALYTICS_PRESETS)[number];

/** What the user chose (the URL's query string, parsed and validated). */
export type AnalyticsQuery = {
  /** A preset, or "custom" with `fromDate`/`toDate`. */
  range: AnalyticsPreset | "custom";
  /** Custom range: first and last local day shown to the user, `YYYY-MM-DD`, both included. */
  fromDate?: string;
  toDate?: string;
  channel?: MessageChannel;
  /** Restricts the setter sections (1, 4's setter row, 5) to one setter's responses. */
  setterId?: string;
  /** Keep a response only when the inbound and the response are both inside business hours. */
  businessHours: boolean;
  /** A booking counts for an anchor when it happens within this many days after the anchor's inbound. */
  attributionDays: number;
  /** Leads whose qualifying anchor is younger than this and that are not booked are `pending`. */
  maturityDays: number;
};

/** The resolved window: `from` inclusive, `to` exclusive, local midnights as ISO timestamps. */
export type AnalyticsWindow = {
  from: string;
  to: string;
  timezone: string;
  /** Inclusive local dates for display and for the custom-range inputs. */
  fromDate: string;
  toDate: string;
};

/** Lead-level booking outcome counts (docs/definitions.md). `eligible = booked + notBooked`. */
export type BookingCounts = {
  booked: number;
  notBooked: number;
  pending: number;
  bookedNoTimestamp: number;
  eligible: number;
  /** booked / eligible; null when eligible is 0. */
  bookingRate: number | null;
};

/** Wilson score 95% interval on bookingRate; null when eligible is 0. */
export type RateInterval = { low: number; high: number } | null;

export type BucketRow = BookingCounts & {
  key: string;
  label: string;
  /** Leads counted in this bucket (booked + notBooked + pending + bookedNoTimestamp). */
  leads: number;
  ci: RateInterval;
  /** eligible is below the minimum sample size: show a warning, do not read the rate. */
  lowSample: boolean;
};

export type ResponderRow = BucketRow & {
  key: "setter" | "ai";
  /** Response time of the first responder over the leads in this row. */
  medianMs: number | null;
  p90Ms: number | null;
};

export type SetterRow = BookingCounts & {
  setterId: string;
  setterName: string;
  /** Anchors in the window whose setter response was this setter's (anchor level, not lead level). */
  anchorsAnswered: number;
  medianMs: number | null;
  p90Ms: number | null;
  /** Share of those anchors answered within 5 minutes, 0..1; null when none. */
  within5mShare: number | null;
  leads: number;
  ci: RateInterval;
  lowSample: boolean;
};

export type AnalyticsSummary = {
  anchors: number;
  leads: number;
  setterAnswered: number;
  aiAnswered: number;
  setterMedianMs: number | null;
  setterP90Ms: number | null;
  aiMedianMs: number | null;
  aiP90Ms: number | null;
};

export type ResponseTimingAnalytics = {
  window: AnalyticsWindow;
  query: AnalyticsQuery;
  /** Minimum eligible leads for a rate to be read (below it: lowSample). */
  minEligible: number;
  /** The workspace's current AI delay window, which the chosen-delay buckets span. */
  delayWindow: { minSeconds: number; maxSeconds: number };
  summary: AnalyticsSummary;
  setterBuckets: BucketRow[];
  delayBuckets: BucketRow[];
  driftBuckets: BucketRow[];
  firstResponder: ResponderRow[];
  setters: SetterRow[];
  /** Setters of the workspace, for the setter filter. */
  setterOptions: { id: string; name: string }[];
};

/** The tables that can be exported as CSV (`anchors` = one row per anchor behind the window). */
export const EXPORT_TABLES = [
  "setter-buckets",
  "delay-buckets",
  "drift-buckets",
  "first-responder",
  "setters",
  "anchors",
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
