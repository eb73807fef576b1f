// Business-hours arithmetic for the generator: is a workspace open at an instant, and
// when does it next open. Offsets come from @date-fns/tz; they are memoised per UTC
// quarter-hour because every real zone changes offset on a quarter-hour boundary, and
// the generator asks millions of times.
import { tzOffset } from "@date-fns/tz";
import type { HoursInterval } from "./workspaces";

const QUARTER_HOUR = 15 * 60_000;
const DAY = 86_400_000;

export type BusinessClock = {
  /** UTC offset in minutes at `ms`. */
  offsetMinutes(ms: number): number;
  /** Local day of week (0 = Sunday) and minute of day. */
  local(ms: number): { dayOfWeek: number; minute: number };
  isOpen(ms: number): boolean;
  /** `ms` when open, otherwise the start of the next open interval. */
  nextOpen(ms: number): number;
};

export function createBusinessClock(timezone: string, hours: readonly HoursInterval[]): BusinessClock {
  const offsets = new Map<number, number>();
  const byDay: [number, number][][] = [[], [], [], [], [], [], []];
  for (const [day, start, end] of hours) byDay[day]?.push([start, end]);
  for (const intervals of byDay) intervals.sort((x, y) => x[0] - y[0]);

  function offsetMinutes(ms: number): number {
    const bucket = Math.floor(ms / QUARTER_HOUR);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      offset = tzOffset(timezone, new Date(bucket * QUARTER_HOUR));
      offsets.set(bucket, offset);
    }
    return offset;
  }

  function local(ms: number) {
    const localMs = ms + offsetMinutes(ms) * 60_000;
    const dayIndex = Math.floor(localMs / DAY);
    // 1970-01-01 was a Thursday (day 4).
    return { dayOfWeek: (((dayIndex + 4) % 7) + 7) % 7, minute: Math.floor((localMs - dayIndex * DAY) / 60_000) };
  }

  function isOpen(ms: number): boolean {
    const { dayOfWeek, minute } = local(ms);
    return (byDay[dayOfWeek] ?? []).some(([start, end]) => minute >= start && minute < end);
  }

  function nextOpen(ms: number): number {
    if (isOpen(ms)) return ms;
    const localMs = ms + offsetMinutes(ms) * 60_000;
    const midnight = Math.floor(localMs / DAY) * DAY;
    for (let k = 0; k <= 7; k++) {
      const dayStart = midnight + k * DAY;
      const dayOfWeek = (((Math.floor(dayStart / DAY) + 4) % 7) + 7) % 7;
      for (const [start] of byDay[dayOfWeek] ?? []) {
        const candidateLocal = dayStart + start * 60_000;
        if (candidateLocal <= localMs) continue;
        // Convert back with the offset in force at the candidate, not at `ms` (DST).
        const guess = candidateLocal - offsetMinutes(ms) * 60_000;
        return candidateLocal - offsetMinutes(guess) * 60_000;
      }
    }
    return ms; // a schedule with no intervals is never open; callers treat that as "now"
  }

  return { offsetMinutes, local, isOpen, nextOpen };
}
