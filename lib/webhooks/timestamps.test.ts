import { describe, expect, it } from "vitest";
import { isWithinTolerance, parseProviderTimestamp, resolveSentAt } from "./timestamps";

const iso = (value: unknown) => parseProviderTimestamp(value)?.toISOString() ?? null;

describe("parseProviderTimestamp", () => {
  it("reads ISO-8601 with Z or an offset", () => {
    expect(iso("2026-10-14T15:02:11.482Z")).toBe("2026-10-14T15:02:11.482Z");
    expect(iso("2023-09-25T16:00:00+05:30")).toBe("2023-09-25T10:30:00.000Z");
    expect(iso("2026-10-16T15:00:00-04:00")).toBe("2026-10-16T19:00:00.000Z");
    expect(iso("2026-10-16T15:00:00-0400")).toBe("2026-10-16T19:00:00.000Z");
    expect(iso("2026-10-16T15:00:00+02")).toBe("2026-10-16T13:00:00.000Z");
    expect(iso("2026-10-14T15:02:11.482123Z")).toBe("2026-10-14T15:02:11.482Z");
  });

  it("reads naive ISO (no zone) as UTC", () => {
    expect(iso("2021-07-16 11:00:00")).toBe("2021-07-16T11:00:00.000Z");
    expect(iso("2021-07-16T11:00:00")).toBe("2021-07-16T11:00:00.000Z");
    expect(iso("2021-07-16T11:00")).toBe("2021-07-16T11:00:00.000Z");
    expect(iso("2021-07-16")).toBe("2021-07-16T00:00:00.000Z");
  });

  it("reads epoch seconds and milliseconds, as numbers or numeric strings", () => {
    // The values of bad/AppointmentCreate.wrong_types.json.
    expect(iso(1792249200000)).toBe("2026-10-17T15:00:00.000Z");
    expect(iso("1792251000000")).toBe("2026-10-17T15:30:00.000Z");
    expect(iso(1792249200)).toBe("2026-10-17T15:00:00.000Z");
    expect(iso("1792249200")).toBe("2026-10-17T15:00:00.000Z");
    expect(iso(1792249200.5)).toBe("2026-10-17T15:00:00.500Z");
  });

  it("refuses what is not a time, or not a plausible one", () => {
    for (const value of [
      null,
      undefined,
      "",
      "  ",
      "yesterday",
      "2026-13-45T99:99:99Z",
      {},
      [],
      true,
      NaN,
      0,
      -5,
      "12",
      9e15,
      "1899-01-01T00:00:00Z",
    ]) {
      expect(iso(value), JSON.stringify(value)).toBeNull();
    }
  });
});

describe("resolveSentAt", () => {
  const received = new Date("2026-10-14T15:02:13.000Z");

  it("takes the first candidate that parses", () => {
    expect(resolveSentAt([undefined, "garbage", "2026-10-14T15:02:11Z"], received)).toEqual({
      at: new Date("2026-10-14T15:02:11Z"),
      source: "provider",
      reason: null,
    });
  });

  it("falls back to the received time and says why", () => {
    const missing = resolveSentAt([undefined, null], received, "dateAdded");
    expect(missing).toEqual({
      at: received,
      source: "received-fallback",
      reason: "dateAdded missing; used the received time",
    });
    const bad = resolveSentAt(["next tuesday"], received, "dateAdded");
    expect(bad.source).toBe("received-fallback");
    expect(bad.reason).toBe('dateAdded unparseable ("next tuesday"); used the received time');
  });
});

describe("isWithinTolerance", () => {
  const now = new Date("2026-10-14T15:00:00Z");
  it("is inclusive at the edge, both ways", () => {
    expect(isWithinTolerance(new Date("2026-10-14T15:05:00Z"), now, 300_000)).toBe(true);
    expect(isWithinTolerance(new Date("2026-10-14T14:55:00Z"), now, 300_000)).toBe(true);
    expect(isWithinTolerance(new Date("2026-10-14T15:05:00.001Z"), now, 300_000)).toBe(false);
    expect(isWithinTolerance(new Date("2026-10-14T14:54:59.999Z"), now, 300_000)).toBe(false);
  });
});
