import { describe, expect, it } from "vitest";
import { CRON_MAX_DURATION_S, JOB_TIMEOUTS_MS, LEASE_GRACE_MS, leaseMsFor, resolveTimeouts } from "./timeouts";

describe("job timeouts", () => {
  it("keep timeout < lease < the cron route's maxDuration for every type", () => {
    for (const [type, timeoutMs] of Object.entries(JOB_TIMEOUTS_MS)) {
      const lease = leaseMsFor(timeoutMs);
      expect(timeoutMs, type).toBeLessThan(lease);
      expect(lease, type).toBeLessThan(CRON_MAX_DURATION_S * 1000);
    }
  });

  it("agree with the route's maxDuration", async () => {
    const { readFile } = await import("node:fs/promises");
    const route = await readFile(new URL("../../app/api/cron/background-jobs/route.ts", import.meta.url), "utf8");
    expect(route).toMatch(new RegExp(`export const maxDuration = ${CRON_MAX_DURATION_S};`));
  });

  it("accept overrides and refuse ones that break the rule", () => {
    expect(resolveTimeouts({ LEAD_SCORING_POST_PROCESS: 50 }).LEAD_SCORING_POST_PROCESS).toBe(50);
    expect(() => resolveTimeouts({ LEAD_SCORING_POST_PROCESS: 0 })).toThrow(RangeError);
    expect(() => resolveTimeouts({ APPOINTMENT_RECONCILE: CRON_MAX_DURATION_S * 1000 - LEASE_GRACE_MS })).toThrow(
      /maxDuration/,
    );
    expect(() => resolveTimeouts({}, -1)).toThrow(RangeError);
  });
});
