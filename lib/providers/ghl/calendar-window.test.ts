import { describe, expect, it } from "vitest";
import { GHL_EVENTS_CHUNK_MS, ghlWindowChunks } from "./calendar-window";

describe("ghlWindowChunks", () => {
  it("splits a window into adjacent half-open chunks of at most 31 days", () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const end = new Date("2026-04-15T12:00:00Z");
    const chunks = ghlWindowChunks({ start, end });
    expect(chunks).toHaveLength(Math.ceil((end.getTime() - start.getTime()) / GHL_EVENTS_CHUNK_MS));
    expect(chunks[0]!.startTime).toEqual(start);
    expect(chunks.at(-1)!.endTime).toEqual(end);
    for (const [i, chunk] of chunks.entries()) {
      expect(chunk.endTime.getTime() - chunk.startTime.getTime()).toBeLessThanOrEqual(GHL_EVENTS_CHUNK_MS);
      if (i > 0) expect(chunk.startTime).toEqual(chunks[i - 1]!.endTime);
    }
  });

  it("gives nothing for an empty window and refuses bad bounds", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    expect(ghlWindowChunks({ start: at, end: at })).toEqual([]);
    expect(() => ghlWindowChunks({ start: new Date("nope"), end: at })).toThrow(/dates/);
    expect(() => ghlWindowChunks({ start: at, end: at, chunkMs: 0 })).toThrow(/chunk size/);
  });
});
