import { describe, expect, it } from "vitest";
import { normalizeEmail, normalizePhone, parseEmailAddress } from "./normalize-identity";

describe("normalizeEmail", () => {
  it("trims and lower-cases", () => {
    expect(normalizeEmail("  Jordan.Rivera@Example.ORG ")).toBe("jordan.rivera@example.org");
  });
  it("refuses what is not an address", () => {
    for (const value of [null, undefined, "", "jordan", "a@b", "a b@example.com", "<a@example.com>"]) {
      expect(normalizeEmail(value), String(value)).toBeNull();
    }
  });
});

describe("parseEmailAddress", () => {
  it("splits a display name from the address", () => {
    expect(parseEmailAddress("Jordan Rivera <Jordan.Rivera@example.org>")).toEqual({
      name: "Jordan Rivera",
      email: "jordan.rivera@example.org",
    });
    expect(parseEmailAddress('"Rivera, Jordan" <j@example.org>')).toEqual({
      name: "Rivera, Jordan",
      email: "j@example.org",
    });
    expect(parseEmailAddress("sam@acme-demo.example.com")).toEqual({ name: null, email: "sam@acme-demo.example.com" });
    expect(parseEmailAddress("<j@example.org>")).toEqual({ name: null, email: "j@example.org" });
    expect(parseEmailAddress(undefined)).toEqual({ name: null, email: null });
  });
});

describe("normalizePhone (E.164)", () => {
  it("keeps numbers that already have a country code", () => {
    expect(normalizePhone("+15555550142", "US")).toBe("+15555550142");
    expect(normalizePhone("+44 20 7946 0958", "US")).toBe("+442079460958");
  });
  it("reads national numbers in the workspace's default country", () => {
    expect(normalizePhone("(555) 555-0199", "US")).toBe("+15555550199");
    expect(normalizePhone("020 7946 0958", "GB")).toBe("+442079460958");
    expect(normalizePhone("030 1234567", "DE")).toBe("+49301234567");
  });
  it("reads the default country case-insensitively", () => {
    expect(normalizePhone("020 7946 0958", "gb")).toBe("+442079460958");
    expect(normalizePhone("020 7946 0958", " Gb ")).toBe("+442079460958");
  });
  it("refuses what cannot be a phone number", () => {
    for (const value of [null, undefined, "", "abc", "+1555", "020 7946 0958"]) {
      expect(normalizePhone(value, "US"), String(value)).toBeNull();
    }
  });
  it("tolerates a bad default country (numbers with + still work)", () => {
    expect(normalizePhone("+15555550142", "zz")).toBe("+15555550142");
    expect(normalizePhone("5555550142", "zz")).toBeNull();
  });
});
