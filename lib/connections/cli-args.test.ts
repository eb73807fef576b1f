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
      "a command is required (add, list, rotate, mode, disable or enable)",
      'unknown command "frobnicate" (add, list, rotate, mode, disable or enable)',
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
});
