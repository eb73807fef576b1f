import { describe, expect, it } from "vitest";
import { confirmationRefusal, parseBackfillArgs } from "./parse-args";

const ok = (argv: string[]) => {
  const result = parseBackfillArgs(argv);
  if (!result.ok) throw new Error(`expected success, got: ${result.error}`);
  return result.args;
};
const error = (argv: string[]) => {
  const result = parseBackfillArgs(argv);
  if (result.ok) throw new Error(`expected a usage error for ${argv.join(" ")}`);
  return result.error;
};

describe("parseBackfillArgs", () => {
  it("defaults to a dry run over all workspaces, leaving lookback and batch size to the caller", () => {
    expect(ok([])).toEqual({
      mode: "dry-run",
      lookbackDays: undefined,
      batchSize: undefined,
      path: "auto",
      clientId: null,
      stateFile: null,
      resume: false,
      allowPooler: false,
      yes: false,
      help: false,
    });
  });

  it("parses every flag", () => {
    expect(
      ok([
        "--apply",
        "--lookback-days",
        "3650",
        "--batch-size=50000",
        "--path",
        "bulk",
        "--client-id",
        "0B9F3C1E-5D2A-4C1B-9E8F-2A7D6C5B4A39",
        "--state-file",
        "run.json",
        "--resume",
        "--allow-pooler",
        "--yes",
      ]),
    ).toEqual({
      mode: "apply",
      lookbackDays: 3650,
      batchSize: 50_000,
      path: "bulk",
      clientId: "0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a39",
      stateFile: "run.json",
      resume: true,
      allowPooler: true,
      yes: true,
      help: false,
    });
    expect(ok(["--dry-run", "--lookback-days", "1", "--batch-size", "1"])).toMatchObject({
      mode: "dry-run",
      lookbackDays: 1,
      batchSize: 1,
    });
  });

  it.each([
    [["--dry-run", "--apply"], /--dry-run and --apply cannot be used together/],
    [["--lookback-days", "0"], /--lookback-days must be between 1 and 3650/],
    [["--lookback-days", "3651"], /--lookback-days must be between 1 and 3650/],
    [["--lookback-days", "7.5"], /--lookback-days must be a whole number/],
    [["--lookback-days", "-3"], /--lookback-days/],
    [["--lookback-days", "abc"], /--lookback-days must be a whole number/],
    [["--batch-size", "0"], /--batch-size must be between 1 and 50000/],
    [["--batch-size", "50001"], /--batch-size must be between 1 and 50000/],
    [["--batch-size", "1e3"], /--batch-size must be a whole number/],
    [["--client-id", "workspace-1"], /--client-id must be a UUID/],
    [["--path", "fast"], /--path must be auto, bulk or batched/],
    [["--client-id", "0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a3"], /--client-id must be a UUID/],
    [["--resume"], /--resume needs --state-file PATH/],
    [["--state-file", ""], /--state-file needs a path/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--apply", "extra"], /Unexpected argument 'extra'/],
    [["--batch-size"], /--batch-size/],
  ])("rejects %j", (argv, message) => {
    expect(error(argv)).toMatch(message);
  });
});

describe("confirmationRefusal (RED TEAM 14)", () => {
  const base = {
    mode: "apply" as const,
    external: true,
    lookbackDays: 365,
    yes: false,
    target: "db.example:5432/app",
    from: new Date("2025-01-01T00:00:00Z"),
  };

  it("refuses a long --apply on an external database without --yes, saying what it would do", () => {
    const text = confirmationRefusal(base);
    expect(text).toContain("db.example:5432/app");
    expect(text).toContain("2025-01-01T00:00:00.000Z");
    expect(text).toContain("365 days");
    expect(text).toContain("--yes");
  });

  it.each([
    ["with --yes", { yes: true }],
    ["a dry run", { mode: "dry-run" as const }],
    ["the embedded database", { external: false }],
    ["90 days or less", { lookbackDays: 90 }],
  ])("lets %s through", (_label, change) => {
    expect(confirmationRefusal({ ...base, ...change })).toBeNull();
  });
});
