// How a lead's contact points are compared: emails trimmed and lower-cased, phones in
// E.164 read with the workspace's default country (Client.defaultCountry). Every adapter
// and the lead matcher (leadclock_store_message) use these, so "Jo@Example.com " and "jo@example.com" are one lead.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

// Deliberately loose: providers send what the mail server accepted; we only reject
// things that are clearly not an address.
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** Trimmed, lower-cased email, or null when the value is not an address. */
export function normalizeEmail(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  const email = value.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}

/** Splits `Jordan Rivera <jordan@example.org>` (or a bare address) into name and normalized email. */
export function parseEmailAddress(value: string | null | undefined): { name: string | null; email: string | null } {
  if (typeof value !== "string") return { name: null, email: null };
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  if (match) return { name: match[1]!.trim() || null, email: normalizeEmail(match[2]) };
  return { name: null, email: normalizeEmail(value) };
}

/**
 * E.164 (`+15555550142`), or null. Numbers without a country code are read in
 * `defaultCountry`. "Possible" (right length for the country) rather than "valid"
 * (assigned range), so test and new ranges are not refused.
 */
export function normalizePhone(value: string | null | undefined, defaultCountry: string = "US"): string | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  // ISO 3166 codes compare upper-case; a workspace saved with "gb" means GB.
  const code = defaultCountry.trim().toUpperCase();
  const country = /^[A-Z]{2}$/.test(code) ? (code as CountryCode) : undefined;
  const phone = parsePhoneNumberFromString(value.trim(), country);
  return phone?.isPossible() ? phone.number : null;
}

export type LeadIdentity = {
  providerLeadId: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  linkedinUrl: string | null;
};

/** A parsed identity as leads are matched by: email trimmed + lower-cased, phone in E.164 (workspace country). */
export function normalizeIdentity(
  lead: {
    providerLeadId?: string | null;
    email?: string | null;
    phone?: string | null;
    name?: string | null;
    linkedinUrl?: string | null;
  },
  defaultCountry: string,
): LeadIdentity {
  return {
    providerLeadId: lead.providerLeadId?.trim() || null,
    email: normalizeEmail(lead.email),
    phone: normalizePhone(lead.phone, defaultCountry),
    name: lead.name?.trim() || null,
    linkedinUrl: lead.linkedinUrl?.trim() || null,
  };
}
