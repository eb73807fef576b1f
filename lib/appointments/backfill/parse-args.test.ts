import { describe, expect, it } from "vitest";
import { parseBackfillAppointmentsArgs } from "./parse-args";

describe("--ghl-source", () => {
  it("accepts auto, contacts and calendars; anything else is a usage error", () => {
    const source = (argv: string[]) => {
      const parsed = parseBackfillAppointmentsArgs(argv);
      return parsed.ok ? parsed.args.ghlSource : parsed.error;
    };
    expect(source([])).toBeNull();
    expect(["auto", "contacts", "calendars"].map((v) => source(["--ghl-source", v]))).toEqual([
      "auto",
      "contacts",
      "calendars",
    ]);
    expect(source(["--ghl-source", "windowed"])).toBe("--ghl-source must be auto, contacts or calendars");
  });
});
