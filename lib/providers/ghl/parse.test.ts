// The GoHighLevel parser on the documented variants SOURCES.md lists but the fixture folder
// does not include (email `to` as a string, the `{ type, webhookId, timestamp, data }`
// envelope, the OutboundMessage example's `"direction": "inbound"`).
import { describe, expect, it } from "vitest";
import { readProviderFixture } from "@/tests/helpers/provider-fixtures";
import { parseGhlEvent } from "./parse";

const receivedAt = new Date("2026-10-14T16:46:00Z");
const fixture = (name: string) => JSON.parse(readProviderFixture("gohighlevel", name)) as Record<string, unknown>;
const parse = (payload: unknown) => parseGhlEvent({ rawBody: JSON.stringify(payload), receivedAt });

describe("parseGhlEvent", () => {
  it("reads an email `to` typed as a string (the schema) like the array (the examples)", () => {
    const result = parse({ ...fixture("OutboundMessage.email.json"), to: "Jordan Rivera <jordan.rivera@example.org>" });
    expect(result).toMatchObject({
      kind: "message",
      lead: { email: "jordan.rivera@example.org", name: "Jordan Rivera" },
    });
  });

  it("unwraps the generic webhook envelope", () => {
    const { type, webhookId, timestamp, locationId, ...data } = fixture("InboundMessage.sms.json");
    const result = parse({ type, webhookId, timestamp, locationId, data });
    expect(result).toMatchObject({ kind: "message", providerMessageId: "Pk7RwX2nLqB9vTzM4cYe", direction: "inbound" });
  });

  it("trusts the event type over `direction`", () => {
    expect(parse({ ...fixture("OutboundMessage.sms.json"), direction: "inbound" })).toMatchObject({
      direction: "outbound",
    });
    expect(parse({ ...fixture("InboundMessage.sms.json"), direction: "outbound" })).toMatchObject({
      direction: "inbound",
    });
  });

  it("prefers messageId over emailMessageId; the delivery dedupes on webhookId, else the message id", () => {
    const email = fixture("InboundMessage.email.json");
    const result = parse({ ...email, messageId: "ConvMsg1" });
    expect(result).toMatchObject({ providerMessageId: "ConvMsg1", dedupeKey: email.webhookId });
    const { webhookId: _w, ...withoutWebhookId } = email;
    expect(parse({ ...withoutWebhookId, messageId: "ConvMsg1" })).toMatchObject({ dedupeKey: "ConvMsg1" });
    expect(parse(withoutWebhookId)).toMatchObject({ dedupeKey: email.emailMessageId });
  });

  it("another event type about the same message never takes the message event's key (no webhookId)", () => {
    const { webhookId: _w, ...sms } = fixture("OutboundMessage.sms.json");
    const other = parse({ ...sms, type: "ProviderOutboundMessage" });
    expect(other).toMatchObject({ kind: "ignored" });
    expect(other.dedupeKey).toMatch(/^sha256:/);
    expect(parse(sms)).toMatchObject({ kind: "message", dedupeKey: "Rb2MvQ8xNz4KtLp6WcYs" });
  });

  it("reads messageType in the conversations API's spelling (TYPE_SMS / TYPE_EMAIL)", () => {
    const { messageTypeString: _s, ...sms } = fixture("InboundMessage.sms.json");
    expect(parse({ ...sms, messageType: "TYPE_SMS" })).toMatchObject({ kind: "message", channel: "sms" });
    expect(parse({ ...fixture("InboundMessage.email.json"), messageType: "TYPE_EMAIL" })).toMatchObject({
      kind: "message",
      channel: "email",
    });
  });

  it("rejects a message event with no way to find the lead", () => {
    const { contactId: _c, from: _f, ...rest } = fixture("InboundMessage.sms.json");
    expect(parse(rest)).toEqual({
      kind: "rejected",
      eventType: "InboundMessage",
      dedupeKey: "5c1f7e0a-3b2d-4c8e-9a61-2f4d8b7e1c90",
      reason: "no contactId, email or phone to find the lead by",
    });
  });

  it("never throws: arrays, nulls and numbers are rejected or ignored", () => {
    for (const raw of ["[]", "null", "42", '"text"', "{", '{"type":null}']) {
      expect(() => parseGhlEvent({ rawBody: raw, receivedAt })).not.toThrow();
      expect(["rejected", "ignored"]).toContain(parseGhlEvent({ rawBody: raw, receivedAt }).kind);
    }
  });
});
