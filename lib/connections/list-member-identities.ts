// The workspace's members with the provider identities mapped to them, for the
// "Member identities" section of the connections page.
import type { MemberRole } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { MEMBER_IDENTITY_SELECT, type MemberIdentity } from "./add-member-identity";

export type MemberWithIdentities = {
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
  identities: MemberIdentity[];
};

const ROLE_ORDER: Record<MemberRole, number> = { SETTER: 0, MANAGER: 1, ADMIN: 2 };

export async function listMemberIdentities({
  db,
  clientId,
}: {
  db: Db;
  clientId: string;
}): Promise<MemberWithIdentities[]> {
  const [members, identities] = await Promise.all([
    db.clientMember.findMany({
      where: { clientId },
      select: { role: true, user: { select: { id: true, name: true, email: true } } },
    }),
    db.memberProviderIdentity.findMany({
      where: { clientId },
      select: MEMBER_IDENTITY_SELECT,
      orderBy: [{ provider: "asc" }, { externalUserId: "asc" }],
    }),
  ]);
  return members
    .map((m) => ({
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      role: m.role,
      identities: identities.filter((i) => i.userId === m.user.id),
    }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name));
}
