// Who a simulated delivery is for: the workspace's connection of the provider (the demo
// workspace's unless a client id is given) with its webhook secret, and the lead it comes
// from (an existing one by email or phone, a demo lead that has the channel, or a new one).
import type { Prisma, Provider } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import { normalizeEmail, normalizePhone } from "@/lib/webhooks/normalize-identity";
import { findSimulateConnection, SimulateTargetError, workspaceWords } from "./find-connection";
import type { GhlChannel } from "./ghl-delivery";
import type { SimulateProvider, SimulatedConnection, SimulatedLead } from "./types";

export const SIMULATE_PROVIDER_ENUM = {
  ghl: "GHL",
  unipile: "UNIPILE",
  smartlead: "SMARTLEAD",
  instantly: "INSTANTLY",
} as const satisfies Record<SimulateProvider, Provider>;

const PROVIDER_NAME = { ghl: "GoHighLevel", unipile: "Unipile", smartlead: "SmartLead", instantly: "Instantly" };

// Re-exported: callers import the error from here, as before.
export { SimulateTargetError };

export type SimulateTarget = {
  clientId: string;
  workspaceName: string;
  connection: SimulatedConnection & { mode: string };
  /** `id` is null for a lead the delivery will create. */
  lead: SimulatedLead & { id: string | null };
  ghlChannel: GhlChannel;
};

type LeadRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  linkedinUrl: string | null;
  ghlContactId: string | null;
  smartleadLeadId: string | null;
  unipileAttendeeId: string | null;
};

function providerLeadId(provider: SimulateProvider, lead: LeadRow): string | null {
  if (provider === "ghl") return lead.ghlContactId;
  if (provider === "smartlead") return lead.smartleadLeadId;
  if (provider === "unipile") return lead.unipileAttendeeId;
  return null; // Instantly deliveries name the lead by email only
}

/** Leads a default pick may use: they have the provider's identity and the channel's contact point. */
function channelFilter(provider: SimulateProvider, channel: GhlChannel): Prisma.LeadWhereInput {
  if (provider === "ghl")
    return { ghlContactId: { not: null }, [channel === "sms" ? "phone" : "email"]: { not: null } };
  if (provider === "unipile") return { unipileAttendeeId: { not: null } };
  if (provider === "smartlead") return { smartleadLeadId: { not: null }, email: { not: null } };
  return { instantlyLeadId: { not: null }, email: { not: null } };
}

function titleCase(words: string): string {
  return words.replace(/\b\w/g, (c) => c.toUpperCase());
}

export async function findSimulateTarget(args: {
  db: Db;
  provider: SimulateProvider;
  clientId: string | null;
  /** --lead: an email address or a phone number. */
  lead: string | null;
  /** --channel (GoHighLevel only); default: email when --lead is an email address, else SMS. */
  ghlChannel: GhlChannel | null;
  encryptionKey: Buffer;
  now: Date;
}): Promise<SimulateTarget> {
  const { db, provider } = args;
  const connection = await findSimulateConnection({ ...args, provider: SIMULATE_PROVIDER_ENUM[provider] });
  const where = workspaceWords(args.clientId);

  const email = args.lead ? normalizeEmail(args.lead) : null;
  const phone = args.lead && !email ? normalizePhone(args.lead, connection.defaultCountry) : null;
  if (args.lead && !email && !phone)
    throw new SimulateTargetError(
      `--lead must be an email address or a phone number, got ${JSON.stringify(args.lead)}`,
    );
  const ghlChannel: GhlChannel = args.ghlChannel ?? (email ? "email" : "sms");

  const select = {
    id: true,
    name: true,
    email: true,
    phone: true,
    linkedinUrl: true,
    ghlContactId: true,
    smartleadLeadId: true,
    unipileAttendeeId: true,
  } as const;
  const found: LeadRow | null = args.lead
    ? await db.lead.findFirst({
        where: {
          clientId: connection.clientId,
          ...(email ? { email: { equals: email, mode: "insensitive" } } : { phone }),
        },
        orderBy: { createdAt: "asc" },
        select,
      })
    : await db.lead.findFirst({
        where: { clientId: connection.clientId, ...channelFilter(provider, ghlChannel) },
        orderBy: [{ lastInboundAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
        select,
      });
  if (!found && !args.lead) {
    throw new SimulateTargetError(
      `No lead in ${where} has a ${PROVIDER_NAME[provider]} identity yet; pass --lead EMAIL_OR_PHONE (a new lead is created).`,
    );
  }
  if (found && provider === "unipile" && !found.unipileAttendeeId) {
    throw new SimulateTargetError(
      `Lead ${found.name} has no LinkedIn (Unipile) identity, so a Unipile delivery cannot name them ` +
        "(it carries no email or phone). Choose a lead that has one, or leave out --lead.",
    );
  }

  const lead: SimulateTarget["lead"] = found
    ? {
        id: found.id,
        name: found.name,
        email: found.email,
        phone: found.phone,
        linkedinUrl: found.linkedinUrl,
        providerLeadId: providerLeadId(provider, found),
      }
    : {
        id: null,
        name: email ? titleCase(email.split("@")[0]!.replace(/[._-]+/g, " ")) : `New lead ${phone}`,
        email,
        phone,
        linkedinUrl: null,
        providerLeadId: null,
      };
  if (provider === "ghl" && ghlChannel === "sms" && !lead.phone)
    throw new SimulateTargetError(`Lead ${lead.name} has no phone number for an SMS; use --channel email.`);
  if (provider !== "unipile" && !(provider === "ghl" && ghlChannel === "sms") && !lead.email)
    throw new SimulateTargetError(`Lead ${lead.name} has no email address for an email reply.`);

  return {
    clientId: connection.clientId,
    workspaceName: connection.workspaceName,
    connection: {
      id: connection.id,
      externalAccountId: connection.externalAccountId,
      mode: connection.mode,
      webhookSecret: connection.webhookSecret,
    },
    lead,
    ghlChannel,
  };
}
