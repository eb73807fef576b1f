import { describe, expect, it } from "vitest";
import { MESSAGE_TEXT_CAP_BYTES } from "@/lib/webhooks/text";
import type { ParseResult, ParsedMessage } from "@/lib/providers/webhook-adapter";
import { listProviderFixtures, readProviderFixture } from "@/tests/helpers/provider-fixtures";
import { unipileAdapter } from "./index";

const receivedAt = new Date("2026-10-14T16:00:00.000Z");
const parse = (rawBody: string, headers: Record<string, string> = {}) =>
  unipileAdapter.parse({ rawBody, headers, receivedAt });
const fixture = (name: string) => readProviderFixture("unipile", name);
const edit = (name: string, change: (body: Record<string, unknown>) => void) => {
  const body = JSON.parse(fixture(name)) as Record<string, unknown>;
  change(body);
  return JSON.stringify(body);
};

function asMessage(result: ParseResult): ParsedMessage {
  if (result.kind !== "message") throw new Error(`expected a message, got ${result.kind}: ${result.reason}`);
  return result;
}

const INBOUND = "message_received.linkedin.inbound.json";
const LEAD = {
  providerLeadId: "ACoAAC7q8r9EXAMPLEleadProfileQq4",
  email: null,
  phone: null,
  name: "Jordan Rivera",
  linkedinUrl: "https://www.linkedin.com/in/ACoAAC7q8r9EXAMPLEleadProfileQq4/",
};
const CONTEXT = {
  chatId: "Zr5NqW8xKt2LmPc7BvYsHd",
  accountId: "Qm7xK2pVtR9cLw4NbZ8sHa",
  providerChatId: "2-YmE4ZTRmNjEtZXhhbXBsZS1jaGF0LWlkXzAxMA==",
};

