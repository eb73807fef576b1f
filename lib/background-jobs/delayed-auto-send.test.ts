import { describe, expect, it } from "vitest";
import {
  DelayWindowError,
  computeChosenDelaySeconds,
  computeDelayedAutoSendRunAt,
  scheduleAutoSendAt,
} from "./delayed-auto-send";

// Fixed, uuid-shaped ids: the uniformity check must give the same verdict on every run.
const uuidFor = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

describe("computeChosenDelaySeconds", () => {
  it("is deterministic for a message id", () => {
    const id = "6f1c2a1e-8f0b-4d43-9a55-0c4a8f7f1b2d";
    const first = computeChosenDelaySeconds(id, 180, 420);
    for (let i = 0; i < 5; i++) expect(computeChosenDelaySeconds(id, 180, 420)).toBe(first);
  });

  it("stays inside [min, max] and reaches both ends", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const delay = computeChosenDelaySeconds(`msg-${i}`, 10, 14);
      expect(Number.isInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(10);
      expect(delay).toBeLessThanOrEqual(14);
      seen.add(delay);
    }
    expect([...seen].sort()).toEqual([10, 11, 12, 13, 14]);
  });

  it("returns min when min == max", () => {
    expect(computeChosenDelaySeconds("anything", 300, 300)).toBe(300);
  });

  it("is uniform over the window (chi-square over 10k ids)", () => {
    const min = 180;
    const max = 420;
    const buckets = new Array<number>(max - min + 1).fill(0);
    const n = 10_000;
    for (let i = 0; i < n; i++) buckets[computeChosenDelaySeconds(uuidFor(i), min, max) - min]! += 1;
    const expected = n / buckets.length;
    const chiSquare = buckets.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    // 240 degrees of freedom: the 99.9th percentile of chi-square is about 323.
    expect(chiSquare).toBeLessThan(323);
  });

  it.each([
    [420, 180, /must not be greater than maxSeconds/],
    [-1, 10, /minSeconds must not be negative/],
    [1.5, 10, /minSeconds must be a whole number/],
    [0, Number.NaN, /maxSeconds must be a whole number/],
  ])("rejects min=%s max=%s", (min, max, message) => {
    expect(() => computeChosenDelaySeconds("id", min, max)).toThrow(DelayWindowError);
    expect(() => computeChosenDelaySeconds("id", min, max)).toThrow(message);
  });
});

describe("run-at helpers", () => {
  const inboundSentAt = new Date("2026-03-01T12:00:00.000Z");
  const args = { inboundMessageId: "m-1", inboundSentAt, minSeconds: 180, maxSeconds: 420 };

  it("computes runAt = inbound + chosen delay", () => {
    const delay = computeChosenDelaySeconds("m-1", 180, 420);
    expect(computeDelayedAutoSendRunAt(args).getTime()).toBe(inboundSentAt.getTime() + delay * 1000);
  });

  it("never schedules in the past", () => {
    const late = new Date("2026-03-01T13:00:00.000Z");
    expect(scheduleAutoSendAt({ ...args, now: late }).toISOString()).toBe(late.toISOString());
    const early = new Date("2026-03-01T12:00:01.000Z");
    expect(scheduleAutoSendAt({ ...args, now: early })).toEqual(computeDelayedAutoSendRunAt(args));
  });
});
