// How long one run of a job may take, per type, and the lease that covers it. The order
// timeout < lease < the cron route's maxDuration is what makes the queue safe: the runner
// abandons a handler at its timeout (AbortSignal + a race), so it always finishes or
// fails the job before its lease ends; the lease ends before the platform kills the
// route, so a run killed mid-job is reclaimed by the next cron run once the lease passes.
import type { BackgroundJobType } from "@/lib/generated/prisma/client";

/** The cron route's maxDuration (seconds): Vercel kills the function after it. */
export const CRON_MAX_DURATION_S = 300;

/**
 * What the lease adds to the timeout: half of it for a claimed job to wait for a free
 * slot before it starts (the runner hands back a job that waited longer), the other half
 * to record the outcome of a run that went to its timeout, so it is written inside the lease.
 */
export const LEASE_GRACE_MS = 30_000;

export const JOB_TIMEOUTS_MS = {
  // An AI classification and draft (AI_TIMEOUT_MS each, at most 25 s) plus, for SMS, a
  // GoHighLevel history import (GHL_EXPORT_MAX_PAGES ≤ 5 requests of ≤ 5 s): 75 s at the
  // most, so a slow model or GoHighLevel ends in the built-in fallback, never in the job's
  // timeout (timeouts.test.ts checks this against the env limits).
  SMS_INBOUND_POST_PROCESS: 90_000,
  EMAIL_INBOUND_POST_PROCESS: 90_000,
  LINKEDIN_INBOUND_POST_PROCESS: 90_000,
  SMARTLEAD_INBOUND_POST_PROCESS: 90_000,
  INSTANTLY_INBOUND_POST_PROCESS: 90_000,
  LEAD_SCORING_POST_PROCESS: 30_000,
  // One provider send call.
  AI_AUTO_SEND_DELAYED: 30_000,
  // Paged provider API reads.
  APPOINTMENT_RECONCILE: 120_000,
} as const satisfies Record<BackgroundJobType, number>;

export type JobTimeouts = Record<BackgroundJobType, number>;

/** The timeout table with overrides (tests use short ones), each checked against the lease rule. */
export function resolveTimeouts(overrides: Partial<JobTimeouts> = {}, graceMs = LEASE_GRACE_MS): JobTimeouts {
  const table = { ...JOB_TIMEOUTS_MS, ...overrides } as JobTimeouts;
  if (!Number.isInteger(graceMs) || graceMs < 0)
    throw new RangeError(`leaseGraceMs must be a non-negative integer, got ${graceMs}`);
  for (const [type, ms] of Object.entries(table)) {
    if (!Number.isInteger(ms) || ms < 1) throw new RangeError(`timeout of ${type} must be a positive integer (ms)`);
    if (ms + graceMs >= CRON_MAX_DURATION_S * 1000)
      throw new RangeError(
        `timeout of ${type} (${ms} ms) plus the lease grace must stay under the route's maxDuration`,
      );
  }
  return table;
}

export const leaseMsFor = (timeoutMs: number, graceMs = LEASE_GRACE_MS) => timeoutMs + graceMs;
