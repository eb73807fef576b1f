// Sends each provider accepts, pointed at the fake provider server, with the reply context
// its webhook parser stores on the inbound (lib/providers/<provider>/parse.ts), a fixed
// clock and the inbound being answered.
import type { SendArgs, SendProvider, SendResult, SendSuccess } from "@/lib/providers/send-adapter";
import { sendAdapters } from "@/lib/providers/send-registry";
import type { FakeProviders } from "./fake-provider-server";

export const NOW = new Date("2026-10-14T16:30:00.000Z");
export const INBOUND = {
  sentAt: new Date("2026-10-14T16:20:05.118Z"),
  body: "Tuesday works.\nCall me?",
  subject: "Quick question",
};
export const TEXT = "Thanks Jordan!\n\nTuesday 3pm <works>?";
export const TEXT_HTML = "<p>Thanks Jordan!</p><p>Tuesday 3pm &lt;works&gt;?</p>";
export const SEND_PROVIDER_LIST: SendProvider[] = ["GHL", "SMARTLEAD", "INSTANTLY", "UNIPILE"];

const BY_PROVIDER: Record<SendProvider, Pick<SendArgs, "channel" | "context">> = {
  GHL: { channel: "sms", context: { contactId: "Hn4TgQw9ZkLm2PxR7sBv", conversationId: "Ud8KsN2cVb6QpLr4TyXe" } },
  SMARTLEAD: {
    channel: "email",
    context: { campaignId: 12345, statsId: "stats-abc-123", messageId: "<reply-1@mail.example.org>" },
  },
  INSTANTLY: {
    channel: "email",
    context: { emailId: "019d9c5f-9685-78bb-9ea7-36a61999b4c3", emailAccount: "sales@acme-demo.example.com" },
  },
  UNIPILE: { channel: "linkedin", context: { chatId: "9f9uio56sopa456s", accountId: "acc-webhook-1" } },
};

export function sendArgs(fake: FakeProviders, provider: SendProvider, overrides: Partial<SendArgs> = {}): SendArgs {
  return {
    connection: {
      id: `conn-${provider.toLowerCase()}`,
      provider,
      mode: "live",
      apiKey: fake.apiKey,
      apiBaseUrl: fake.baseUrl,
      externalAccountId: `acct-${provider.toLowerCase()}`,
    },
    lead: { email: "jordan.rivera@example.org", phone: "+15555550142" },
    text: TEXT,
    inbound: INBOUND,
    now: () => NOW,
    ...BY_PROVIDER[provider],
    ...overrides,
  };
}

/** Sends through the provider's adapter with `connection` fields overridden. */
export function sendWith(
  fake: FakeProviders,
  provider: SendProvider,
  connection: Partial<SendArgs["connection"]>,
  overrides: Partial<SendArgs> = {},
): Promise<SendResult> {
  const args = sendArgs(fake, provider, overrides);
  return sendAdapters[provider].send({ ...args, connection: { ...args.connection, ...connection } });
}

export function expectOk(result: SendResult): SendSuccess {
  if (!result.ok) throw new Error(`expected ok, got ${result.kind}: ${result.reason}`);
  return result;
}
