// One entry point for every provider: the delivery a provider would send for an inbound
// message from `lead` on `connection`, authenticated as that provider authenticates.
import { buildGhlDelivery, type GhlChannel } from "./ghl-delivery";
import { buildInstantlyDelivery } from "./instantly-delivery";
import { buildSmartleadDelivery } from "./smartlead-delivery";
import type { SimulateProvider, SimulatedConnection, SimulatedDelivery, SimulatedLead } from "./types";
import { buildUnipileDelivery } from "./unipile-delivery";

export type BuildDeliveryArgs = {
  provider: SimulateProvider;
  connection: SimulatedConnection;
  lead: SimulatedLead;
  text: string;
  now: Date;
  /** GoHighLevel only: SMS (default) or Email. */
  ghlChannel?: GhlChannel;
  /** GoHighLevel only: the PEM private key whose public half the app verifies with. */
  ghlPrivateKeyPem?: string | null;
};

/** Throws (plain Error, a message for people) when the lead or connection cannot carry the delivery. */
export function buildSimulatedDelivery(args: BuildDeliveryArgs): SimulatedDelivery {
  const { connection, lead, text, now } = args;
  switch (args.provider) {
    case "ghl":
      if (!args.ghlPrivateKeyPem) throw new Error("a GoHighLevel delivery needs the private signing key");
      return buildGhlDelivery({
        connection,
        lead,
        text,
        now,
        channel: args.ghlChannel ?? "sms",
        privateKeyPem: args.ghlPrivateKeyPem,
      });
    case "unipile":
      return buildUnipileDelivery({ connection, lead, text, now });
    case "smartlead":
      return buildSmartleadDelivery({ connection, lead, text, now });
    case "instantly":
      return buildInstantlyDelivery({ connection, lead, text, now });
  }
}

/** A reply that plainly asks for a meeting, per provider's channel. */
export const DEFAULT_SIMULATED_TEXT: Record<SimulateProvider, string> = {
  ghl: "Hi, got your text. Yes, I'm interested. Can we book a call Thursday at 3pm?",
  unipile: "Thanks for reaching out! I'm interested. Could we set up a quick call next week?",
  smartlead: "Sounds interesting. Can you send me a few times for a call next week?",
  instantly: "Yes, I'd like to learn more. Are you free for a call on Tuesday afternoon?",
};
