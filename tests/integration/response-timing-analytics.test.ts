// getResponseTimingAnalytics() and the per-anchor export on the hand-checked fixture of
// tests/helpers/analytics-fixtures.ts (read its table first: every number below comes from it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAnalyticsQuery, resolveAnalyticsWindow } from "@/lib/analytics/analytics-window";
import { iterateAnchorRows } from "@/lib/analytics/anchor-export";
import { analyticsFilters, getResponseTimingAnalytics } from "@/lib/analytics/response-timing-analytics";
import type { BucketRow, ResponseTimingAnalytics } from "@/lib/analytics/response-timing-types";
import { NOW, buildAnalyticsFixture, type AnalyticsFixture } from "../helpers/analytics-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;
let fx: AnalyticsFixture;

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await buildAnalyticsFixture(db.prisma);
});

afterAll(async () => {
  await db?.drop();
});

function run(params: string, clientId = fx.a.id): Promise<ResponseTimingAnalytics> {
  const { query, issues } = parseAnalyticsQuery(new URLSearchParams(params));
  expect(issues).toEqual([]);
  return getResponseTimingAnalytics({ db: db.prisma, clientId, query, now: NOW });
}

/** key → [booked, notBooked, pending, bookedNoTimestamp] of the rows with any lead. */
const tallies = (rows: BucketRow[]) =>
  Object.fromEntries(
    rows.filter((r) => r.leads > 0).map((r) => [r.key, [r.booked, r.notBooked, r.pending, r.bookedNoTimestamp]]),
  );

describe("getResponseTimingAnalytics, default query (last 30 days)", () => {
  let data: ResponseTimingAnalytics;
  beforeAll(async () => {
    data = await run("");
  });

  it("resolves the window in the workspace's time zone", () => {
    expect(data.window).toEqual({
      from: "2026-04-02T04:00:00.000Z",
      to: "2026-05-02T04:00:00.000Z",
      timezone: "America/New_York",
      fromDate: "2026-04-02",
      toDate: "2026-05-01",
    });
    expect(data.minEligible).toBe(20);
    expect(data.delayWindow).toEqual({ minSeconds: 180, maxSeconds: 420 });
  });

  it("summarizes the anchors of this workspace only (a3 is before the window, Zed is elsewhere)", () => {
    expect(data.summary).toEqual({
      anchors: 10,
      leads: 8,
      setterAnswered: 7,
      aiAnswered: 7,
      setterMedianMs: 240_000,
      setterP90Ms: 4_680_000,
      aiMedianMs: 300_000,
      aiP90Ms: 446_600,
    });
  });

  it("buckets each lead's earliest setter-answered anchor (Ed counts once, by e1)", () => {
    expect(data.setterBuckets.map((r) => r.key)).toEqual([
      "under-1m",
      "1m-5m",
      "5m-15m",
      "15m-1h",
      "1h-4h",
      "4h-24h",
      "24h-plus",
    ]);
    expect(tallies(data.setterBuckets)).toEqual({
      "under-1m": [1, 0, 0, 0],
      "1m-5m": [1, 0, 1, 0],
      "5m-15m": [0, 1, 0, 0],
      "1h-4h": [0, 1, 0, 0],
    });
    const row = data.setterBuckets[1]!;
    expect(row).toMatchObject({ label: "1m–5m", leads: 2, eligible: 1, bookingRate: 1, lowSample: true });
    expect(row.ci!.low).toBeCloseTo(0.206549, 5);
    expect(row.ci!.high).toBe(1);
    expect(data.setterBuckets[3]).toMatchObject({
      leads: 0,
      eligible: 0,
      bookingRate: null,
      ci: null,
      lowSample: true,
    });
  });

  it("buckets the chosen delay over the current window, with below/above buckets because rows fall there", () => {
    expect(data.delayBuckets.map((r) => r.key)).toEqual([
      "below",
      "180-209",
      "210-239",
      "240-269",
      "270-299",
      "300-329",
      "330-359",
      "360-389",
      "390-420",
      "above",
    ]);
    expect(tallies(data.delayBuckets)).toEqual({
      below: [1, 0, 0, 0],
      "180-209": [1, 0, 0, 0],
      "240-269": [0, 1, 0, 0],
      "300-329": [0, 1, 0, 0],
      "390-420": [0, 1, 0, 1],
      above: [0, 1, 0, 0],
    });
  });

  it("buckets drift (Di's 70 s is 1m–2m, everything else under 30 s)", () => {
    expect(tallies(data.driftBuckets)).toEqual({ "under-30s": [2, 4, 0, 0], "1m-2m": [0, 0, 0, 1] });
  });

  it("attributes each lead to its first responder (Fay's tie goes to the setter, the cancelled booking is not booked)", () => {
    expect(data.firstResponder).toEqual([
      expect.objectContaining({
        key: "setter",
        leads: 4,
        booked: 2,
        notBooked: 1,
        pending: 1,
        bookedNoTimestamp: 0,
        eligible: 3,
        medianMs: 180_000,
        p90Ms: 282_000,
      }),
      expect.objectContaining({
        key: "ai",
        leads: 4,
        booked: 0,
        notBooked: 3,
        pending: 0,
        bookedNoTimestamp: 1,
        eligible: 3,
        bookingRate: 0,
        medianMs: 428_000,
        p90Ms: 458_300,
      }),
    ]);
    expect(data.firstResponder[0]!.bookingRate).toBeCloseTo(2 / 3, 12);
  });

  it("reports each setter: anchors answered (anchor level), bookings (lead level)", () => {
    expect(data.setters).toEqual([
      expect.objectContaining({
        setterId: fx.users.ava.id,
        setterName: "Ava Setter",
        anchorsAnswered: 4,
        medianMs: 85_000,
        p90Ms: 7_596_000,
        within5mShare: 0.75,
        leads: 3,
        booked: 2,
        notBooked: 1,
        pending: 0,
        eligible: 3,
        lowSample: true,
      }),
      expect.objectContaining({
        setterId: fx.users.ben.id,
        setterName: "Ben Setter",
        anchorsAnswered: 3,
        medianMs: 300_000,
        p90Ms: 540_000,
        within5mShare: 1 / 3,
        leads: 3,
        booked: 1,
        notBooked: 1,
        pending: 1,
        eligible: 2,
      }),
    ]);
  });

  it("offers the workspace's setters: SETTER members and members who sent setter replies", () => {
    expect(data.setterOptions).toEqual([
      { id: fx.users.ava.id, name: "Ava Setter" },
      { id: fx.users.ben.id, name: "Ben Setter" },
      { id: fx.users.mia.id, name: "Mia Manager" },
    ]);
  });
});

