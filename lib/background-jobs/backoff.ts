// When a failed job runs again: exponential backoff with jitter and a cap. Jitter spreads
// the retries of jobs that failed together (a provider outage fails a whole batch), so
// they do not all hit the provider again in the same second. "equal" jitter (the default)
// keeps at least half of the exponential delay, so a retry never follows its failure at
// once; "full" jitter draws from the whole [0, delay] range.
export type BackoffPolicy = {
  baseMs: number;
  factor: number;
  capMs: number;
  jitter: "equal" | "full";
};

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 15_000, factor: 2, capMs: 3_600_000, jitter: "equal" };

/** The delay before the next run after failed attempt number `attempt` (1 = the first run). */
export function computeBackoffMs(
  attempt: number,
  { policy = DEFAULT_BACKOFF, random = Math.random }: { policy?: BackoffPolicy; random?: () => number } = {},
): number {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`attempt must be an integer >= 1, got ${attempt}`);
  const { baseMs, factor, capMs, jitter } = policy;
  // Math.min before the power would overflow: factor ** 2000 is Infinity, and min() handles it.
  const ceiling = Math.min(capMs, baseMs * factor ** (attempt - 1));
  const draw = Math.min(Math.max(random(), 0), 1);
  const delay = jitter === "full" ? ceiling * draw : ceiling / 2 + (ceiling / 2) * draw;
  return Math.round(delay);
}
