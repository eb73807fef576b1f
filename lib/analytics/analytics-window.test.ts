import { describe, expect, it } from "vitest";
import {
  DEFAULT_ANALYTICS_QUERY,
  analyticsExportHref,
  analyticsHref,
  issueError,
  issueWarning,
  parseAnalyticsQuery,
  resolveAnalyticsWindow,
  toSearchParams,
} from "./analytics-window";
import type { AnalyticsQuery } from "./response-timing-types";

const hours = (w: { from: string; to: string }) => (Date.parse(w.to) - Date.parse(w.from)) / 3_600_000;
const custom = (fromDate: string, toDate: string): AnalyticsQuery => ({
  ...DEFAULT_ANALYTICS_QUERY,
  range: "custom",
  fromDate,
  toDate,
});

describe("parseAnalyticsQuery", () => {
  it("defaults to the last 30 days, all channels, wall-clock hours, 30-day attribution, 7-day maturity", () => {
    expect(parseAnalyticsQuery({})).toEqual({ query: DEFAULT_ANALYTICS_QUERY, issues: [] });
    expect(parseAnalyticsQuery(new URLSearchParams(""))).toEqual({ query: DEFAULT_ANALYTICS_QUERY, issues: [] });
  });

  it("reads every parameter", () => {
    const { query, issues } = parseAnalyticsQuery(
      new URLSearchParams(
        "range=custom&from=2026-03-01&to=2026-03-31&channel=sms&setter=Garajr7SwiDyMF4T9rfS6bLQtL5OgfK7&bh=1&attr=14&mature=0",
      ),
    );
    expect(issues).toEqual([]);
    expect(query).toEqual({
      range: "custom",
      fromDate: "2026-03-01",
      toDate: "2026-03-31",
      channel: "sms",
      setterId: "Garajr7SwiDyMF4T9rfS6bLQtL5OgfK7",
      businessHours: true,
      attributionDays: 14,
      maturityDays: 0,
    });
  });

  it("takes the first of repeated values (Next.js passes arrays)", () => {
    expect(parseAnalyticsQuery({ range: ["7d", "90d"], bh: ["0"] }).query).toMatchObject({
      range: "7d",
      businessHours: false,
    });
  });

  it("falls back to the default of each bad value and says so", () => {
    const { query, issues } = parseAnalyticsQuery({
      range: "1y",
      channel: "fax",
      setter: "x'; drop",
      bh: "yes",
      attr: "0",
      mature: "91",
    });
    expect(query).toEqual(DEFAULT_ANALYTICS_QUERY);
    expect(issues.map((i) => i.param)).toEqual(["range", "channel", "setter", "bh", "attr", "mature"]);
    expect(issueWarning(issues[0]!)).toBe('Ignored range="1y": use 7d, 30d, 90d or custom.');
    expect(issueError(issues[4]!)).toBe('Invalid attr="0": attribution window must be 1–365 days.');
    expect(parseAnalyticsQuery({ attr: "366" }).issues).toHaveLength(1);
    expect(parseAnalyticsQuery({ attr: "1.5" }).issues).toHaveLength(1);
    expect(parseAnalyticsQuery({ attr: "365", mature: "90" }).query).toMatchObject({
      attributionDays: 365,
      maturityDays: 90,
    });
  });

  it.each([
    [{ from: "2026-03-31", to: "2026-03-01" }, /from must not be after to/],
    [{ from: "2026-02-30", to: "2026-03-01" }, /real dates/],
    [{ from: "2026-3-1", to: "2026-03-02" }, /real dates/],
    [{ to: "2026-03-02" }, /real dates/],
    [{ from: "2025-01-01", to: "2026-01-02" }, /at most 366 days/],
  ])("rejects the custom range %o", (dates, message) => {
    const { query, issues } = parseAnalyticsQuery({ range: "custom", ...dates });
    expect(query).toEqual(DEFAULT_ANALYTICS_QUERY);
    expect(issues).toHaveLength(1);
    expect(issueWarning(issues[0]!)).toMatch(message);
    expect(issueWarning(issues[0]!)).toMatch(/^Ignored the custom range: .*; showing the last 30 days\.$/);
    expect(issueError(issues[0]!)).toMatch(/^Invalid custom range: /);
  });

  it("accepts a custom range of exactly 366 days and a single day", () => {
    expect(parseAnalyticsQuery({ range: "custom", from: "2024-01-01", to: "2024-12-31" }).issues).toEqual([]);
    expect(parseAnalyticsQuery({ range: "custom", from: "2026-03-08", to: "2026-03-08" }).query.fromDate).toBe(
      "2026-03-08",
    );
  });
});

describe("toSearchParams", () => {
  it("omits defaults", () => {
    expect(toSearchParams(DEFAULT_ANALYTICS_QUERY).toString()).toBe("");
  });

  it.each<AnalyticsQuery>([
    { ...DEFAULT_ANALYTICS_QUERY, range: "7d" },
    { ...DEFAULT_ANALYTICS_QUERY, range: "90d", channel: "linkedin", businessHours: true },
    { ...custom("2026-03-01", "2026-03-31"), setterId: "u_1", attributionDays: 60, maturityDays: 0 },
  ])("round-trips %o", (query) => {
    const params = toSearchParams(query);
    expect(parseAnalyticsQuery(params)).toEqual({ query, issues: [] });
    expect(toSearchParams(parseAnalyticsQuery(new URLSearchParams(params.toString())).query).toString()).toBe(
      params.toString(),
    );
  });
});

