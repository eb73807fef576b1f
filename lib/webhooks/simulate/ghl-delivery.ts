// A GoHighLevel InboundMessage (SMS or Email) shaped like the fixtures in
// tests/fixtures/providers/gohighlevel/, signed the way GoHighLevel signs: Ed25519
// over the raw body, base64 in `x-ghl-signature`.
import { sign, type KeyObject } from "node:crypto";
import { alphanumericId, uuidV4 } from "./ids";
import { escapeHtml } from "./escape-html";
import type { SimulatedConnection, SimulatedDelivery, SimulatedLead } from "./types";

export type GhlChannel = "sms" | "email";

/** The base64 Ed25519 signature of `rawBody` (what x-ghl-signature carries); a KeyObject saves parsing a PEM per call. */
export function signGhlBody(rawBody: string | Buffer, privateKey: string | KeyObject): string {
  return sign(null, typeof rawBody === "string" ? Buffer.from(rawBody) : rawBody, privateKey).toString("base64");
}

/** The InboundMessage payload (field order as in GoHighLevel's docs). */
export function ghlInboundMessage(args: {
  locationId: string;
  lead: SimulatedLead;
  channel: GhlChannel;
  text: string;
  now: Date;
}): Record<string, unknown> & { messageId?: string; emailMessageId?: string } {
  const { locationId, lead, text, now } = args;
  const common = { type: "InboundMessage", locationId };
  const contactId = lead.providerLeadId ?? alphanumericId();
  const conversationId = alphanumericId();
  // The message was added a moment before GoHighLevel fired the webhook.
  const sentAt = new Date(now.getTime() - 500).toISOString();
  const webhookTail = { webhookId: uuidV4(), timestamp: now.toISOString() };
  if (args.channel === "sms") {
    if (!lead.phone) throw new Error("a GoHighLevel SMS needs the lead's phone number");
    return {
      ...common,
      attachments: [],
      body: text,
      contactId,
      contentType: "text/plain",
      conversationId,
      dateAdded: sentAt,
      direction: "inbound",
      messageType: "SMS",
      messageId: alphanumericId(),
      status: "delivered",
      conversationProviderId: alphanumericId(),
      from: lead.phone,
      to: "+15555550199",
      messageTypeId: 2,
      messageTypeString: "TYPE_SMS",
      ...webhookTail,
    };
  }
  if (!lead.email) throw new Error("a GoHighLevel email needs the lead's email address");
  const emailMessageId = alphanumericId();
  return {
    ...common,
    body: `<div style="font-family: verdana, geneva; font-size: 11pt;">${escapeHtml(text)}</div>`,
    contactId,
    conversationId,
    dateAdded: sentAt,
    direction: "inbound",
    messageType: "Email",
    emailMessageId,
    from: `${lead.name} <${lead.email}>`,
    threadId: emailMessageId,
    subject: "Re: Quick question about your calendar",
    to: ["sales@leadclock-demo.example.com"],
    conversationProviderId: alphanumericId(),
    ...webhookTail,
  };
}

export function buildGhlDelivery(args: {
  connection: SimulatedConnection;
  lead: SimulatedLead;
  channel: GhlChannel;
  text: string;
  now: Date;
  privateKeyPem: string;
}): SimulatedDelivery {
  const payload = ghlInboundMessage({ ...args, locationId: args.connection.externalAccountId });
  const body = JSON.stringify(payload);
  const ids = [payload.messageId, payload.emailMessageId].filter((id): id is string => typeof id === "string");
  return {
    provider: "ghl",
    path: "/api/webhooks/ghl",
    headers: { "content-type": "application/json", "x-ghl-signature": signGhlBody(body, args.privateKeyPem) },
    body,
    providerMessageIds: ids,
  };
}
