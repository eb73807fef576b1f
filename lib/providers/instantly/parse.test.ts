import { describe, expect, it } from "vitest";
import { MESSAGE_TEXT_CAP_BYTES } from "@/lib/webhooks/text";
import type { ParseResult, ParsedMessage } from "@/lib/providers/webhook-adapter";
import { listProviderFixtures, readProviderFixture } from "@/tests/helpers/provider-fixtures";
import { instantlyAdapter } from "./index";

const receivedAt = new Date("2026-10-14T17:00:00.000Z");
const parse = (rawBody: string) => instantlyAdapter.parse({ rawBody, headers: {}, receivedAt });
const fixture = (name: string) => readProviderFixture("instantly", name);
const edit = (name: string, change: (body: Record<string, unknown>) => void) => {
  const body = JSON.parse(fixture(name)) as Record<string, unknown>;
  change(body);
  return JSON.stringify(body);
};

function asMessage(result: ParseResult): ParsedMessage {
  if (result.kind !== "message") throw new Error(`expected a message, got ${result.kind}: ${result.reason}`);
  return result;
}

const REPLY = "reply_received.json";
const REPLY_EMAIL_ID = "019a2b6d-4c3e-7f10-8a9b-5e2d1c7f3a64";
const CAMPAIGN = "019a1f7c-2e4d-7a85-b3c1-8d0e6f4a2b17";
const WORKSPACE = "019a0c3e-7b21-7d4f-9a8e-3c5b1f2d6e90";
const UNIBOX = "https://app.instantly.ai/app/unibox?thread_search=jordan.rivera%40example.org";
const LEAD = {
  providerLeadId: null,
  email: "jordan.rivera@example.org",
  phone: "+15555550142",
  name: "Jordan Rivera",
  linkedinUrl: null,
};

describe("Instantly fixtures", () => {
  it("covers every fixture of the folder", () => {
    expect(listProviderFixtures("instantly")).toEqual([
      "auto_reply_received.json",
      "email_sent.json",
      "reply_received.json",
      "webhook_create.request.json", // our request to Instantly, not a delivery
    ]);
    expect(listProviderFixtures("instantly", "bad")).toEqual([
      "bad/reply_received.duplicate_delivery.json",
      "bad/reply_received.missing_email_id_and_lead_email.json",
      "bad/reply_received.oversized_2_6MB.json",
      "bad/reply_received.wrong_types.json",
    ]);
  });

  it("reply_received: inbound, keyed by event type + email_id, with the reply path's context", () => {
    const message = asMessage(parse(fixture(REPLY)));
    expect(message).toEqual({
      kind: "message",
      eventType: "reply_received",
      dedupeKey: `reply_received:${REPLY_EMAIL_ID}`,
      occurredAt: new Date("2026-10-14T16:16:43.428Z"),
      direction: "inbound",
      channel: "email",
      providerMessageId: REPLY_EMAIL_ID,
      lead: LEAD,
      subject: "Re: Quick question about onboarding",
      body: expect.stringMatching(/^Sounds interesting - can you send times for next week\?\n\nOn Tue, Oct 13/),
      bodyTruncated: false,
      sentAt: new Date("2026-10-14T16:16:43.428Z"),
      sentAtSource: "provider",
      providerContext: {
        emailId: REPLY_EMAIL_ID,
        emailAccount: "sam@acme-demo.example.com",
        campaignId: CAMPAIGN,
        workspace: WORKSPACE,
        step: 1,
        variant: 1,
        uniboxUrl: UNIBOX,
      },
      senderExternalUserId: null,
      isAutoReply: false,
    });
  });

  it("auto_reply_received: inbound, flagged as an auto-reply", () => {
    const message = asMessage(parse(fixture("auto_reply_received.json")));
    expect(message).toMatchObject({
      eventType: "auto_reply_received",
      direction: "inbound",
      isAutoReply: true,
      dedupeKey: "auto_reply_received:019a2b5a-0e7c-7b33-9c2d-4f6e8a1b3d25",
      body: "I am out of the office until Oct 20 with limited access to email.",
      subject: "Automatic reply: Quick question about onboarding",
      lead: LEAD,
    });
  });

  it("email_sent: outbound, sent by our mailbox (email_account, lower-cased)", () => {
    const message = asMessage(parse(fixture("email_sent.json")));
    expect(message).toMatchObject({
      eventType: "email_sent",
      direction: "outbound",
      dedupeKey: "email_sent:019a26f1-9d0b-7c42-a6e3-1b8f5d2c0e97",
      providerMessageId: "019a26f1-9d0b-7c42-a6e3-1b8f5d2c0e97",
      subject: "Quick question about onboarding",
      senderExternalUserId: "sam@acme-demo.example.com",
      sentAt: new Date("2026-10-13T14:00:04.117Z"),
      isAutoReply: false,
    });
    expect(message.body).toBe(
      "Hi Jordan,\n\nSaw Rivera Logistics just opened a second warehouse. Quick question about onboarding...",
    );
    expect(message.lead).toEqual({ ...LEAD, phone: null });
  });

  it("bad/duplicate delivery: the same dedupe key", () => {
    expect(asMessage(parse(fixture("bad/reply_received.duplicate_delivery.json"))).dedupeKey).toBe(
      `reply_received:${REPLY_EMAIL_ID}`,
    );
  });

  it("bad/missing email_id and lead_email: rejected (nothing to dedupe on)", () => {
    expect(parse(fixture("bad/reply_received.missing_email_id_and_lead_email.json"))).toMatchObject({
      kind: "rejected",
      eventType: "reply_received",
      reason: "no email_id and no lead_email: nothing to dedupe on",
    });
  });

  it("bad/oversized 2.6 MB reply: capped at 64 KiB and marked truncated", () => {
    const message = asMessage(parse(fixture("bad/reply_received.oversized_2_6MB.json")));
    expect(Buffer.byteLength(message.body, "utf8")).toBe(MESSAGE_TEXT_CAP_BYTES);
    expect(message.body).toMatch(/^x+$/);
    expect(message.bodyTruncated).toBe(true);
    expect(message.providerMessageId).toBe(REPLY_EMAIL_ID);
  });

  it('bad/wrong types (numeric campaign_id, step "1", variant null, is_first "true"): read, not rejected', () => {
    const message = asMessage(parse(fixture("bad/reply_received.wrong_types.json")));
    expect(message.dedupeKey).toBe(`reply_received:${REPLY_EMAIL_ID}`);
    expect(message.providerContext).toMatchObject({ campaignId: "1482906", step: 1, variant: null });
    expect(message.lead).toEqual(LEAD);
  });
});

