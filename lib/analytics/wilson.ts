// Wilson score interval for a binomial proportion: unlike the normal approximation it
// stays inside [0, 1] and is usable at 0/n and n/n, which small buckets hit all the time.

/** The two-sided 95% normal quantile. */
export const WILSON_Z_95 = 1.959964;

export type WilsonInterval = { low: number; high: number };

/** Interval for `successes` out of `trials`; null when there are no trials. */
export function wilsonInterval(successes: number, trials: number, z: number = WILSON_Z_95): WilsonInterval | null {
  if (!Number.isFinite(trials) || trials <= 0) return null;
  if (!Number.isFinite(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`successes must be in 0..${trials}, got ${successes}`);
  }
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Exact at the edges (0/n has low 0, n/n has high 1); floating error must not leave [0, 1].
  const low = successes === 0 ? 0 : Math.max(0, center - half);
  const high = successes === trials ? 1 : Math.min(1, center + half);
  return { low, high };
}
