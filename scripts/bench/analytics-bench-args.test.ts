import { describe, expect, it } from "vitest";
import { parseAnalyticsBenchArgs } from "./analytics-bench-args";

describe("parseAnalyticsBenchArgs", () => {
  it("has defaults and reads every flag", () => {
    expect(parseAnalyticsBenchArgs([])).toEqual({
      leads: 100_000,
      runs: 10,
      explain: false,
      reuse: null,
      keep: false,
      json: false,
      help: false,
    });
    expect(
      parseAnalyticsBenchArgs(["--leads", "20_000", "--runs", "3", "--explain", "--json", "--reuse", "/tmp/kept"]),
    ).toMatchObject({
      reuse: "/tmp/kept",
      leads: 20_000,
      runs: 3,
      explain: true,
      json: true,
    });
  });

  it("explains bad flags", () => {
    expect(parseAnalyticsBenchArgs(["--leads", "5"])).toBe("--leads must be at least 100");
    expect(parseAnalyticsBenchArgs(["--runs", "x"])).toBe("--runs must be a whole number");
    expect(parseAnalyticsBenchArgs(["--nope"])).toMatch(/Unknown option/);
  });
});
