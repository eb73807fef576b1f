import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseFlags, wholeNumberFlag } from "./flags";

const schema = z.object({
  count: wholeNumberFlag("--count", 1, 1_000_000).default(10),
  dry: z.boolean().default(false),
});
const options = { count: { type: "string" }, dry: { type: "boolean" } } as const;

describe("parseFlags", () => {
  it("applies defaults and accepts readable numbers", () => {
    expect(parseFlags([], options, schema)).toEqual({ count: 10, dry: false });
    expect(parseFlags(["--count", "100_000", "--dry"], options, schema)).toEqual({ count: 100_000, dry: true });
    expect(parseFlags(["--count=1,000"], options, schema)).toEqual({ count: 1000, dry: false });
  });

  it("returns a message for bad values, unknown flags and positionals", () => {
    expect(parseFlags(["--count", "ten"], options, schema)).toBe("--count must be a whole number");
    expect(parseFlags(["--count", "0"], options, schema)).toBe("--count must be at least 1");
    expect(parseFlags(["--count", "2000000"], options, schema)).toBe("--count must be at most 1,000,000");
    expect(parseFlags(["--nope"], options, schema)).toMatch(/Unknown option '--nope'/);
    expect(parseFlags(["extra"], options, schema)).toMatch(/positional/i);
  });
});
