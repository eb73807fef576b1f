// Display helpers shared by server and client components (pure, no data access).
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** "4m 12s", "2d 3h", "850 ms": the two most significant units. */
export function formatDuration(ms: number | bigint | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const value = typeof ms === "bigint" ? Number(ms) : ms;
  if (!Number.isFinite(value)) return "—";
  if (value < 0) return `-${formatDuration(-value)}`;
  if (value < 1000) return `${Math.round(value)} ms`;
  const units: [string, number][] = [
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
  ];
  const seconds = Math.floor(value / 1000);
  const amounts = units.map(([label, size]) => [label, Math.floor((seconds * 1000) / size)] as const);
  const first = amounts.findIndex(([, amount]) => amount > 0);
  const [label, amount] = amounts[first]!;
  const parts = [`${amount}${label}`];
  const next = units[first + 1];
  if (next) {
    const remainder = Math.floor(((seconds * 1000) % units[first]![1]) / next[1]);
    if (remainder > 0) parts.push(`${remainder}${next[0]}`);
  }
  return parts.join(" ");
}

/** A timestamp in the workspace's time zone, e.g. "Mar 8, 2026, 1:59 AM EST". */
export function formatInTimeZone(date: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    month: "short",
    day: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(new Date(date));
}

/** A date-fns pattern applied to the wall clock of `timeZone` (DST-aware). */
export function formatPatternInTimeZone(date: Date | string, timeZone: string, pattern: string): string {
  return format(new TZDate(new Date(date), timeZone), pattern);
}

export function formatCount(value: number | bigint): string {
  return new Intl.NumberFormat("en-US").format(value);
}

export function formatPercent(value: number | null, digits = 0): string {
  return value === null || !Number.isFinite(value) ? "—" : `${(value * 100).toFixed(digits)}%`;
}
