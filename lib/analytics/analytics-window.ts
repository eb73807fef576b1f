// The analytics tab keeps its state in the URL. This module turns the query string into
// an AnalyticsQuery (and back), and resolves the query into the instants the SQL uses:
// local days of the workspace's time zone, `from` inclusive, `to` exclusive (docs/definitions.md).
import { TZDate } from "@date-fns/tz";
import { addDays, format, subDays } from "date-fns";
import { z } from "zod";
import { MessageChannel } from "@/lib/generated/prisma/enums";
import {
  ANALYTICS_PRESETS,
  type AnalyticsQuery,
  type AnalyticsWindow,
  type ExportTable,
} from "./response-timing-types";

export const DEFAULT_ANALYTICS_QUERY: AnalyticsQuery = {
  range: "30d",
  businessHours: false,
  attributionDays: 30,
  maturityDays: 7,
};
export const MAX_CUSTOM_DAYS = 366;
const PRESET_DAYS = { "7d": 7, "30d": 30, "90d": 90 } as const;

/** Next.js `searchParams`, a URLSearchParams, or a plain object of strings. */
export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a `YYYY-MM-DD` calendar date (days since 1970-01-01), or null when it is not a real date. */
function dayNumber(value: string): number | null {
  const match = DATE.exec(value);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.getTime() / 86_400_000;
}

const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const paramSchemas = {
  range: z.enum([...ANALYTICS_PRESETS, "custom"]),
  channel: z.enum(MessageChannel),
  // better-auth ids: letters, digits and a few separators.
  setter: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/),
  bh: z.enum(["1", "0", "true", "false"]).transform((v) => v === "1" || v === "true"),
  attr: intIn(1, 365),
  mature: intIn(0, 90),
};

const HINTS: Record<keyof typeof paramSchemas, string> = {
  range: "use 7d, 30d, 90d or custom",
  channel: "use sms, email or linkedin",
  setter: "not a user id",
  bh: "use 1 or 0",
  attr: "attribution window must be 1–365 days",
  mature: "maturity buffer must be 0–90 days",
};

function read(input: SearchParamsInput, name: string): string | undefined {
  const value: unknown = input instanceof URLSearchParams ? input.get(name) : input[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  // Anything but a non-empty string (a tampered server-action argument) counts as absent.
  return typeof first === "string" && first !== "" ? first : undefined;
}

/** A parameter that was not understood: `param` is "range", ..., or "custom" for the from/to pair. */
export type AnalyticsIssue = { param: string; value?: string; problem: string };

/** For a page, which went on with the default. */
export function issueWarning(issue: AnalyticsIssue): string {
  if (issue.param === "custom") return `Ignored the custom range: ${issue.problem}; showing the last 30 days.`;
  return `Ignored ${issue.param}=${JSON.stringify(issue.value ?? "")}: ${issue.problem}.`;
}

/** For the action and the export, which refuse the request. */
export function issueError(issue: AnalyticsIssue): string {
  if (issue.param === "custom") return `Invalid custom range: ${issue.problem}.`;
  return `Invalid ${issue.param}=${JSON.stringify(issue.value ?? "")}: ${issue.problem}.`;
}

/**
 * Parses the analytics query string. Never throws: a bad value falls back to its default
 * and adds an issue. A page shows the issues as warnings (issueWarning); the action and
 * the export route reject a request that has any (issueError).
 */
export function parseAnalyticsQuery(input: SearchParamsInput): { query: AnalyticsQuery; issues: AnalyticsIssue[] } {
  const issues: AnalyticsIssue[] = [];
  const query: AnalyticsQuery = { ...DEFAULT_ANALYTICS_QUERY };
  const parse = <K extends keyof typeof paramSchemas>(name: K): z.output<(typeof paramSchemas)[K]> | undefined => {
    const raw = read(input, name);
    if (raw === undefined) return undefined;
    const result = paramSchemas[name].safeParse(raw);
    if (result.success) return result.data as z.output<(typeof paramSchemas)[K]>;
    issues.push({ param: name, value: raw.slice(0, 40), problem: HINTS[name] });
    return undefined;
  };
  const range = parse("range");
  const channel = parse("channel");
  const setterId = parse("setter");
  const businessHours = parse("bh");
  const attributionDays = parse("attr");
  const maturityDays = parse("mature");
  if (channel) query.channel = channel;
  if (setterId) query.setterId = setterId;
  if (businessHours !== undefined) query.businessHours = businessHours;
  if (attributionDays !== undefined) query.attributionDays = attributionDays;
  if (maturityDays !== undefined) query.maturityDays = maturityDays;

  if (range === "custom") {
    const fromDate = read(input, "from");
    const toDate = read(input, "to");
    const from = fromDate === undefined ? null : dayNumber(fromDate);
    const to = toDate === undefined ? null : dayNumber(toDate);
    let problem: string | null = null;
    if (from === null || to === null) problem = "from and to must be real dates written YYYY-MM-DD";
    else if (from > to) problem = "from must not be after to";
    else if (to - from + 1 > MAX_CUSTOM_DAYS) problem = `a custom range spans at most ${MAX_CUSTOM_DAYS} days`;
    if (problem) issues.push({ param: "custom", problem });
    else Object.assign(query, { range: "custom", fromDate, toDate });
  } else if (range) {
    query.range = range;
  }
  return { query, issues };
}

/** The query string for a query (the inverse of parseAnalyticsQuery), defaults omitted. */
export function toSearchParams(query: AnalyticsQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.range !== DEFAULT_ANALYTICS_QUERY.range) params.set("range", query.range);
  if (query.range === "custom" && query.fromDate && query.toDate) {
    params.set("from", query.fromDate);
    params.set("to", query.toDate);
  }
  if (query.channel) params.set("channel", query.channel);
  if (query.setterId) params.set("setter", query.setterId);
  if (query.businessHours) params.set("bh", "1");
  if (query.attributionDays !== DEFAULT_ANALYTICS_QUERY.attributionDays)
    params.set("attr", String(query.attributionDays));
  if (query.maturityDays !== DEFAULT_ANALYTICS_QUERY.maturityDays) params.set("mature", String(query.maturityDays));
  return params;
}

