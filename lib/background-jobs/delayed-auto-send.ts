// Delayed AI auto-send: the AI answers an inbound after a deterministic delay inside
// the workspace's [min, max] window, so the same inbound always gets the same delay
// (retries, re-enqueues and the timing analytics all agree on it).
import { createHash } from "node:crypto";

export class DelayWindowError extends Error {
  override name = "DelayWindowError";
}

function assertWindow(minSeconds: number, maxSeconds: number): void {
  for (const [name, value] of [
    ["minSeconds", minSeconds],
    ["maxSeconds", maxSeconds],
  ] as const) {
    if (!Number.isSafeInteger(value))
      throw new DelayWindowError(`${name} must be a whole number of seconds, got ${value}`);
    if (value < 0) throw new DelayWindowError(`${name} must not be negative, got ${value}`);
  }
  if (minSeconds > maxSeconds) {
    throw new DelayWindowError(`minSeconds (${minSeconds}) must not be greater than maxSeconds (${maxSeconds})`);
  }
}

/**
 * A stable hash of the message id mapped uniformly onto the integers of [min, max].
 * Uses the first 52 bits of SHA-256 (exact in a double) and rejection-free scaling:
 * the modulo bias over a window of at most a few thousand values is below 1e-12.
 */
function computeDeterministicDelay(messageId: string, minSeconds: number, maxSeconds: number): number {
  assertWindow(minSeconds, maxSeconds);
  if (messageId.length === 0) throw new DelayWindowError("messageId must not be empty");
  const digest = createHash("sha256").update(messageId, "utf8").digest();
  const high = digest.readUIntBE(0, 6) * 16 + (digest[6]! >> 4); // 52 bits
  const span = maxSeconds - minSeconds + 1;
  return minSeconds + (high % span);
}

/** The delay (whole seconds) the auto-sender chooses for an inbound message. */
export function computeChosenDelaySeconds(messageId: string, minSeconds: number, maxSeconds: number): number {
  return computeDeterministicDelay(messageId, minSeconds, maxSeconds);
}

/** When the delayed auto-send job for `inbound` should run. */
export function computeDelayedAutoSendRunAt(args: {
  inboundMessageId: string;
  inboundSentAt: Date;
  minSeconds: number;
  maxSeconds: number;
}): Date {
  const delay = computeDeterministicDelay(args.inboundMessageId, args.minSeconds, args.maxSeconds);
  return new Date(args.inboundSentAt.getTime() + delay * 1000);
}

/**
 * The time the auto-send should happen, never in the past: when the job is enqueued
 * late (a webhook retry, a slow post-process), it runs at `now` rather than at a
 * runAt that already passed.
 */
export function scheduleAutoSendAt(args: {
  inboundMessageId: string;
  inboundSentAt: Date;
  minSeconds: number;
  maxSeconds: number;
  now: Date;
}): Date {
  const runAt = computeDelayedAutoSendRunAt(args);
  return runAt.getTime() < args.now.getTime() ? new Date(args.now.getTime()) : runAt;
}
