import { describe, expect, it } from "vitest";
import { bindingLimits, earliestSlot, sendLimitsFor, widenedWindowMs } from "./rate-budget";

describe("earliestSlot", () => {
  it("fills a window up to its limit, then waits until the oldest leaves the widened window", () => {
    const limits = [{ requests: 3, windowMs: 1_000 }];
    const log: number[] = [];
    for (let i = 0; i < 7; i++) log.push(earliestSlot(log, limits, i * 10));
    expect(log).toEqual([0, 10, 20, 1_250, 1_260, 1_270, 2_500]);
  });

  it("honours every limit at once (SmartLead: 10 / s and 60 / minute)", () => {
    const limits = sendLimitsFor("SMARTLEAD");
    const log: number[] = [];
    for (let i = 0; i < 61; i++) log.push(earliestSlot(log, limits, 0));
    expect(log[10]).toBe(widenedWindowMs(1_000));
    expect(log[60]).toBe(widenedWindowMs(60_000));
  });

  it("never puts more than the limit in any widened window", () => {
    const limits = [{ requests: 5, windowMs: 500 }];
    const log: number[] = [];
    for (let i = 0; i < 200; i++) log.push(earliestSlot(log, limits, i * 37));
    for (const t of log)
      expect(log.filter((x) => x > t - widenedWindowMs(500) && x <= t).length).toBeLessThanOrEqual(5);
  });
});

describe("limits", () => {
  it("drops a longer window the shorter ones imply, and untracked daily quotas", () => {
    expect(
      bindingLimits([
        { requests: 100, windowMs: 1_000 },
        { requests: 6_000, windowMs: 60_000 },
      ]),
    ).toEqual([{ requests: 100, windowMs: 1_000 }]);
    expect(sendLimitsFor("GHL")).toEqual([{ requests: 100, windowMs: 10_000 }]);
    expect(sendLimitsFor("UNIPILE")).toEqual([{ requests: 1, windowMs: 60_000 }]);
    expect(sendLimitsFor("CALENDLY")).toEqual([]);
  });
});