describe("Unipile fixtures", () => {
  it("covers every fixture of the folder (a new one fails here until it has expectations)", () => {
    expect(listProviderFixtures("unipile")).toEqual([
      "message_received.linkedin.inbound.json",
      "message_received.linkedin.outbound_echo.json",
      "message_received.linkedin.with_attachment.json",
      "webhook_create.request.json", // our request to Unipile, not a delivery
      "webhook_delivery.headers.json", // the delivery's headers, not a body
    ]);
    expect(listProviderFixtures("unipile", "bad")).toEqual([
      "bad/account_status.no_event_field.json",
      "bad/message_received.duplicate_delivery_retry.json",
      "bad/message_received.missing_message_id_and_chat_id.json",
      "bad/message_received.oversized_message_1_2MB.json",
      "bad/message_received.wrong_types_attachments_object_is_sender_int.json",
    ]);
  });

  it("inbound: the lead is the sender, keyed by its LinkedIn provider id", () => {
    const message = asMessage(parse(fixture(INBOUND)));
    expect(message).toEqual({
      kind: "message",
      eventType: "message_received",
      dedupeKey: "message:Gb4KqT9xNw2RmLz6CvYpSe",
      occurredAt: new Date("2026-10-14T15:20:07.412Z"),
      direction: "inbound",
      channel: "linkedin",
      providerMessageId: "Gb4KqT9xNw2RmLz6CvYpSe",
      lead: LEAD,
      subject: null,
      body: "Thanks for connecting! Happy to hear more - what does onboarding look like?",
      bodyTruncated: false,
      sentAt: new Date("2026-10-14T15:20:07.412Z"),
      sentAtSource: "provider",
      providerContext: {
        ...CONTEXT,
        providerMessageId: "2-MTc5MTk5MDgwNzQxMmI4MDA4My0xMDAmZXhhbXBsZV9tc2c=",
      },
      senderExternalUserId: null,
      isAutoReply: false,
    });
  });

  it("own echo (is_sender true): outbound, the lead is the other attendee, the sender id is ours", () => {
    const message = asMessage(parse(fixture("message_received.linkedin.outbound_echo.json")));
    expect(message.direction).toBe("outbound");
    expect(message.lead).toEqual(LEAD);
    expect(message.senderExternalUserId).toBe("ACoAAB1x2y3EXAMPLEownProfileZz9");
    expect(message.providerMessageId).toBe("Ps2RvN7xQk4LmTz9CwYbGa");
    expect(message.dedupeKey).toBe("message:Ps2RvN7xQk4LmTz9CwYbGa");
    expect(message.body).toBe("Great question - I'll send over a short overview. Do you have 15 min Thursday?");
    expect(message.sentAt).toEqual(new Date("2026-10-14T15:24:51.090Z"));
  });

  it("attachment-only message: the body says what was attached", () => {
    const message = asMessage(parse(fixture("message_received.linkedin.with_attachment.json")));
    expect(message.body).toBe("[attachment: image/png]");
    expect(message.direction).toBe("inbound");
    expect(message.providerMessageId).toBe("Jw6NqB3xRt8LmKz2CvYsPe");
  });

  it("bad/account_status without an event field: ignored", () => {
    const result = parse(fixture("bad/account_status.no_event_field.json"));
    expect(result).toMatchObject({ kind: "ignored", eventType: "account_status" });
    expect(result.dedupeKey).toMatch(/^ignored:[0-9a-f]{64}$/);
    // The docs' own shape: { AccountStatus: { account_id, account_type, message } }.
    const docs = JSON.stringify({ AccountStatus: { account_id: "x", account_type: "LINKEDIN", message: "OK" } });
    expect(parse(docs).kind).toBe("ignored");
  });

  it("bad/duplicate retry: the same dedupe key and message id as the first delivery", () => {
    const first = asMessage(parse(fixture(INBOUND)));
    const retry = asMessage(parse(fixture("bad/message_received.duplicate_delivery_retry.json")));
    expect(retry.dedupeKey).toBe(first.dedupeKey);
    expect(retry.providerMessageId).toBe(first.providerMessageId);
    expect(retry.sentAt).toEqual(new Date("2026-10-14T15:20:09.880Z"));
  });

  it("bad/missing message_id and chat_id: rejected, saying which", () => {
    const result = parse(fixture("bad/message_received.missing_message_id_and_chat_id.json"));
    expect(result.kind).toBe("rejected");
    if (result.kind !== "rejected") return;
    expect(result.reason).toContain("message_id is missing");
    expect(result.reason).toContain("chat_id is missing");
    expect(result.eventType).toBe("message_received");
  });

  it("bad/oversized 1.2 MB message: stored as capped text, marked truncated, the inline image dropped", () => {
    const message = asMessage(parse(fixture("bad/message_received.oversized_message_1_2MB.json")));
    expect(Buffer.byteLength(message.body, "utf8")).toBeLessThanOrEqual(MESSAGE_TEXT_CAP_BYTES);
    expect(message.body).toContain("Please see the attached screenshot.");
    expect(message.body).not.toContain("base64");
    expect(message.bodyTruncated).toBe(true);
    expect(message.providerMessageId).toBe("Gb4KqT9xNw2RmLz6CvYpSe");
  });

  it('bad/wrong types (attachments object, is_sender 0, is_group "false"): the documented variants are read', () => {
    const message = asMessage(parse(fixture("bad/message_received.wrong_types_attachments_object_is_sender_int.json")));
    expect(message.direction).toBe("inbound");
    expect(message.lead).toEqual(LEAD);
    expect(message.body).toBe("Thanks for connecting! Happy to hear more - what does onboarding look like?");
  });
});

