import { describe, expect, it } from "vitest";
import { computeBackoffMs, DEFAULT_BACKOFF } from "./backoff";

const fixed = (value: number) => () => value;

describe("computeBackoffMs", () => {
  it("follows the documented schedule (equal jitter: half fixed, half random)", () => {
    // [attempt, lowest (random 0), highest (random 1)] — the table in docs/background-jobs.md.
    const table: [number, number, number][] = [
      [1, 7_500, 15_000],
      [2, 15_000, 30_000],
      [3, 30_000, 60_000],
      [4, 60_000, 120_000],
      [5, 120_000, 240_000],
      [6, 240_000, 480_000],
      [7, 480_000, 960_000],
      [8, 960_000, 1_920_000],
      [9, 1_800_000, 3_600_000],
      [20, 1_800_000, 3_600_000],
    ];
    for (const [attempt, low, high] of table) {
      expect(computeBackoffMs(attempt, { random: fixed(0) }), `attempt ${attempt} low`).toBe(low);
      expect(computeBackoffMs(attempt, { random: fixed(1) }), `attempt ${attempt} high`).toBe(high);
      expect(computeBackoffMs(attempt, { random: fixed(0.5) })).toBe(Math.round((low + high) / 2));
    }
  });

  it("full jitter draws from [0, ceiling]", () => {
    const policy = { ...DEFAULT_BACKOFF, jitter: "full" as const };
    expect(computeBackoffMs(3, { policy, random: fixed(0) })).toBe(0);
    expect(computeBackoffMs(3, { policy, random: fixed(0.25) })).toBe(15_000);
    expect(computeBackoffMs(3, { policy, random: fixed(1) })).toBe(60_000);
  });

  it("never exceeds the cap, even for huge attempt numbers", () => {
    expect(computeBackoffMs(5000, { random: fixed(1) })).toBe(DEFAULT_BACKOFF.capMs);
    const policy = { baseMs: 1000, factor: 3, capMs: 10_000, jitter: "equal" as const };
    expect([1, 2, 3, 4].map((attempt) => computeBackoffMs(attempt, { policy, random: fixed(1) }))).toEqual([
      1000, 3000, 9000, 10_000,
    ]);
  });

  it("clamps a misbehaving random source and rejects bad attempts", () => {
    expect(computeBackoffMs(1, { random: fixed(7) })).toBe(15_000);
    expect(computeBackoffMs(1, { random: fixed(-1) })).toBe(7_500);
    for (const attempt of [0, -1, 1.5, Number.NaN]) expect(() => computeBackoffMs(attempt)).toThrow(RangeError);
  });

  it("spreads retries of jobs that failed together", () => {
    const delays = new Set(Array.from({ length: 50 }, () => computeBackoffMs(2)));
    expect(delays.size).toBeGreaterThan(40);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(15_000);
  });
});
