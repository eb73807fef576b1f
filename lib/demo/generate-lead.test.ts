import { beforeAll, describe, expect, it } from "vitest";
import { createBusinessClock } from "./business-clock";
import { generateLead } from "./generate-lead";
import type { WorkspaceRuntime } from "./lead-context";
import { emptyBatch, type LeadBatch } from "./rows";
import { buildSetupRows } from "./setup-rows";
import { DEMO_WORKSPACES } from "./workspaces";

const NOW = Date.parse("2026-03-02T15:00:00.000Z");

function generate(workspaces: readonly WorkspaceRuntime[], seed: number, from: number, to: number): LeadBatch {
  const batch = emptyBatch();
  for (let index = from; index < to; index++) generateLead({ seed, index, now: NOW, workspaces, batch });
  return batch;
}

describe("generateLead", () => {
  let workspaces: WorkspaceRuntime[] = [];
  beforeAll(async () => {
    workspaces = (await buildSetupRows(1, NOW)).workspaces;
  });

  it("is deterministic and independent of how leads are chunked", () => {
    const whole = generate(workspaces, 1, 0, 60);
    expect(generate(workspaces, 1, 0, 60)).toEqual(whole);
    const parts = [generate(workspaces, 1, 0, 25), generate(workspaces, 1, 25, 60)];
    expect(parts.flatMap((p) => p.messages)).toEqual(whole.messages);
    expect(parts.flatMap((p) => p.jobs)).toEqual(whole.jobs);
  });

  it("changes with the seed", () => {
    expect(generate(workspaces, 2, 0, 5).leads.map((l) => l.id)).not.toEqual(
      generate(workspaces, 1, 0, 5).leads.map((l) => l.id),
    );
  });

  it("never writes a timestamp after now", () => {
    const batch = generate(workspaces, 1, 0, 300);
    const now = new Date(NOW).toISOString();
    for (const m of batch.messages) expect(m.sentAt <= now && m.createdAt <= now).toBe(true);
    for (const j of batch.jobs)
      for (const t of [j.startedAt, j.finishedAt, j.createdAt]) expect(t === null || t <= now).toBe(true);
    expect(batch.jobs.some((j) => j.status === "PENDING" && j.runAt > now)).toBe(true);
  });
});

describe("business clock", () => {
  const nw = DEMO_WORKSPACES[0];
  const bs = DEMO_WORKSPACES[1];
  if (!nw || !bs) throw new Error("demo workspaces missing");
  const newYork = createBusinessClock(nw.timezone, nw.hours);
  const london = createBusinessClock(bs.timezone, bs.hours);
  const at = (iso: string) => Date.parse(iso);

  it("follows the weekly schedule in the workspace's zone", () => {
    expect(newYork.isOpen(at("2026-03-02T15:00:00Z"))).toBe(true); // Mon 10:00 EST
    expect(newYork.isOpen(at("2026-03-02T17:45:00Z"))).toBe(false); // Mon 12:45, lunch
    expect(newYork.isOpen(at("2026-03-07T16:00:00Z"))).toBe(true); // Sat 11:00
    expect(newYork.isOpen(at("2026-03-08T16:00:00Z"))).toBe(false); // Sunday
  });

  it("finds the next opening across weekends and DST changes", () => {
    // Fri 18:30 EST → Sat 10:00 EST.
    expect(new Date(newYork.nextOpen(at("2026-03-06T23:30:00Z"))).toISOString()).toBe("2026-03-07T15:00:00.000Z");
    // Sat 14:30 EST → Mon 09:00 EDT (clocks went forward on Sunday 8 March).
    expect(new Date(newYork.nextOpen(at("2026-03-07T19:30:00Z"))).toISOString()).toBe("2026-03-09T13:00:00.000Z");
    // London, Sunday 29 March (BST starts) → Mon 08:30 BST.
    expect(new Date(london.nextOpen(at("2026-03-29T12:00:00Z"))).toISOString()).toBe("2026-03-30T07:30:00.000Z");
  });
});
