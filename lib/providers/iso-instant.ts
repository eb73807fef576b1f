// Provider timestamps, read strictly. Calendly sends microseconds
// (`2026-10-16T19:00:00.000000Z`), GoHighLevel ISO with an offset (`…T10:00:00-04:00`) or,
// in the contacts API, a naive local time (`2026-10-17 10:00:00`). Date.parse alone is too
// lenient (it reads a naive string as *local machine time*), so the shapes are matched here.
import { TZDate } from "@date-fns/tz";

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export type ParsedInstant = { at: Date; naive: boolean };

type Parts = { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number };

function partsOf(match: RegExpExecArray): Parts {
  return {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6] ?? 0),
    // Milliseconds: the first three fraction digits (microseconds are truncated).
    ms: Number(((match[7] ?? "") + "000").slice(0, 3)),
  };
}

function valid(p: Parts): boolean {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 59) return false;
  return p.day <= new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
}

function offsetMinutes(zone: string): number {
  if (zone.toUpperCase() === "Z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return zone.startsWith("-") ? -minutes : minutes;
}

/**
 * An ISO-8601 timestamp. With an offset (or Z) it is absolute; without one it is read as
 * wall-clock time in `naiveZone` (an IANA zone; UTC when null) and flagged `naive`.
 * Anything else is null.
 */
export function parseProviderInstant(value: string, naiveZone: string | null = null): ParsedInstant | null {
  const match = ISO.exec(value.trim());
  if (!match) return null;
  const p = partsOf(match);
  if (!valid(p)) return null;
  const zone = match[8];
  if (zone) {
    const utc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms);
    return { at: new Date(utc - offsetMinutes(zone) * 60_000), naive: false };
  }
  if (!naiveZone)
    return { at: new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms)), naive: true };
  // @date-fns/tz resolves the zone's offset (DST included) for that wall-clock time.
  const local = new TZDate(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms, naiveZone);
  return { at: new Date(local.getTime()), naive: true };
}

/** An absolute timestamp only (offset or Z required): Calendly's, GHL's calendar API's. */
export function parseAbsoluteInstant(value: string): Date | null {
  const parsed = parseProviderInstant(value);
  return parsed && !parsed.naive ? parsed.at : null;
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
