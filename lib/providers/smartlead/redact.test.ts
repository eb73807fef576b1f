import { describe, expect, it } from "vitest";
import { readProviderFixture } from "@/tests/helpers/provider-fixtures";
import { parseSmartlead } from "./parse";
import { redactSmartleadRawBody } from "./redact";

const receivedAt = new Date("2026-10-14T16:00:00.000Z");

describe("redactSmartleadRawBody", () => {
  it("blanks the secret and changes nothing else the parser reads", () => {
    const raw = readProviderFixture("smartlead", "EMAIL_REPLY.json");
    const redacted = redactSmartleadRawBody(raw);
    expect(redacted).not.toContain("TEST-ONLY-KEY");
    expect(JSON.parse(redacted).secret_key).toBe("[redacted]");
    expect(redacted.length).toBe(raw.length - "7b2e9c14-3f6a-4d81-b0e5-TEST-ONLY-KEY".length + "[redacted]".length);
    expect(parseSmartlead({ rawBody: redacted, receivedAt })).toEqual(parseSmartlead({ rawBody: raw, receivedAt }));
  });

  it("handles compact JSON, escaped quotes and repeated keys; leaves bodies without a secret alone", () => {
    expect(redactSmartleadRawBody('{"secret_key":"a\\"b","x":1,"secret_key" : "c"}')).toBe(
      '{"secret_key":"[redacted]","x":1,"secret_key" : "[redacted]"}',
    );
    expect(redactSmartleadRawBody('{"event_type":"EMAIL_SENT"}')).toBe('{"event_type":"EMAIL_SENT"}');
    expect(redactSmartleadRawBody("not json")).toBe("not json");
  });
});
