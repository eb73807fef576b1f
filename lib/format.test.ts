import { describe, expect, it } from "vitest";
import { formatDuration, formatInTimeZone, formatPatternInTimeZone, formatPercent } from "./format";

describe("formatDuration", () => {
  it.each([
    [null, "—"],
    [0, "0 ms"],
    [850, "850 ms"],
    [1000, "1s"],
    [252_000, "4m 12s"],
    [3_600_000, "1h"],
    [3_660_000, "1h 1m"],
    [183_600_000, "2d 3h"],
    [40 * 86_400_000 + 5_000, "40d"],
    [BigInt(40 * 86_400_000), "40d"],
    [-61_000, "-1m 1s"],
  ])("formats %s as %s", (input, expected) => {
    expect(formatDuration(input as number | null)).toBe(expected);
  });
});

describe("formatInTimeZone", () => {
  it("shows the wall clock of the workspace, across DST", () => {
    expect(formatInTimeZone("2026-03-08T06:59:00Z", "America/New_York")).toBe("Mar 8, 2026, 1:59 AM EST");
    expect(formatInTimeZone("2026-03-08T07:00:00Z", "America/New_York")).toBe("Mar 8, 2026, 3:00 AM EDT");
    expect(formatPatternInTimeZone("2026-03-29T01:30:00Z", "Europe/London", "yyyy-MM-dd HH:mm")).toBe(
      "2026-03-29 02:30",
    );
  });
});

describe("formatPercent", () => {
  it("rounds and handles missing values", () => {
    expect(formatPercent(0.256)).toBe("26%");
    expect(formatPercent(0.256, 1)).toBe("25.6%");
    expect(formatPercent(null)).toBe("—");
  });
});
