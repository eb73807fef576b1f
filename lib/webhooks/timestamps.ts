// Provider times in their documented variants: ISO-8601 with an offset, naive ISO
// (no zone — read as UTC), epoch seconds or epoch milliseconds (as numbers or numeric
// strings). Anything else is "unparseable": the caller falls back to the received time
// and flags it, so a message is never dropped for a bad clock field.
import type { TimeSource } from "@/lib/providers/webhook-adapter";

// Below this an epoch number is seconds, above it milliseconds (1e11 s is the year 5138;
// 1e11 ms is 1973, before any provider existed).
const SECONDS_MILLIS_BOUNDARY = 1e11;
// Plausible provider times: 2000-01-01 … 2200-01-01. Outside is treated as garbage.
const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_TIME = Date.UTC(2200, 0, 1);

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const ISO_NAIVE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?$/;

function plausible(ms: number): Date | null {
  return Number.isFinite(ms) && ms >= MIN_TIME && ms < MAX_TIME ? new Date(ms) : null;
}

function fromEpoch(value: number): Date | null {
  if (!Number.isFinite(value)) return null;
  return plausible(Math.abs(value) < SECONDS_MILLIS_BOUNDARY ? value * 1000 : value);
}

// JavaScript's Date parses at most milliseconds; keep 3 fraction digits.
function trimFraction(iso: string): string {
  return iso.replace(/(\.\d{3})\d+/, "$1");
}

/** A provider timestamp in any documented form, or null when it cannot be read. */
export function parseProviderTimestamp(value: unknown): Date | null {
  if (value instanceof Date) return plausible(value.getTime());
  if (typeof value === "number") return fromEpoch(value);
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text === "") return null;
  if (/^-?\d+(?:\.\d+)?$/.test(text)) return fromEpoch(Number(text));
  if (ISO_WITH_ZONE.test(text)) {
    const normalized = trimFraction(text.replace(" ", "T")).replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
    return plausible(Date.parse(/[+-]\d{2}$/.test(normalized) ? `${normalized}:00` : normalized));
  }
  const naive = ISO_NAIVE.exec(text);
  if (naive) return plausible(Date.parse(`${naive[1]}T${trimFraction(naive[2] ?? "00:00:00")}Z`));
  return null;
}

export type ResolvedTime = { at: Date; source: TimeSource; reason: string | null };

/**
 * The message's time: the first candidate that parses, else `receivedAt` with a reason
 * (stored on the WebhookEvent and as sentAtSource "received-fallback").
 */
export function resolveSentAt(candidates: readonly unknown[], receivedAt: Date, label = "sent time"): ResolvedTime {
  for (const candidate of candidates) {
    const at = parseProviderTimestamp(candidate);
    if (at) return { at, source: "provider", reason: null };
  }
  const shown = candidates.find((candidate) => candidate !== undefined && candidate !== null);
  const detail = shown === undefined ? "missing" : `unparseable (${JSON.stringify(shown).slice(0, 80)})`;
  return { at: receivedAt, source: "received-fallback", reason: `${label} ${detail}; used the received time` };
}

/** Is `at` within ±toleranceMs of `now`? (Replay protection for signed timestamps.) */
export function isWithinTolerance(at: Date, now: Date, toleranceMs: number): boolean {
  return Math.abs(at.getTime() - now.getTime()) <= toleranceMs;
}
