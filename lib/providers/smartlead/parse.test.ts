import { describe, expect, it } from "vitest";
import { MESSAGE_TEXT_CAP_BYTES } from "@/lib/webhooks/text";
import type { ParseResult, ParsedMessage } from "@/lib/providers/webhook-adapter";
import { listProviderFixtures, readProviderFixture } from "@/tests/helpers/provider-fixtures";
import { smartleadAdapter } from "./index";

const receivedAt = new Date("2026-10-14T16:00:00.000Z");
const parse = (rawBody: string) => smartleadAdapter.parse({ rawBody, headers: {}, receivedAt });
const fixture = (name: string) => readProviderFixture("smartlead", name);
const edit = (name: string, change: (body: Record<string, unknown>) => void) => {
  const body = JSON.parse(fixture(name)) as Record<string, unknown>;
  change(body);
  return JSON.stringify(body);
};

function asMessage(result: ParseResult): ParsedMessage {
  if (result.kind !== "message") throw new Error(`expected a message, got ${result.kind}: ${result.reason}`);
  return result;
}

const REPLY = "EMAIL_REPLY.json";
const REPLY_ID = "<CAKexampleReplyId0xQwErTy123@mail.gmail.com>";
const SENT_ID = "<d3b07384-d9a0-4c1b-8e2f-smartlead-example@mail.acme-demo.example.com>";
const LEAD = {
  providerLeadId: "2284117",
  email: "jordan.rivera@example.org",
  phone: null,
  name: "Jordan Rivera",
  linkedinUrl: null,
};

describe("SmartLead fixtures", () => {
  it("covers every fixture of the folder", () => {
    expect(listProviderFixtures("smartlead")).toEqual([
      "EMAIL_REPLY.colleague_replied.json",
      "EMAIL_REPLY.json",
      "EMAIL_SENT.json",
    ]);
    expect(listProviderFixtures("smartlead", "bad")).toEqual([
      "bad/EMAIL_REPLY.duplicate_delivery.json",
      "bad/EMAIL_REPLY.missing_message_ids.json",
      "bad/EMAIL_REPLY.oversized_html_2x1MB.json",
      "bad/EMAIL_REPLY.wrong_secret_key.json",
    ]);
  });

  it("EMAIL_REPLY: inbound from the lead (to_email), keyed by the reply's Message-ID", () => {
    expect(asMessage(parse(fixture(REPLY)))).toEqual({
      kind: "message",
      eventType: "EMAIL_REPLY",
      dedupeKey: `message:${REPLY_ID}`,
      occurredAt: new Date("2026-10-14T15:41:22.000Z"),
      direction: "inbound",
      channel: "email",
      providerMessageId: REPLY_ID,
      lead: LEAD,
      subject: "Re: Quick question about onboarding",
      body: "Sounds interesting - can you send times for next week?",
      bodyTruncated: false,
      sentAt: new Date("2026-10-14T15:41:22.000Z"),
      sentAtSource: "provider",
      providerContext: {
        campaignId: 1482906,
        statsId: "8e1f4c2a-6b3d-4e95-a7c0-2d9f1b5e8a34",
        messageId: REPLY_ID,
        statsThreadId: "8e1f4c2a-6b3d-4e95-a7c0-2d9f1b5e8a34",
        leadMapId: "1938652",
        // from_email is OUR mailbox on a reply (SmartLead documents it so).
        emailAccount: "sam@acme-demo.example.com",
        sequenceNumber: 1,
        replyReceivedFrom: "jordan.rivera@example.org",
      },
      senderExternalUserId: null,
      isAutoReply: false,
    });
  });

  it("a colleague's reply stays on the targeted lead's thread, with who wrote it kept", () => {
    const message = asMessage(parse(fixture("EMAIL_REPLY.colleague_replied.json")));
    expect(message.direction).toBe("inbound");
    expect(message.lead).toEqual(LEAD);
    expect(message.providerContext.replyReceivedFrom).toBe("casey.ng@example.org");
    expect(message.providerContext.statsId).toBe("0c7a2e5f-9d1b-4f63-8a24-6e3b1d9f0c72");
    expect(message.providerMessageId).toBe("<CAKexampleColleague0xAbC456@mail.gmail.com>");
  });

  it("EMAIL_SENT: outbound, sent by our mailbox (lower-cased), microsecond timestamp read", () => {
    const message = asMessage(parse(fixture("EMAIL_SENT.json")));
    expect(message).toMatchObject({
      eventType: "EMAIL_SENT",
      direction: "outbound",
      dedupeKey: `message:${SENT_ID}`,
      providerMessageId: SENT_ID,
      lead: LEAD,
      subject: "Quick question about onboarding",
      body: "Hi Jordan,\nQuick question about how Rivera Logistics handles onboarding...",
      sentAt: new Date("2026-10-13T14:00:03.000Z"),
      sentAtSource: "provider",
      senderExternalUserId: "sam@acme-demo.example.com",
    });
    expect(message.providerContext).toMatchObject({
      campaignId: 1482906,
      statsId: "8e1f4c2a-6b3d-4e95-a7c0-2d9f1b5e8a34",
      messageId: SENT_ID,
    });
  });

  it("bad/duplicate delivery: the same dedupe key as the first", () => {
    expect(asMessage(parse(fixture("bad/EMAIL_REPLY.duplicate_delivery.json"))).dedupeKey).toBe(`message:${REPLY_ID}`);
  });

  it("bad/missing message ids (and no stats_id): rejected with the reason", () => {
    expect(parse(fixture("bad/EMAIL_REPLY.missing_message_ids.json"))).toMatchObject({
      kind: "rejected",
      eventType: "EMAIL_REPLY",
      reason: "no message id (reply_message.message_id / message_id) and no stats_id + event_timestamp to fall back on",
    });
  });

  it("bad/oversized 2×1 MB HTML: the words are stored, capped, marked truncated", () => {
    const message = asMessage(parse(fixture("bad/EMAIL_REPLY.oversized_html_2x1MB.json")));
    expect(Buffer.byteLength(message.body, "utf8")).toBeLessThanOrEqual(MESSAGE_TEXT_CAP_BYTES);
    expect(message.body).toContain("Please see the attached screenshot.");
    expect(message.body).not.toContain("base64");
    expect(message.bodyTruncated).toBe(true);
    expect(message.providerMessageId).toBe(REPLY_ID);
  });

  it("bad/wrong secret_key: parses like any reply (authentication, not parsing, refuses it)", () => {
    expect(parse(fixture("bad/EMAIL_REPLY.wrong_secret_key.json")).kind).toBe("message");
  });
});

