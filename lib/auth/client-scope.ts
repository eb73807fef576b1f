import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import type { MemberRole } from "@/lib/generated/prisma/enums";

export type ClientScope = {
  clientId: string;
  clientName: string;
  timezone: string;
  role: MemberRole;
  userId: string;
};

/** A message that may be shown to the user as is (everything else is logged and hidden). */
export class SafeError extends Error {
  override name = "SafeError";
}

/** Prisma `where` for the workspaces a user belongs to. */
export function accessibleClientWhere(userId: string) {
  return { members: { some: { userId } } } as const;
}

/** The user's workspaces, for the switcher. */
export const listUserWorkspaces = cache(async (userId: string) => {
  const memberships = await db.clientMember.findMany({
    where: { userId },
    select: { role: true, client: { select: { id: true, name: true, timezone: true } } },
    orderBy: { client: { name: "asc" } },
  });
  return memberships.map((m) => ({ id: m.client.id, name: m.client.name, timezone: m.client.timezone, role: m.role }));
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The user's access to one workspace, or null when the workspace does not exist or the
 * user is not a member (callers treat both the same, so ids reveal nothing).
 */
export const resolveClientScope = cache(async (userId: string, clientId: string): Promise<ClientScope | null> => {
  if (!UUID.test(clientId)) return null;
  const member = await db.clientMember.findUnique({
    where: { clientId_userId: { clientId, userId } },
    select: { role: true, client: { select: { id: true, name: true, timezone: true } } },
  });
  if (!member) return null;
  return { clientId: member.client.id, clientName: member.client.name, timezone: member.client.timezone, role: member.role, userId };
});

export const MANAGER_ROLES: readonly MemberRole[] = ["ADMIN", "MANAGER"];

export function canViewAnalytics(role: MemberRole): boolean {
  return MANAGER_ROLES.includes(role);
}
