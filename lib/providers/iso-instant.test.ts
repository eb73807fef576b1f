// Strict provider timestamps: offsets, microseconds, naive wall-clock times in a zone (DST
// included), and the shapes Date.parse would accept but a provider never sends.
import { describe, expect, it } from "vitest";
import { isTimeZone, parseAbsoluteInstant, parseProviderInstant } from "./iso-instant";

describe("parseProviderInstant", () => {
  it("reads offsets, Z and microseconds as absolute times", () => {
    expect(parseAbsoluteInstant("2026-10-17T10:00:00-04:00")).toEqual(new Date("2026-10-17T14:00:00Z"));
    expect(parseAbsoluteInstant("2023-09-25T16:00:00+0530")).toEqual(new Date("2023-09-25T10:30:00Z"));
    expect(parseAbsoluteInstant("2026-10-16T19:00:00.123456Z")).toEqual(new Date("2026-10-16T19:00:00.123Z"));
    expect(parseAbsoluteInstant("2019-08-24T14:15:22Z")).toEqual(new Date("2019-08-24T14:15:22Z"));
  });

  it("reads a naive time in the given zone, through DST, and as UTC without one", () => {
    expect(parseProviderInstant("2026-10-17 10:00:00", "America/New_York")).toEqual({
      at: new Date("2026-10-17T14:00:00Z"),
      naive: true,
    });
    expect(parseProviderInstant("2026-12-17 10:00:00", "America/New_York")?.at).toEqual(
      new Date("2026-12-17T15:00:00Z"),
    );
    expect(parseProviderInstant("2026-10-17 10:00:00")).toEqual({ at: new Date("2026-10-17T10:00:00Z"), naive: true });
    expect(parseAbsoluteInstant("2026-10-17 10:00:00")).toBeNull();
  });

  it("refuses what is not a provider timestamp", () => {
    for (const value of [
      "",
      "tomorrow",
      "1792249200000",
      "2026-02-30T10:00:00Z",
      "2026-10-17T24:00:00Z",
      "17/10/2026",
    ]) {
      expect(parseProviderInstant(value), value).toBeNull();
    }
  });

  it("knows an IANA zone from a typo", () => {
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("America/New_Yrok")).toBe(false);
  });
});
