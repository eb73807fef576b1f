import { describe, expect, it } from "vitest";
import { FIRST_RESPONDER_CASES } from "../../tests/helpers/first-responder-cases";
import { firstResponder } from "./first-responder";

describe("firstResponder", () => {
  it.each(FIRST_RESPONDER_CASES)("$name → $expected", ({ setterSentAt, aiSentAt, expected }) => {
    expect(firstResponder({ setterSentAt, aiSentAt })).toBe(expected);
  });
});