describe("resolveAnalyticsWindow", () => {
  const now = new Date("2026-03-10T03:00:00.000Z"); // 23:00 on March 9 in New York, 03:00 on March 10 in London

  it("makes a preset the last N local days including today, ending at local midnight tomorrow", () => {
    expect(resolveAnalyticsWindow({ ...DEFAULT_ANALYTICS_QUERY, range: "7d" }, "America/New_York", now)).toEqual({
      from: "2026-03-03T05:00:00.000Z", // midnight EST
      to: "2026-03-10T04:00:00.000Z", // midnight EDT: the week holds the 23-hour March 8
      timezone: "America/New_York",
      fromDate: "2026-03-03",
      toDate: "2026-03-09",
    });
    const london = resolveAnalyticsWindow({ ...DEFAULT_ANALYTICS_QUERY, range: "7d" }, "Europe/London", now);
    expect(london).toMatchObject({
      from: "2026-03-04T00:00:00.000Z",
      to: "2026-03-11T00:00:00.000Z",
      fromDate: "2026-03-04",
      toDate: "2026-03-10",
    });
    const month = resolveAnalyticsWindow(DEFAULT_ANALYTICS_QUERY, "America/New_York", now);
    expect(month).toMatchObject({ fromDate: "2026-02-08", toDate: "2026-03-09" });
    expect(hours(month)).toBe(30 * 24 - 1);
  });

  it("keeps `now` inside and the end exclusive: one millisecond before midnight is today, midnight is tomorrow", () => {
    const before = new Date("2026-03-10T03:59:59.999Z");
    const at = new Date("2026-03-10T04:00:00.000Z");
    const w1 = resolveAnalyticsWindow({ ...DEFAULT_ANALYTICS_QUERY, range: "7d" }, "America/New_York", before);
    const w2 = resolveAnalyticsWindow({ ...DEFAULT_ANALYTICS_QUERY, range: "7d" }, "America/New_York", at);
    expect(w1.toDate).toBe("2026-03-09");
    expect(Date.parse(w1.to)).toBe(at.getTime());
    expect(w2.toDate).toBe("2026-03-10");
    expect(Date.parse(w2.from)).toBe(Date.parse(w1.from) + 24 * 3_600_000);
  });

  it.each([
    ["America/New_York", "2026-03-08", "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z", 23],
    ["America/New_York", "2026-11-01", "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z", 25],
    ["Europe/London", "2026-03-29", "2026-03-29T00:00:00.000Z", "2026-03-29T23:00:00.000Z", 23],
    ["Europe/London", "2026-10-25", "2026-10-24T23:00:00.000Z", "2026-10-26T00:00:00.000Z", 25],
    ["Europe/London", "2026-06-01", "2026-05-31T23:00:00.000Z", "2026-06-01T23:00:00.000Z", 24],
  ])("a custom day in %s on %s runs %s → %s (%i h)", (timeZone, day, from, to, length) => {
    const window = resolveAnalyticsWindow(custom(day, day), timeZone, now);
    expect(window).toEqual({ from, to, timezone: timeZone, fromDate: day, toDate: day });
    expect(hours(window)).toBe(length);
  });

  it("includes both custom days", () => {
    const window = resolveAnalyticsWindow(custom("2026-10-24", "2026-11-02"), "America/New_York", now);
    expect(window.from).toBe("2026-10-24T04:00:00.000Z");
    expect(window.to).toBe("2026-11-03T05:00:00.000Z");
    expect(hours(window)).toBe(10 * 24 + 1);
  });

  it("refuses an unknown time zone", () => {
    expect(() => resolveAnalyticsWindow(DEFAULT_ANALYTICS_QUERY, "Mars/Olympus_Mons", now)).toThrow(RangeError);
  });
});

describe("hrefs", () => {
  it("builds the tab and export URLs from a query", () => {
    const query: AnalyticsQuery = { ...DEFAULT_ANALYTICS_QUERY, range: "7d", channel: "sms", businessHours: true };
    expect(analyticsHref("c1", DEFAULT_ANALYTICS_QUERY)).toBe("/w/c1/analytics");
    expect(analyticsHref("c1", query)).toBe("/w/c1/analytics?range=7d&channel=sms&bh=1");
    expect(analyticsExportHref("c1", "anchors", query)).toBe(
      "/w/c1/analytics/export?table=anchors&range=7d&channel=sms&bh=1",
    );
  });

  it("ignores values that are not strings (a tampered action argument)", () => {
    expect(parseAnalyticsQuery({ range: 7 as unknown as string, bh: { x: 1 } as unknown as string })).toEqual({
      query: DEFAULT_ANALYTICS_QUERY,
      issues: [],
    });
  });
});
