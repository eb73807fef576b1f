import { describe, expect, it } from "vitest";
import {
  DRIFT_BUCKETS,
  SETTER_BUCKETS,
  bucketIndex,
  bucketThresholds,
  delayBuckets,
  formatDelaySeconds,
} from "./timing-buckets";

const keyOf = (defs: Parameters<typeof bucketIndex>[0], value: number) => defs[bucketIndex(defs, value)]!.key;

describe("setter response buckets", () => {
  it.each([
    [0, "under-1m"],
    [59_999, "under-1m"],
    [60_000, "1m-5m"],
    [299_999, "1m-5m"],
    [300_000, "5m-15m"],
    [900_000, "15m-1h"],
    [3_600_000, "1h-4h"],
    [14_400_000, "4h-24h"],
    [86_399_999, "4h-24h"],
    [86_400_000, "24h-plus"],
    [40 * 86_400_000, "24h-plus"],
  ])("%i ms → %s (lower bound inclusive)", (ms, key) => {
    expect(keyOf(SETTER_BUCKETS, ms)).toBe(key);
  });

  it("has the labels of the tab", () => {
    expect(SETTER_BUCKETS.map((b) => b.label)).toEqual([
      "< 1m",
      "1m–5m",
      "5m–15m",
      "15m–1h",
      "1h–4h",
      "4h–24h",
      "24h+",
    ]);
    expect(bucketThresholds(SETTER_BUCKETS)).toEqual([60_000, 300_000, 900_000, 3_600_000, 14_400_000, 86_400_000]);
  });
});

describe("chosen-delay buckets", () => {
  it("spans the default 180–420 s window in 30-second buckets, the last one holding 420", () => {
    const defs = delayBuckets(180, 420);
    expect(defs.map((d) => d.key)).toEqual([
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
    expect(defs[1]!.label).toBe("3m 00s–3m 29s");
    expect(defs[8]!.label).toBe("6m 30s–7m 00s");
    expect(defs[0]).toMatchObject({ label: "< 3m 00s (below window)", hideWhenEmpty: true });
    expect(defs[9]).toMatchObject({ label: "> 7m 00s (above window)", hideWhenEmpty: true });
    expect(keyOf(defs, 179)).toBe("below");
    expect(keyOf(defs, 180)).toBe("180-209");
    expect(keyOf(defs, 209)).toBe("180-209");
    expect(keyOf(defs, 210)).toBe("210-239");
    expect(keyOf(defs, 420)).toBe("390-420");
    expect(keyOf(defs, 421)).toBe("above");
  });

  it("handles windows that are not a multiple of 30 and a single-value window", () => {
    expect(
      delayBuckets(120, 360)
        .slice(1, -1)
        .map((d) => d.key),
    ).toEqual(["120-149", "150-179", "180-209", "210-239", "240-269", "270-299", "300-329", "330-360"]);
    expect(
      delayBuckets(100, 145)
        .slice(1, -1)
        .map((d) => d.key),
    ).toEqual(["100-129", "130-145"]);
    expect(
      delayBuckets(100, 130)
        .slice(1, -1)
        .map((d) => d.key),
    ).toEqual(["100-130"]);
    expect(
      delayBuckets(100, 131)
        .slice(1, -1)
        .map((d) => d.key),
    ).toEqual(["100-129", "130-131"]);
    expect(delayBuckets(200, 200).map((d) => d.key)).toEqual(["below", "200-200", "above"]);
    expect(() => delayBuckets(300, 200)).toThrow(RangeError);
  });

  it("is contiguous for any window", () => {
    for (const [min, max] of [
      [0, 0],
      [0, 1],
      [1, 59],
      [180, 420],
      [60, 3600],
    ] as const) {
      const defs = delayBuckets(min, max);
      expect(() => bucketThresholds(defs)).not.toThrow();
      for (let v = Math.max(0, min - 2); v <= max + 2; v++) {
        const def = defs[bucketIndex(defs, v)]!;
        expect((def.min ?? -Infinity) <= v && v < (def.max ?? Infinity)).toBe(true);
      }
    }
  });
});

describe("drift buckets", () => {
  it.each([
    [-15, "under-30s"],
    [0, "under-30s"],
    [29, "under-30s"],
    [30, "30s-1m"],
    [60, "1m-2m"],
    [120, "2m-5m"],
    [299, "2m-5m"],
    [300, "5m-plus"],
  ])("%i s → %s", (seconds, key) => {
    expect(keyOf(DRIFT_BUCKETS, seconds)).toBe(key);
  });
});

describe("formatDelaySeconds", () => {
  it.each([
    [0, "0s"],
    [45, "45s"],
    [180, "3m 00s"],
    [209, "3m 29s"],
    [3725, "1h 02m 05s"],
    [-61, "-1m 01s"],
  ])("%i → %s", (seconds, text) => {
    expect(formatDelaySeconds(seconds)).toBe(text);
  });
});

describe("bucketThresholds", () => {
  it("refuses gaps and bounded ends", () => {
    expect(() =>
      bucketThresholds([
        { key: "a", label: "a", min: null, max: 10 },
        { key: "b", label: "b", min: 11, max: null },
      ]),
    ).toThrow(/contiguous/);
    expect(() => bucketThresholds([{ key: "a", label: "a", min: 0, max: null }])).toThrow(/unbounded below/);
    expect(() => bucketThresholds([{ key: "a", label: "a", min: null, max: 5 }])).toThrow(/unbounded above/);
  });
});
