// Every provider's send adapter. `satisfies` makes a provider added to SEND_PROVIDERS fail
// the typecheck until it has one. Calendly has none (it schedules, it does not message).
import { ghlSendAdapter } from "./ghl/send";
import { instantlySendAdapter } from "./instantly/send";
import type { SendAdapter, SendArgs, SendProvider, SendResult } from "./send-adapter";
import { isSendProvider } from "./send-adapter";
import { smartleadSendAdapter } from "./smartlead/send";
import { unipileSendAdapter } from "./unipile/send";

export const sendAdapters = {
  GHL: ghlSendAdapter,
  SMARTLEAD: smartleadSendAdapter,
  INSTANTLY: instantlySendAdapter,
  UNIPILE: unipileSendAdapter,
} as const satisfies Record<SendProvider, SendAdapter>;

/** Sends through the adapter of the connection's provider; a provider without one is rejected. */
export function sendThroughConnection(args: SendArgs): Promise<SendResult> {
  const { provider } = args.connection;
  if (!isSendProvider(provider)) {
    return Promise.resolve({ ok: false, kind: "rejected", status: null, reason: `${provider} cannot send messages` });
  }
  return sendAdapters[provider].send(args);
}
