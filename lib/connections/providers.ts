// Provider names as people and URLs say them: the enum value (GHL), the slug used in
// webhook paths and on the command line (ghl), and a label for the page.
import type { ConnectionMode, Provider } from "@/lib/generated/prisma/enums";

export const PROVIDERS = [
  "GHL",
  "UNIPILE",
  "SMARTLEAD",
  "INSTANTLY",
  "CALENDLY",
] as const satisfies readonly Provider[];
export const CONNECTION_MODES = ["live", "sandbox"] as const satisfies readonly ConnectionMode[];

export const PROVIDER_SLUG = {
  GHL: "ghl",
  UNIPILE: "unipile",
  SMARTLEAD: "smartlead",
  INSTANTLY: "instantly",
  CALENDLY: "calendly",
} as const satisfies Record<Provider, string>;

export type ProviderSlug = (typeof PROVIDER_SLUG)[Provider];

export const PROVIDER_SLUGS = PROVIDERS.map((p) => PROVIDER_SLUG[p]) as [ProviderSlug, ...ProviderSlug[]];

export const PROVIDER_LABEL = {
  GHL: "GoHighLevel",
  UNIPILE: "Unipile (LinkedIn)",
  SMARTLEAD: "SmartLead",
  INSTANTLY: "Instantly",
  CALENDLY: "Calendly",
} as const satisfies Record<Provider, string>;

/** What the provider calls the account a connection stands for (form hints, CLI help). */
export const ACCOUNT_ID_LABEL = {
  GHL: "Location id",
  UNIPILE: "Account id",
  SMARTLEAD: "Client id",
  INSTANTLY: "Workspace id",
  CALENDLY: "Organization URI",
} as const satisfies Record<Provider, string>;

/** What a member's provider identity is at each provider (MemberProviderIdentity.externalUserId). */
export const MEMBER_ID_LABEL = {
  GHL: "GoHighLevel user id",
  UNIPILE: "Unipile sender id",
  SMARTLEAD: "SmartLead sending mailbox",
  INSTANTLY: "Instantly sending mailbox",
  CALENDLY: "Calendly user email",
} as const satisfies Record<Provider, string>;

export function providerFromSlug(slug: string): Provider | null {
  const entry = Object.entries(PROVIDER_SLUG).find(([, s]) => s === slug.trim().toLowerCase());
  return entry ? (entry[0] as Provider) : null;
}
