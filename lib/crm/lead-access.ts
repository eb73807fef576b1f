// Authorizes a (workspace, lead) pair for a user. Every way of not being allowed
// (signed-out aside) ends in the same "not found": a malformed id, an unknown workspace,
// a workspace the user is not a member of, a lead of another workspace. So tampering
// with ids reveals nothing about what exists elsewhere.
import { z } from "zod";
import { findClientScope, type ClientScope } from "@/lib/auth/client-scope";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";
import type { Db } from "@/lib/prisma-client";

export const LEAD_NOT_FOUND = "Lead not found.";

/** Ids are checked for shape here, so a bad id reaches neither Prisma nor a uuid cast. */
export const leadRefSchema = z.object({
  clientId: z.string().regex(UUID_PATTERN),
  leadId: z.string().regex(UUID_PATTERN),
});

export type LeadAccess = { scope: ClientScope; leadId: string };

export async function requireLeadAccess(db: Db, userId: string, input: unknown): Promise<LeadAccess> {
  const ref = leadRefSchema.safeParse(input);
  if (!ref.success) throw new SafeError(LEAD_NOT_FOUND);
  const scope = await findClientScope(db, userId, ref.data.clientId);
  if (!scope) throw new SafeError(LEAD_NOT_FOUND);
  const leadId = ref.data.leadId.toLowerCase();
  const lead = await db.lead.findFirst({ where: { id: leadId, clientId: scope.clientId }, select: { id: true } });
  if (!lead) throw new SafeError(LEAD_NOT_FOUND);
  return { scope, leadId: lead.id };
}
