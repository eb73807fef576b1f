import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { CRON_MAX_DURATION_S, JOB_TIMEOUTS_MS, LEASE_GRACE_MS, leaseMsFor, resolveTimeouts } from "./timeouts";

describe("job timeouts", () => {
  it("keep timeout < lease < the cron route's maxDuration for every type", () => {
    for (const [type, timeoutMs] of Object.entries(JOB_TIMEOUTS_MS)) {
      const lease = leaseMsFor(timeoutMs);
      expect(timeoutMs, type).toBeLessThan(lease);
      expect(lease, type).toBeLessThan(CRON_MAX_DURATION_S * 1000);
    }
  });

  it("leave room for the slowest configurable post-process run (two AI calls and the history import)", () => {
    const base = { DATABASE_URL: "postgres://u@h/db", BETTER_AUTH_SECRET: "x".repeat(32) };
    expect(() => parseEnv({ ...base, AI_TIMEOUT_MS: "25001" })).toThrow(/AI_TIMEOUT_MS/);
    expect(() => parseEnv({ ...base, GHL_EXPORT_MAX_PAGES: "6" })).toThrow(/GHL_EXPORT_MAX_PAGES/);
    const slowest = 2 * 25_000 + 5 * 5_000; // AI_TIMEOUT_MS max, GHL_EXPORT_MAX_PAGES max × per-request timeout
    for (const type of [
      "SMS_INBOUND_POST_PROCESS",
      "EMAIL_INBOUND_POST_PROCESS",
      "LINKEDIN_INBOUND_POST_PROCESS",
      "SMARTLEAD_INBOUND_POST_PROCESS",
      "INSTANTLY_INBOUND_POST_PROCESS",
    ] as const)
      expect(JOB_TIMEOUTS_MS[type], type).toBeGreaterThan(slowest);
    expect(JOB_TIMEOUTS_MS.LEAD_SCORING_POST_PROCESS).toBeGreaterThan(25_000);
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