describe("Unipile variants", () => {
  it.each([
    [true, "outbound"],
    ["true", "outbound"],
    [1, "outbound"],
    [false, "inbound"],
    ["false", "inbound"],
    [0, "inbound"],
  ] as const)("is_sender %j → %s", (isSender, direction) => {
    const rawBody = edit(
      isSender === true || isSender === "true" || isSender === 1
        ? "message_received.linkedin.outbound_echo.json"
        : INBOUND,
      (body) => void (body.is_sender = isSender),
    );
    expect(asMessage(parse(rawBody)).direction).toBe(direction);
  });

  it("without is_sender, the sender is compared with account_info.user_id", () => {
    const inbound = edit(INBOUND, (body) => void delete body.is_sender);
    const echo = edit("message_received.linkedin.outbound_echo.json", (body) => void delete body.is_sender);
    expect(asMessage(parse(inbound)).direction).toBe("inbound");
    expect(asMessage(parse(echo)).direction).toBe("outbound");
    const unknown = edit(INBOUND, (body) => {
      delete body.is_sender;
      delete body.account_info;
    });
    expect(parse(unknown)).toMatchObject({ kind: "rejected", reason: expect.stringContaining("direction") });
  });

  it("is parsed as JSON whatever Content-Type says (Unipile API webhooks send form-urlencoded)", () => {
    const message = parse(fixture(INBOUND), { "content-type": "application/x-www-form-urlencoded" });
    expect(message.kind).toBe("message");
  });

  it("other account types, other events and group chats are ignored", () => {
    expect(parse(edit(INBOUND, (b) => void (b.account_type = "WHATSAPP")))).toMatchObject({
      kind: "ignored",
      reason: expect.stringContaining("WHATSAPP"),
    });
    expect(parse(edit(INBOUND, (b) => void (b.event = "message_reaction")))).toMatchObject({
      kind: "ignored",
      eventType: "message_reaction",
    });
    expect(parse(edit(INBOUND, (b) => void (b.is_group = true)))).toMatchObject({ kind: "ignored" });
  });

  it("an unparseable timestamp falls back to the received time, flagged", () => {
    const message = asMessage(parse(edit(INBOUND, (b) => void (b.timestamp = "yesterday-ish"))));
    expect(message.sentAt).toEqual(receivedAt);
    expect(message.sentAtSource).toBe("received-fallback");
    expect(message.occurredAt).toBeNull();
    expect(message.warnings?.[0]).toContain("timestamp unparseable");
  });

  it("an outbound echo that names no other attendee is rejected", () => {
    const rawBody = edit("message_received.linkedin.outbound_echo.json", (b) => void (b.attendees = []));
    expect(parse(rawBody)).toMatchObject({ kind: "rejected", reason: expect.stringContaining("no lead identity") });
  });

  it("a sender without attendee_provider_id is rejected (a profile url alone cannot find the lead)", () => {
    const rawBody = edit(INBOUND, (b) => void delete (b.sender as Record<string, unknown>).attendee_provider_id);
    expect(parse(rawBody)).toMatchObject({
      kind: "rejected",
      reason: "no lead identity: the sender has no attendee_provider_id",
    });
  });

  it("an id too long for a unique index is rejected, not passed to the database", () => {
    expect(parse(edit(INBOUND, (b) => void (b.message_id = "x".repeat(600))))).toMatchObject({
      kind: "rejected",
      reason: "message_id: message_id is too long",
    });
  });

  it.each([
    ["not JSON", "account_id=x&event=message_received", "body is not valid JSON"],
    ["JSON null", "null", "body is not a JSON object"],
    ["a JSON array", "[]", "body is not a JSON object"],
    ["no event", "{}", "no event field"],
    [
      "the v2 envelope",
      '{"type":"message.new","payload":{}}',
      "Unipile v2 envelope (type message.new) is not supported",
    ],
    [
      "a non-text message",
      JSON.stringify({ ...JSON.parse(fixture(INBOUND)), message: { text: 1 } }),
      "message must be text",
    ],
  ])("%s → rejected, never a throw", (_label, rawBody, reason) => {
    const result = parse(rawBody);
    expect(result.kind).toBe("rejected");
    expect(result.kind === "rejected" && result.reason).toContain(reason);
    // The same bad body twice is one rejected event (a retry is a duplicate).
    expect(parse(rawBody).dedupeKey).toBe(result.dedupeKey);
  });

  it("a hostile sender shape does not throw", () => {
    const rawBody = JSON.stringify({ event: "message_received", account_type: "LINKEDIN", sender: "x", attendees: 7 });
    expect(() => parse(rawBody)).not.toThrow();
    expect(parse(rawBody).kind).toBe("rejected");
  });
});