describe("filters", () => {
  it("business hours keep a response only when the inbound and that response are inside hours", async () => {
    const data = await run("bh=1");
    expect(data.summary).toMatchObject({ anchors: 10, leads: 8, setterAnswered: 5, aiAnswered: 4 });
    expect(tallies(data.setterBuckets)).toEqual({
      "under-1m": [1, 0, 0, 0],
      "1m-5m": [1, 0, 1, 0],
      "5m-15m": [0, 1, 0, 0],
    });
    expect(data.delayBuckets.map((r) => r.key)).not.toContain("above");
    expect(tallies(data.delayBuckets)).toEqual({
      below: [1, 0, 0, 0],
      "180-209": [1, 0, 0, 0],
      "300-329": [0, 1, 0, 0],
      "390-420": [0, 0, 0, 1],
    });
    expect(data.firstResponder.map((r) => [r.key, r.leads])).toEqual([
      ["setter", 4],
      ["ai", 1],
    ]);
    expect(data.setters.map((s) => [s.setterName, s.anchorsAnswered, s.leads])).toEqual([
      ["Ava Setter", 2, 2],
      ["Ben Setter", 3, 3],
    ]);
  });

  it("the setter filter narrows sections 1, 4 (setter row only) and 5, not the summary", async () => {
    const data = await run(`setter=${fx.users.ben.id}`);
    expect(data.summary.anchors).toBe(10);
    expect(data.summary.setterAnswered).toBe(7);
    // Ann counts by a2 (her earliest anchor Ben answered), not by a1 (Ava's).
    expect(tallies(data.setterBuckets)).toEqual({ "1m-5m": [0, 0, 1, 0], "5m-15m": [1, 1, 0, 0] });
    expect(data.firstResponder).toEqual([
      expect.objectContaining({ key: "setter", leads: 2, pending: 1, notBooked: 1, medianMs: 270_000 }),
      expect.objectContaining({ key: "ai", leads: 4 }),
    ]);
    expect(data.setters.map((s) => s.setterName)).toEqual(["Ben Setter"]);
    expect(tallies(data.delayBuckets)).toEqual(tallies((await run("")).delayBuckets));
  });

  it("the channel filter applies to every section", async () => {
    const data = await run("channel=sms");
    expect(data.summary).toMatchObject({ anchors: 8, leads: 6, setterAnswered: 6, aiAnswered: 5 });
    expect(data.firstResponder.map((r) => [r.key, r.leads, r.notBooked])).toEqual([
      ["setter", 4, 1],
      ["ai", 2, 2],
    ]);
    expect((await run("channel=linkedin")).summary).toMatchObject({
      anchors: 1,
      leads: 1,
      setterAnswered: 0,
      aiAnswered: 1,
    });
  });

  it("attribution and maturity change the outcome", async () => {
    const data = await run("attr=10&mature=0");
    // Ann booked 5 days after a1 (in); Ed 23 days after e1 (out); Cy is no longer pending.
    expect(tallies(data.setterBuckets)).toEqual({
      "under-1m": [1, 0, 0, 0],
      "1m-5m": [0, 2, 0, 0],
      "5m-15m": [0, 1, 0, 0],
      "1h-4h": [0, 1, 0, 0],
    });
  });

  it("a custom range includes its first instant and excludes its end (g0 at Apr 2 04:00Z in, h1 at Apr 3 04:00Z out)", async () => {
    const data = await run("range=custom&from=2026-04-02&to=2026-04-02");
    expect(data.window).toMatchObject({ from: "2026-04-02T04:00:00.000Z", to: "2026-04-03T04:00:00.000Z" });
    expect(data.summary).toMatchObject({ anchors: 1, leads: 1, aiAnswered: 1 });
    expect(tallies(data.delayBuckets)).toEqual({ "390-420": [0, 1, 0, 0] });
    expect(data.delayBuckets.map((r) => r.key)).not.toContain("above");
    expect(data.setters).toEqual([]);
  });

  it("scopes everything to the workspace asked for", async () => {
    const data = await run("", fx.b.id);
    expect(data.summary).toMatchObject({ anchors: 1, leads: 1, setterAnswered: 1, aiAnswered: 0 });
    expect(data.setters.map((s) => s.setterName)).toEqual(["Cal Setter"]);
    expect(data.setterOptions.map((s) => s.name)).toEqual(["Cal Setter"]);
    expect(data.window.timezone).toBe("Europe/London");
  });

  it("is all zeros for an empty window", async () => {
    const data = await run("range=custom&from=2025-01-01&to=2025-01-31");
    expect(data.summary).toEqual({
      anchors: 0,
      leads: 0,
      setterAnswered: 0,
      aiAnswered: 0,
      setterMedianMs: null,
      setterP90Ms: null,
      aiMedianMs: null,
      aiP90Ms: null,
    });
    expect(data.setterBuckets.every((r) => r.leads === 0)).toBe(true);
    expect(data.delayBuckets.map((r) => r.key)).toEqual([
      "180-209",
      "210-239",
      "240-269",
      "270-299",
      "300-329",
      "330-359",
      "360-389",
      "390-420",
    ]);
    expect(data.firstResponder.map((r) => r.leads)).toEqual([0, 0]);
  });
});

