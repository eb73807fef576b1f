import { describe, expect, it } from "vitest";
import { Rng } from "./rng";

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.next());

describe("Rng", () => {
  it("replays the same stream for the same (seed, label, index)", () => {
    expect(draw(new Rng(7, "lead", 3), 50)).toEqual(draw(new Rng(7, "lead", 3), 50));
    expect(new Rng(7, "lead", 3).uuid()).toBe(new Rng(7, "lead", 3).uuid());
  });

  it("pins the first values, so a change to the generator (and so to every demo row) is noticed", () => {
    expect(draw(new Rng(1, "lead", 0), 3)).toEqual([1631706636, 329075741, 3994609159]);
    expect(new Rng(1, "lead", 0).uuid()).toBe("6141de0c-139d-4c1d-ae18-e6078e404901");
  });

  it("gives different streams for a different seed, label or index", () => {
    const base = draw(new Rng(7, "lead", 3), 8);
    expect(draw(new Rng(8, "lead", 3), 8)).not.toEqual(base);
    expect(draw(new Rng(7, "lead", 4), 8)).not.toEqual(base);
    expect(draw(new Rng(7, "setup", 3), 8)).not.toEqual(base);
  });

  it("makes version-4-shaped uuids that do not repeat across many streams", () => {
    const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const seen = new Set<string>();
    const malformed: string[] = [];
    for (let index = 0; index < 20_000; index++) {
      const rng = new Rng(1, "lead", index);
      for (let k = 0; k < 10; k++) {
        const id = rng.uuid();
        if (!shape.test(id)) malformed.push(id);
        seen.add(id);
      }
    }
    expect(malformed).toEqual([]);
    expect(seen.size).toBe(200_000);
  });

  it("keeps numbers inside their ranges", () => {
    const rng = new Rng(3, "ranges");
    const ints = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const f = rng.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      const n = rng.int(2, 5);
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(5);
      ints.add(n);
    }
    expect([...ints].sort()).toEqual([2, 3, 4, 5]);
  });

  it("draws weighted choices in proportion to their weights", () => {
    const rng = new Rng(4, "weights");
    let heavy = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        rng.weighted([
          ["a", 3],
          ["b", 1],
        ] as const) === "a"
      )
        heavy++;
    expect(heavy / 10_000).toBeGreaterThan(0.72);
    expect(heavy / 10_000).toBeLessThan(0.78);
  });

  it("log-normal draws have the requested median", () => {
    const rng = new Rng(5, "lognormal");
    const values = Array.from({ length: 20_001 }, () => rng.logNormal(240, 1)).sort((a, b) => a - b);
    const median = values[10_000] ?? 0;
    expect(median).toBeGreaterThan(225);
    expect(median).toBeLessThan(255);
  });

  it("makes base62 tokens and hex strings of the requested length", () => {
    const rng = new Rng(6, "tokens");
    for (const length of [1, 5, 20, 32]) expect(rng.token(length)).toMatch(new RegExp(`^[0-9A-Za-z]{${length}}$`));
    expect(rng.hex(8)).toMatch(/^[0-9a-f]{8}$/);
  });
});
