// Finds or creates the lead a message belongs to (docs/webhooks.md): by the provider's contact id,
// then by normalized email, then by E.164 phone, else a new lead. Email and phone are not
// unique columns, so two deliveries for a new contact could both miss and both create: every
// identity is locked first (pg_advisory_xact_lock on a hash of workspace + identity, in a
// fixed order so two transactions never wait on each other crosswise), then looked up.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Provider } from "@/lib/generated/prisma/enums";
import type { ParsedLeadIdentity } from "@/lib/providers/webhook-adapter";
import { normalizeEmail, normalizePhone } from "./normalize-identity";
import { LEAD_ID_COLUMN } from "./provider-columns";

type Tx = Prisma.TransactionClient;

export type LeadIdentity = {
  providerLeadId: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  linkedinUrl: string | null;
};

/** The identity as we compare it: email trimmed + lower-cased, phone in E.164 (workspace country). */
export function normalizeIdentity(lead: ParsedLeadIdentity, defaultCountry: string): LeadIdentity {
  return {
    providerLeadId: lead.providerLeadId?.trim() || null,
    email: normalizeEmail(lead.email),
    phone: normalizePhone(lead.phone, defaultCountry),
    name: lead.name?.trim() || null,
    linkedinUrl: lead.linkedinUrl?.trim() || null,
  };
}

const SELECT = {
  id: true,
  email: true,
  phone: true,
  linkedinUrl: true,
  ghlContactId: true,
  smartleadLeadId: true,
  instantlyLeadId: true,
  unipileAttendeeId: true,
} as const;

/**
 * The lead with this (normalized) email: an exact match first (indexed), else one whose stored
 * address differs only in case or surrounding spaces (leads written by the CRM or an import keep
 * an address as typed).
 */
async function findByEmail(tx: Tx, clientId: string, email: string) {
  const exact = await tx.lead.findFirst({
    where: { clientId, email },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: SELECT,
  });
  if (exact) return exact;
  const [loose] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Lead" WHERE "clientId" = ${clientId}::uuid AND lower(btrim("email")) = ${email}
    ORDER BY "createdAt" ASC, "id" ASC LIMIT 1`;
  return loose ? tx.lead.findUnique({ where: { id: loose.id }, select: SELECT }) : null;
}

export async function resolveLead(
  tx: Tx,
  args: { clientId: string; provider: Provider; identity: LeadIdentity },
): Promise<{ id: string; created: boolean }> {
  const { clientId, provider, identity } = args;
  const column = LEAD_ID_COLUMN[provider];
  const providerLeadId = column ? identity.providerLeadId : null;
  const keys = [
    providerLeadId && `${provider}:${providerLeadId}`,
    identity.email && `email:${identity.email}`,
    identity.phone && `phone:${identity.phone}`,
  ]
    .filter((key): key is string => Boolean(key))
    .map((key) => `lead:${clientId}:${key}`)
    .sort();
  if (keys.length === 0) throw new Error("resolveLead needs a provider id, an email or a phone");
  for (const key of keys) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;

  const byProviderId =
    column && providerLeadId
      ? await tx.lead.findFirst({ where: { clientId, [column]: providerLeadId }, select: SELECT })
      : null;
  const found =
    byProviderId ??
    (identity.email ? await findByEmail(tx, clientId, identity.email) : null) ??
    (identity.phone
      ? await tx.lead.findFirst({
          where: { clientId, phone: identity.phone },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: SELECT,
        })
      : null);

  if (found) {
    // Fill what the lead lacks; never overwrite what it has (a setter may have edited it).
    const fill: Prisma.LeadUpdateInput = {};
    // Nobody else holds this provider id: it was looked up first, under its lock.
    if (column && providerLeadId && found[column] === null) Object.assign(fill, { [column]: providerLeadId });
    if (!found.email && identity.email) fill.email = identity.email;
    if (!found.phone && identity.phone) fill.phone = identity.phone;
    if (!found.linkedinUrl && identity.linkedinUrl) fill.linkedinUrl = identity.linkedinUrl;
    if (Object.keys(fill).length > 0) await tx.lead.update({ where: { id: found.id }, data: fill });
    return { id: found.id, created: false };
  }

  const created = await tx.lead.create({
    data: {
      clientId,
      name: identity.name ?? identity.email ?? identity.phone ?? identity.linkedinUrl ?? "Unknown lead",
      email: identity.email,
      phone: identity.phone,
      linkedinUrl: identity.linkedinUrl,
      ...(column && providerLeadId ? { [column]: providerLeadId } : {}),
    },
    select: { id: true },
  });
  return { id: created.id, created: true };
}
