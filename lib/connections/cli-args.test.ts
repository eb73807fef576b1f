import { describe, expect, it } from "vitest";
import { parseConnectionsArgs } from "./cli-args";

const id = "0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a39";

describe("connections CLI flags", () => {
  it("parses each command", () => {
    expect(parseConnectionsArgs(["add", "--client-id", id, "--provider", "GHL", "--account", " loc1 "])).toEqual({
      command: "add",
      "client-id": id,
      provider: "GHL",
      account: " loc1 ",
      mode: "live",
      json: false,
    });
    expect(parseConnectionsArgs(["list", "--json"])).toEqual({ command: "list", json: true });
    expect(parseConnectionsArgs(["rotate", "--id", id.toUpperCase()])).toEqual({ command: "rotate", id, json: false });
    expect(parseConnectionsArgs(["mode", "--id", id, "--mode", "sandbox"])).toMatchObject({ mode: "sandbox" });
    expect(parseConnectionsArgs(["--help"])).toEqual({ command: "help" });
  });

  it("answers bad flags with one clear line", () => {
    const add = ["add", "--client-id", id, "--provider", "ghl", "--account", "a"];
    expect([
      parseConnectionsArgs([]),
      parseConnectionsArgs(["frobnicate"]),
      parseConnectionsArgs(["add", "--client-id", "nope", "--provider", "ghl", "--account", "a"]),
      parseConnectionsArgs(["add", "--client-id", id, "--provider", "hubspot", "--account", "a"]),
      parseConnectionsArgs(["add", "--client-id", id, "--provider", "ghl"]),
      parseConnectionsArgs(["add", "--client-id", id, "--provider", "ghl", "--account", "  "]),
      parseConnectionsArgs([...add, "--mode", "test"]),
      parseConnectionsArgs([...add, "--base-url", "ftp://x"]),
      parseConnectionsArgs([...add, "--base-url", "https://x.test/?token=t"]),
      parseConnectionsArgs(["disable"]),
      parseConnectionsArgs(["list", "--all"]),
    ]).toEqual([
      "a command is required (add, list, rotate, mode, disable, enable or oauth)",
      'unknown command "frobnicate" (add, list, rotate, mode, disable, enable or oauth)',
      "--client-id must be a UUID, e.g. 0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a39",
      "--provider must be one of ghl, unipile, smartlead, instantly, calendly",
      "--account EXTERNAL_ID is required",
      "--account: Enter the provider's account id.",
      "--mode must be live or sandbox",
      "--base-url: The API base URL must be an http or https URL.",
      "--base-url: The API base URL cannot have a query string or a #fragment.",
      "--id UUID is required",
      expect.stringMatching(/Unknown option '--all'/),
    ]);
  });

  it("parses oauth: a pair with an expiry, or --clear", () => {
    const pair = ["oauth", "--id", id, "--access-token", " at-1 ", "--refresh-token", "rt-1"];
    expect(parseConnectionsArgs([...pair, "--expires-in", "86_399"])).toEqual({
      command: "oauth",
      id,
      "access-token": "at-1",
      "refresh-token": "rt-1",
      "expires-in": 86_399,
      clear: false,
      json: false,
    });
    expect(parseConnectionsArgs([...pair, "--expires-at", "2026-12-02T05:00:00Z", "--json"])).toMatchObject({
      "expires-at": new Date("2026-12-02T05:00:00Z"),
      json: true,
    });
    expect(parseConnectionsArgs(["oauth", "--id", id, "--clear"])).toEqual({
      command: "oauth",
      id,
      clear: true,
      json: false,
    });
  });

  it("answers bad oauth flags with one clear line that never echoes a token", () => {
    const pair = ["oauth", "--id", id, "--access-token", "secret-at", "--refresh-token", "secret-rt"];
    const answers = [
      parseConnectionsArgs(["oauth", "--access-token", "a", "--refresh-token", "r", "--expires-in", "60"]),
      parseConnectionsArgs(["oauth", "--id", id]),
      parseConnectionsArgs(["oauth", "--id", id, "--access-token", "secret-at", "--expires-in", "60"]),
      parseConnectionsArgs(pair),
      parseConnectionsArgs([...pair, "--expires-in", "60", "--expires-at", "2026-12-02T05:00:00Z"]),
      parseConnectionsArgs([...pair, "--expires-in", "0"]),
      parseConnectionsArgs([...pair, "--expires-in", "soon"]),
      parseConnectionsArgs([...pair, "--expires-at", "tomorrow"]),
      parseConnectionsArgs([...pair, "--expires-at", "2026-12-02T05:00:00"]),
      parseConnectionsArgs([...pair, "--expires-at", "2026-13-45T99:00:00Z"]),
      parseConnectionsArgs(["oauth", "--id", id, "--clear", "--access-token", "secret-at"]),
      parseConnectionsArgs(["oauth", "--id", id, "--access-token", "  ", "--refresh-token", "r", "--expires-in", "9"]),
    ];
    expect(answers).toEqual([
      "--id UUID is required",
      "--access-token and --refresh-token are required (or --clear)",
      "--access-token and --refresh-token are required (or --clear)",
      "give exactly one of --expires-in SECONDS or --expires-at ISO",
      "give exactly one of --expires-in SECONDS or --expires-at ISO",
      "--expires-in must be at least 1",
      "--expires-in must be a whole number",
      "--expires-at must be an ISO 8601 time with a zone, e.g. 2026-12-02T05:00:00Z",
      "--expires-at must be an ISO 8601 time with a zone, e.g. 2026-12-02T05:00:00Z",
      "--expires-at is not a real time",
      "--clear cannot be combined with token flags",
      "--access-token is empty",
    ]);
    expect(answers.join("\n")).not.toContain("secret-");
  });
});