describe("SmartLead variants", () => {
  it("the legacy message_id alone is enough", () => {
    const rawBody = edit(REPLY, (b) => void delete b.reply_message);
    const message = asMessage(parse(rawBody));
    expect(message.providerMessageId).toBe(REPLY_ID);
    // reply_body (legacy html) is the body then.
    expect(message.body).toBe("Sounds interesting - can you send times for next week?");
  });

  it("without any message id, a reply falls back to stats_id + event_timestamp", () => {
    const rawBody = edit("bad/EMAIL_REPLY.missing_message_ids.json", (b) => void (b.stats_id = "st-1"));
    const message = asMessage(parse(rawBody));
    expect(message.dedupeKey).toBe("reply:st-1:2026-10-14T15:41:22+00:00");
    expect(message.providerMessageId).toBe("stats:st-1:2026-10-14T15:41:22+00:00");
    expect(message.providerContext.messageId).toBeNull();
  });

  it("a sent email without a message id falls back to its stats_id", () => {
    const rawBody = edit("EMAIL_SENT.json", (b) => {
      delete b.message_id;
      delete b.sent_message;
    });
    const message = asMessage(parse(rawBody));
    expect(message.dedupeKey).toBe("sent:8e1f4c2a-6b3d-4e95-a7c0-2d9f1b5e8a34");
    expect(message.body).toBe("Hi Jordan,\nQuick question about how Rivera Logistics handles onboarding...");
  });

  it("a reply from our own mailbox (sent into the thread outside SmartLead) is outbound", () => {
    const rawBody = edit(REPLY, (b) => {
      b.leadCorrespondence = {
        targetLeadEmail: "jordan.rivera@example.org",
        replyReceivedFrom: "Sam@Acme-Demo.example.com",
      };
    });
    const message = asMessage(parse(rawBody));
    expect(message.direction).toBe("outbound");
    expect(message.senderExternalUserId).toBe("sam@acme-demo.example.com");
    expect(message.lead).toEqual(LEAD);
  });

  it("a teammate on our mailbox's domain is outbound; the lead's own domain stays inbound", () => {
    const teammate = edit(REPLY, (b) => {
      b.leadCorrespondence = {
        targetLeadEmail: "jordan.rivera@example.org",
        replyReceivedFrom: "alex@acme-demo.example.com",
      };
    });
    expect(asMessage(parse(teammate)).direction).toBe("outbound");
    // Both on one shared domain (say gmail.com): the lead side wins, it stays inbound.
    const shared = edit(REPLY, (b) => {
      b.from_email = "sam@gmail.com";
      b.leadCorrespondence = { targetLeadEmail: "jordan@gmail.com", replyReceivedFrom: "other@gmail.com" };
    });
    expect(asMessage(parse(shared)).direction).toBe("inbound");
  });

  it("ids sent as numbers are read as strings; the lead's email is lower-cased", () => {
    const rawBody = edit(REPLY, (b) => {
      b.sl_email_lead_id = 2284117;
      b.leadCorrespondence = { targetLeadEmail: " Jordan.Rivera@Example.org " };
    });
    expect(asMessage(parse(rawBody)).lead).toEqual(LEAD);
  });

  it("other event types are ignored; the nested api-docs shape is rejected (a replay can fix it)", () => {
    expect(parse(edit(REPLY, (b) => void (b.event_type = "EMAIL_OPEN")))).toMatchObject({
      kind: "ignored",
      eventType: "EMAIL_OPEN",
    });
    const nested = JSON.stringify({ event: "EMAIL_REPLIED", lead: { email: "x@example.org" }, reply: {} });
    expect(parse(nested)).toMatchObject({ kind: "rejected", reason: expect.stringContaining("nested") });
  });

  it("no lead id and no lead email: rejected", () => {
    const rawBody = edit(REPLY, (b) => {
      delete b.sl_email_lead_id;
      delete b.sl_lead_email;
      delete b.to_email;
      delete b.leadCorrespondence;
    });
    expect(parse(rawBody)).toMatchObject({ kind: "rejected", reason: expect.stringContaining("no lead identity") });
  });

  it("an unparseable event time falls back to the next documented field, then to the received time", () => {
    const next = asMessage(parse(edit(REPLY, (b) => void (b.event_timestamp = "soon"))));
    expect(next.sentAt).toEqual(new Date("2026-10-14T15:41:22.000Z"));
    const none = asMessage(
      parse(
        edit(REPLY, (b) => {
          b.event_timestamp = "soon";
          delete b.time_replied;
          delete b.reply_message;
        }),
      ),
    );
    expect(none.sentAt).toEqual(receivedAt);
    expect(none.sentAtSource).toBe("received-fallback");
  });

  it.each(["not json", "[]", '"text"', '{"event_type": 5}'])("%s → rejected, never a throw", (rawBody) => {
    expect(parse(rawBody).kind).toBe("rejected");
  });
});