/** Local midnight of a `YYYY-MM-DD` day in `timeZone`. */
function localMidnight(date: string, timeZone: string): TZDate {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`not a date: ${date}`);
  return new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), timeZone);
}

/**
 * The instants of a query in the workspace's time zone. A preset is the last N local days
 * including today: [midnight of today − (N − 1), midnight of tomorrow). A custom range is
 * [midnight of fromDate, midnight of the day after toDate). Days are 23 or 25 hours long
 * across DST changes; date-fns with TZDate does that arithmetic, never a fixed offset.
 */
export function resolveAnalyticsWindow(query: AnalyticsQuery, timeZone: string, now: Date): AnalyticsWindow {
  const today = new TZDate(now.getTime(), timeZone);
  if (Number.isNaN(today.getTime()) || Number.isNaN(today.getFullYear()))
    throw new RangeError(`invalid time zone or date: ${timeZone}`);
  let fromDate: string;
  let toDate: string;
  if (query.range === "custom" && query.fromDate && query.toDate) {
    fromDate = query.fromDate;
    toDate = query.toDate;
  } else {
    const preset = query.range === "custom" ? DEFAULT_ANALYTICS_QUERY.range : query.range;
    const days = PRESET_DAYS[preset as keyof typeof PRESET_DAYS];
    toDate = format(today, "yyyy-MM-dd");
    fromDate = format(subDays(today, days - 1), "yyyy-MM-dd");
  }
  const from = localMidnight(fromDate, timeZone);
  const to = addDays(localMidnight(toDate, timeZone), 1);
  return {
    from: new Date(from.getTime()).toISOString(),
    to: new Date(to.getTime()).toISOString(),
    timezone: timeZone,
    fromDate,
    toDate,
  };
}

/** The tab's URL for a query (links and router.push). */
export function analyticsHref(clientId: string, query: AnalyticsQuery): string {
  const params = toSearchParams(query).toString();
  return `/w/${encodeURIComponent(clientId)}/analytics${params ? `?${params}` : ""}`;
}

/** The CSV export of one table for a query (app/w/[clientId]/analytics/export/route.ts). */
export function analyticsExportHref(clientId: string, table: ExportTable, query: AnalyticsQuery): string {
  const params = new URLSearchParams({ table });
  for (const [name, value] of toSearchParams(query)) params.set(name, value);
  return `/w/${encodeURIComponent(clientId)}/analytics/export?${params.toString()}`;
}
