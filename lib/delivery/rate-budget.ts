// The per-connection send budget, persisted in PostgreSQL so every run (cron runs, the
// drawer's inline sends, several servers) shares it: SendRateBudget holds the start
// times of the connection's latest sends, and a send reserves a slot under the row's
// lock. A slot is the earliest instant at which every one of the provider's windows has
// room — a sliding window, so no window of that length ever holds more than the limit,
// whatever the alignment. Each window is widened by WINDOW_MARGIN (network jitter between
// our reservation and the provider's clock must not put one request too many in its
// window; a send that starts too late is not made, see lateToleranceMs). After a 429 the budget is blocked until the provider's Retry-After.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Provider } from "@/lib/generated/prisma/enums";
import { isSendProvider } from "@/lib/providers/send-adapter";
import { sendAdapters } from "@/lib/providers/send-registry";

type Tx = Prisma.TransactionClient;

export type SendLimit = { requests: number; windowMs: number };

/** Widening of every window: 10 %, at least 250 ms. */
export function widenedWindowMs(windowMs: number): number {
  return Math.ceil(windowMs + Math.max(250, windowMs * 0.1));
}

/**
 * How late a send may start after its slot: half the smallest widening (the other half is
 * for the request's way to the provider). A send later than this (a starved runner) is not
 * made: it would bunch with the slots after it. It takes a new slot instead.
 */
export function lateToleranceMs(limits: readonly SendLimit[]): number {
  if (limits.length === 0) return Number.POSITIVE_INFINITY;
  return Math.min(...limits.map((l) => (widenedWindowMs(l.windowMs) - l.windowMs) / 2));
}

/**
 * The limits that bind: a longer window whose rate the shorter ones already imply
 * (Instantly 6,000 / minute next to 100 / s) is dropped, so the stored log never needs
 * more entries than the largest remaining limit.
 */
export function bindingLimits(limits: readonly SendLimit[]): SendLimit[] {
  return limits.filter(
    (long) =>
      !limits.some(
        (short) =>
          short !== long &&
          short.windowMs < long.windowMs &&
          long.requests >= short.requests * Math.ceil(long.windowMs / short.windowMs),
      ),
  );
}

/**
 * Limits above this many requests per window (GoHighLevel's 200,000 a day) are not logged
 * (the log would be huge): the provider's 429 and its Retry-After cover them.
 */
export const MAX_TRACKED_REQUESTS = 1_000;

export function sendLimitsFor(provider: Provider): SendLimit[] {
  if (!isSendProvider(provider)) return [];
  return bindingLimits(sendAdapters[provider].rateLimit.limits).filter((l) => l.requests <= MAX_TRACKED_REQUESTS);
}

/** The earliest instant >= from at which one more send fits every window, given the log (ascending ms). */
export function earliestSlot(log: readonly number[], limits: readonly SendLimit[], from: number): number {
  let at = from;
  for (let changed = true; changed;) {
    changed = false;
    for (const limit of limits) {
      const windowMs = widenedWindowMs(limit.windowMs);
      const inWindow = log.filter((t) => t > at - windowMs);
      if (inWindow.length >= limit.requests) {
        const next = inWindow[inWindow.length - limit.requests]! + windowMs;
        if (next > at) {
          at = next;
          changed = true;
        }
      }
    }
  }
  return at;
}

export type SlotAnswer = { ok: true; at: Date } | { ok: false; retryAt: Date };

/**
 * Reserves the connection's next send slot if it comes within maxWaitMs, inside the
 * caller's transaction (the budget row stays locked until it commits, so keep it short).
 * ok: send at `at` (the caller waits until then). Not ok: nothing reserved; come back at retryAt.
 */
export async function reserveSendSlot(
  tx: Tx,
  args: { connectionId: string; limits: readonly SendLimit[]; now: Date; maxWaitMs: number },
): Promise<SlotAnswer> {
  const { connectionId, limits, now } = args;
  if (limits.length === 0) return { ok: true, at: now };
  // One statement creates the row if needed and locks it (DO UPDATE takes the row lock).
  const [row] = await tx.$queryRaw<{ recent: Date[] | null; blockedUntil: Date | null }[]>`
    INSERT INTO "SendRateBudget" ("connectionId", "recent", "updatedAt") VALUES (${connectionId}::uuid, '{}', ${now})
    ON CONFLICT ("connectionId") DO UPDATE SET "connectionId" = EXCLUDED."connectionId"
    RETURNING "recent", "blockedUntil"`;
  const longest = Math.max(...limits.map((l) => widenedWindowMs(l.windowMs)));
  const capacity = Math.max(...limits.map((l) => l.requests));
  const log = (row?.recent ?? [])
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - longest)
    .sort((a, b) => a - b);
  const from = Math.max(now.getTime(), row?.blockedUntil?.getTime() ?? 0);
  const at = earliestSlot(log, limits, from);
  if (at - now.getTime() > args.maxWaitMs) return { ok: false, retryAt: new Date(at) };
  const kept = [...log, at].slice(-capacity).map((t) => new Date(t));
  await tx.$executeRaw`UPDATE "SendRateBudget" SET "recent" = ${kept}::timestamptz[], "updatedAt" = ${now}
    WHERE "connectionId" = ${connectionId}::uuid`;
  return { ok: true, at: new Date(at) };
}

/** A 429: no run sends on this connection before `until`. */
export async function blockSendBudget(db: Tx, args: { connectionId: string; until: Date; now: Date }): Promise<void> {
  await db.$executeRaw`INSERT INTO "SendRateBudget" ("connectionId", "recent", "blockedUntil", "updatedAt")
    VALUES (${args.connectionId}::uuid, '{}', ${args.until}, ${args.now})
    ON CONFLICT ("connectionId") DO UPDATE SET "blockedUntil" = GREATEST("SendRateBudget"."blockedUntil", EXCLUDED."blockedUntil"),
      "updatedAt" = EXCLUDED."updatedAt"`;
}