describe("iterateAnchorRows", () => {
  async function anchors(params: string, batchSize: number) {
    const { query } = parseAnalyticsQuery(new URLSearchParams(params));
    const window = resolveAnalyticsWindow(query, "America/New_York", NOW);
    const pages = [];
    for await (const page of iterateAnchorRows({
      db: db.prisma,
      filters: analyticsFilters(fx.a.id, query, window, NOW),
      batchSize,
    }))
      pages.push(page);
    return pages;
  }

  it("pages through every anchor of the window in (inboundSentAt, id) order", async () => {
    const pages = await anchors("", 3);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
    const rows = pages.flat();
    const byKey = Object.fromEntries(Object.entries(fx.anchors).map(([k, id]) => [id, k]));
    expect(rows.map((r) => byKey[r.inboundMessageId])).toEqual([
      "g0",
      "h1",
      "e1",
      "d1",
      "a1",
      "a2",
      "f1",
      "b1",
      "e2",
      "c1",
    ]);
    expect(rows.find((r) => byKey[r.inboundMessageId] === "a1")).toEqual({
      inboundMessageId: fx.anchors.a1,
      leadId: fx.leads.Ann,
      leadName: "Ann",
      channel: "sms",
      inboundSentAt: new Date("2026-04-10T14:00:00.000Z"),
      streakLength: 1,
      streakStartSentAt: new Date("2026-04-10T14:00:00.000Z"),
      setterResponseMs: 30_000,
      setterName: "Ava Setter",
      aiResponseMs: 200_000,
      aiChosenDelaySeconds: 190,
      aiDelayMinSeconds: 180,
      aiDelayMaxSeconds: 420,
      aiScheduledRunAt: new Date("2026-04-10T14:03:10.000Z"),
      aiActualDelaySeconds: 200,
      driftSeconds: 10,
      firstResponder: "setter",
      inboundInBusinessHours: true,
      setterResponseInBusinessHours: true,
      aiResponseInBusinessHours: true,
      bookingOutcome: "booked",
    });
    // The outcome is per anchor: Ann's a2 (Apr 12) is booked too, Ed's e2 (Apr 25, booked Apr 26) as well.
    expect(rows.map((r) => r.bookingOutcome)).toEqual([
      "notBooked",
      "notBooked",
      "booked",
      "bookedNoTimestamp",
      "booked",
      "booked",
      "notBooked",
      "notBooked",
      "booked",
      "pending",
    ]);
  });

  it("applies the setter and business-hours filters", async () => {
    expect((await anchors(`setter=${fx.users.ben.id}`, 2000)).flat()).toHaveLength(3);
    expect((await anchors("bh=1", 2000)).flat().length).toBe(6);
    expect(await anchors("range=custom&from=2025-01-01&to=2025-01-02", 2000)).toEqual([]);
  });
});
