// Maps a workspace member to their id at a provider (their GoHighLevel user id, the
// mailbox they send from in SmartLead, ...), so an outbound message the provider says
// they sent from its own app is recorded as theirs (sentBy='setter', sentByUserId).
import type { Provider } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";
import { MEMBER_NOT_FOUND } from "./connection-errors";
import { firstIssue } from "./connection-input";
import { memberIdentitySchema } from "./member-identity-input";
import { MEMBER_ID_LABEL } from "./providers";
import { isUniqueViolation } from "@/lib/db-errors";

export type MemberIdentity = {
  id: string;
  userId: string;
  provider: Provider;
  externalUserId: string;
  createdAt: Date;
};

export const MEMBER_IDENTITY_SELECT = {
  id: true,
  userId: true,
  provider: true,
  externalUserId: true,
  createdAt: true,
} as const;

export async function addMemberIdentity({
  db,
  clientId,
  input,
}: {
  db: Db;
  clientId: string;
  /** { userId, provider, externalUserId }, validated here. */
  input: unknown;
}): Promise<MemberIdentity> {
  if (!UUID_PATTERN.test(clientId)) throw new SafeError(MEMBER_NOT_FOUND);
  const parsed = memberIdentitySchema.safeParse(input);
  if (!parsed.success) throw new SafeError(firstIssue(parsed.error));
  const { userId, provider, externalUserId } = parsed.data;
  const member = await db.clientMember.findUnique({
    where: { clientId_userId: { clientId, userId } },
    select: { id: true },
  });
  if (!member) throw new SafeError(MEMBER_NOT_FOUND);
  try {
    return await db.memberProviderIdentity.create({
      data: { clientId, userId, provider, externalUserId },
      select: MEMBER_IDENTITY_SELECT,
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new SafeError(`That ${MEMBER_ID_LABEL[provider]} is already mapped to a member of this workspace.`);
    }
    throw error;
  }
}
