// Unmaps a provider identity. Messages already attributed keep their sentByUserId.
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";
import { IDENTITY_NOT_FOUND } from "./connection-errors";

export async function removeMemberIdentity({
  db,
  clientId,
  identityId,
}: {
  db: Db;
  clientId: string;
  identityId: string;
}): Promise<{ id: string }> {
  if (!UUID_PATTERN.test(clientId) || !UUID_PATTERN.test(identityId)) throw new SafeError(IDENTITY_NOT_FOUND);
  const { count } = await db.memberProviderIdentity.deleteMany({ where: { id: identityId, clientId } });
  if (count !== 1) throw new SafeError(IDENTITY_NOT_FOUND);
  return { id: identityId };
}
