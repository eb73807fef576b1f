import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStateFile, resumeMismatch, STATE_VERSION, writeStateFile, type BackfillState } from "./state-file";
import { unreachableCode } from "./connect";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "backfill-state-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const state: BackfillState = {
  version: STATE_VERSION,
  mode: "apply",
  from: "2025-11-22T08:00:00.000Z",
  lookbackDays: 365,
  clientId: null,
  batchSize: 500,
  cursor: { sentAt: "2026-01-02T03:04:05.678Z", id: "0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a39" },
  batchesDone: 3,
  totals: { threads: 1500, anchors: 3000, written: 2999, deleted: 1 },
  updatedAt: "2026-11-22T08:10:00.000Z",
};

describe("state file", () => {
  it("round-trips, replacing the file whole and leaving no temp file behind", async () => {
    const file = path.join(dir, "run.json");
    await writeStateFile(file, { ...state, batchesDone: 1 });
    await writeStateFile(file, state);
    expect(await readStateFile(file)).toEqual(state);
    expect(await fs.readdir(dir)).toEqual(["run.json"]);
  });

  it("explains a missing, broken or foreign file", async () => {
    await expect(readStateFile(path.join(dir, "nope.json"))).rejects.toThrow(/does not exist: nothing to resume/);
    await fs.writeFile(path.join(dir, "broken.json"), "{");
    await expect(readStateFile(path.join(dir, "broken.json"))).rejects.toThrow(/not valid JSON/);
    await fs.writeFile(path.join(dir, "other.json"), JSON.stringify({ ...state, version: 99 }));
    await expect(readStateFile(path.join(dir, "other.json"))).rejects.toThrow(/not a backfill state/);
  });

  it("resumes only with the same mode, workspace and lookback", () => {
    expect(resumeMismatch(state, { mode: "apply", clientId: null })).toBeNull();
    expect(resumeMismatch(state, { mode: "apply", clientId: null, lookbackDays: 365 })).toBeNull();
    expect(resumeMismatch(state, { mode: "dry-run", clientId: null })).toMatch(/--apply run; resume it with --apply/);
    expect(resumeMismatch(state, { mode: "apply", clientId: "0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a39" })).toMatch(
      /records all workspaces/,
    );
    expect(resumeMismatch(state, { mode: "apply", clientId: null, lookbackDays: 30 })).toMatch(/--lookback-days 365/);
  });
});

describe("unreachableCode", () => {
  it("recognises unreachable hosts, also inside an AggregateError, and nothing else", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(unreachableCode(refused)).toBe("ECONNREFUSED");
    expect(
      unreachableCode(new AggregateError([new Error("x"), Object.assign(new Error("y"), { code: "ENOTFOUND" })], "")),
    ).toBe("ENOTFOUND");
    expect(unreachableCode(new Error("Connection terminated due to connection timeout"))).toBe("ETIMEDOUT");
    expect(unreachableCode(Object.assign(new Error("password authentication failed"), { code: "28P01" }))).toBeNull();
  });
});
