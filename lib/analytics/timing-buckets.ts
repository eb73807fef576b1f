// Bucket definitions of the Response Timing tab. A bucket is [min, max): lower bound
// inclusive, upper exclusive; null is unbounded. Buckets of one kind are contiguous, so
// SQL assigns them with width_bucket(value, thresholds) (bucketThresholds below) and
// TypeScript with bucketIndex(): both give the same index into the definition list.
//
// - setter response time (ms): <1m, 1–5m, 5–15m, 15–60m, 1–4h, 4–24h, 24h+
// - AI chosen delay (s): 30 s wide from the workspace's current min to max; the last
//   bucket holds max (180..420 → 180–209 … 390–420). Rows outside (the config changed
//   since) go to "below window"/"above window", which are shown only when not empty.
// - drift = actual − chosen delay (s): <30s (early sends included), 30s–1m, 1–2m, 2–5m, 5m+
export type BucketDef = {
  key: string;
  label: string;
  /** Inclusive lower bound; null = unbounded. */
  min: number | null;
  /** Exclusive upper bound; null = unbounded. */
  max: number | null;
  /** Shown only when some row falls in it. */
  hideWhenEmpty?: boolean;
};

export const DELAY_BUCKET_SECONDS = 30;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export const SETTER_BUCKETS: readonly BucketDef[] = [
  { key: "under-1m", label: "< 1m", min: null, max: MINUTE_MS },
  { key: "1m-5m", label: "1m–5m", min: MINUTE_MS, max: 5 * MINUTE_MS },
  { key: "5m-15m", label: "5m–15m", min: 5 * MINUTE_MS, max: 15 * MINUTE_MS },
  { key: "15m-1h", label: "15m–1h", min: 15 * MINUTE_MS, max: HOUR_MS },
  { key: "1h-4h", label: "1h–4h", min: HOUR_MS, max: 4 * HOUR_MS },
  { key: "4h-24h", label: "4h–24h", min: 4 * HOUR_MS, max: 24 * HOUR_MS },
  { key: "24h-plus", label: "24h+", min: 24 * HOUR_MS, max: null },
];

export const DRIFT_BUCKETS: readonly BucketDef[] = [
  { key: "under-30s", label: "< 30s", min: null, max: 30 },
  { key: "30s-1m", label: "30s–1m", min: 30, max: 60 },
  { key: "1m-2m", label: "1m–2m", min: 60, max: 120 },
  { key: "2m-5m", label: "2m–5m", min: 120, max: 300 },
  { key: "5m-plus", label: "5m+", min: 300, max: null },
];

/** "3m 00s", "45s", "1h 02m 05s": like formatDuration's units, seconds always shown so ranges line up. */
export function formatDelaySeconds(total: number): string {
  const sign = total < 0 ? "-" : "";
  const s = Math.abs(Math.trunc(total));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  if (h > 0) return `${sign}${h}h ${String(m).padStart(2, "0")}m ${sec}s`;
  if (m > 0) return `${sign}${m}m ${sec}s`;
  return `${sign}${s % 60}s`;
}

/** Chosen-delay buckets for a workspace whose current window is [minSeconds, maxSeconds] (both inclusive). */
export function delayBuckets(minSeconds: number, maxSeconds: number): BucketDef[] {
  if (!Number.isInteger(minSeconds) || !Number.isInteger(maxSeconds) || minSeconds < 0 || maxSeconds < minSeconds) {
    throw new RangeError(`invalid delay window ${minSeconds}..${maxSeconds}`);
  }
  const defs: BucketDef[] = [
    {
      key: "below",
      label: `< ${formatDelaySeconds(minSeconds)} (below window)`,
      min: null,
      max: minSeconds,
      hideWhenEmpty: true,
    },
  ];
  for (let low = minSeconds; low === minSeconds || low < maxSeconds; low += DELAY_BUCKET_SECONDS) {
    const last = low + DELAY_BUCKET_SECONDS >= maxSeconds;
    const high = last ? maxSeconds : low + DELAY_BUCKET_SECONDS - 1; // inclusive, for the label
    defs.push({
      key: `${low}-${high}`,
      label: `${formatDelaySeconds(low)}–${formatDelaySeconds(high)}`,
      min: low,
      max: high + 1,
    });
    if (last) break;
  }
  defs.push({
    key: "above",
    label: `> ${formatDelaySeconds(maxSeconds)} (above window)`,
    min: maxSeconds + 1,
    max: null,
    hideWhenEmpty: true,
  });
  return defs;
}

/** The lower bounds width_bucket() needs: every bucket's min but the first (which must be unbounded). */
export function bucketThresholds(defs: readonly BucketDef[]): number[] {
  defs.forEach((def, i) => {
    if ((i === 0) !== (def.min === null))
      throw new Error(`bucket ${def.key}: only the first bucket may be unbounded below`);
    const next = defs[i + 1];
    if (next && next.min !== def.max) throw new Error(`buckets ${def.key} and ${next.key} are not contiguous`);
    if (!next && def.max !== null) throw new Error(`the last bucket (${def.key}) must be unbounded above`);
  });
  return defs.slice(1).map((def) => def.min as number);
}

/** Index of the bucket holding `value` (what width_bucket(value, bucketThresholds(defs)) returns). */
export function bucketIndex(defs: readonly BucketDef[], value: number): number {
  let index = 0;
  for (const threshold of bucketThresholds(defs)) if (value >= threshold) index += 1;
  return index;
}
