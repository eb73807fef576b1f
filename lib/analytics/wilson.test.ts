import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson";

describe("wilsonInterval", () => {
  // Reference values: the Wilson score interval at z = 1.959964 (e.g. R's prop.test without
  // continuity correction, or statsmodels proportion_confint(method="wilson")).
  it.each([
    [0, 10, 0, 0.277533],
    [10, 10, 0.722467, 1],
    [5, 10, 0.236593, 0.763407],
    [1, 100, 0.001767, 0.054486],
    [50, 100, 0.403832, 0.596168],
    [1, 1, 0.206549, 1],
  ])("%i/%i → [%f, %f]", (successes, trials, low, high) => {
    const interval = wilsonInterval(successes, trials);
    expect(interval).not.toBeNull();
    expect(interval!.low).toBeCloseTo(low, 5);
    expect(interval!.high).toBeCloseTo(high, 5);
  });

  it("is null without trials and symmetric around one half", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    const a = wilsonInterval(3, 20)!;
    const b = wilsonInterval(17, 20)!;
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(a.high).toBeCloseTo(1 - b.low, 12);
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
  });
});