describe("Instantly variants", () => {
  it("an email_id that is not a string is rejected with the reason", () => {
    expect(parse(edit(REPLY, (b) => void (b.email_id = 12345)))).toMatchObject({
      kind: "rejected",
      reason: "email_id: email_id must be a string",
    });
  });

  it("without email_id, dedupe falls back to a hash of event_type|lead_email|campaign_id|timestamp|step", () => {
    const rawBody = edit(REPLY, (b) => void delete b.email_id);
    const message = asMessage(parse(rawBody));
    expect(message.dedupeKey).toMatch(/^reply_received:sha256:[0-9a-f]{64}$/);
    expect(message.providerContext.emailId).toBeNull();
    // Stable across retries, different for another step.
    expect(asMessage(parse(rawBody)).dedupeKey).toBe(message.dedupeKey);
    expect(asMessage(parse(edit(REPLY, (b) => ((b.step = 2), delete b.email_id)))).dedupeKey).not.toBe(
      message.dedupeKey,
    );
  });

  it("with an email_id but no lead_email, the merged lead field `email` identifies the lead", () => {
    const message = asMessage(parse(edit(REPLY, (b) => void delete b.lead_email)));
    expect(message.lead.email).toBe("jordan.rivera@example.org");
  });

  it("a reply with only HTML is turned into text; snake_case lead names are read", () => {
    const rawBody = edit(REPLY, (b) => {
      delete b.reply_text;
      delete b.firstName;
      delete b.lastName;
      b.first_name = "Jo";
      b.last_name = "R.";
    });
    const message = asMessage(parse(rawBody));
    expect(message.body).toMatch(/^Sounds interesting - can you send times for next week\?/);
    expect(message.body).not.toContain("<div");
    expect(message.lead.name).toBe("Jo R.");
  });

  it.each(["email_opened", "lead_interested", "Hot Lead (custom label)"])("%s is ignored", (eventType) => {
    expect(parse(edit(REPLY, (b) => void (b.event_type = eventType)))).toMatchObject({ kind: "ignored", eventType });
  });

  it.each(["not json", "null", "{}", '{"event_type": ["reply_received"]}'])(
    "%s → rejected, never a throw",
    (rawBody) => {
      expect(parse(rawBody).kind).toBe("rejected");
    },
  );

  it("an unparseable timestamp falls back to the received time, flagged", () => {
    const message = asMessage(parse(edit(REPLY, (b) => void (b.timestamp = "n/a"))));
    expect(message.sentAt).toEqual(receivedAt);
    expect(message.sentAtSource).toBe("received-fallback");
    expect(message.warnings).toEqual(['timestamp unparseable ("n/a"); used the received time']);
  });
});
