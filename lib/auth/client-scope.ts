// Workspace tenancy: which workspaces a user belongs to and with which role. Every
// query made for a user request is scoped through these.
import type { MemberRole } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { UUID_PATTERN } from "@/lib/uuid";

export type ClientScope = {
  clientId: string;
  clientName: string;
  timezone: string;
  role: MemberRole;
  userId: string;
};

export type WorkspaceSummary = { id: string; name: string; timezone: string; role: MemberRole };

export const MANAGER_ROLES: readonly MemberRole[] = ["ADMIN", "MANAGER"];

export function canViewAnalytics(role: MemberRole): boolean {
  return MANAGER_ROLES.includes(role);
}

/** Settings (connections, jobs): admins only. */
export const ADMIN_ROLES: readonly MemberRole[] = ["ADMIN"];

export function canManageSettings(role: MemberRole): boolean {
  return ADMIN_ROLES.includes(role);
}

/** Prisma `where` on Client for the workspaces a user belongs to. */
export function accessibleClientWhere(userId: string) {
  return { members: { some: { userId } } } as const;
}

export async function findUserWorkspaces(db: Db, userId: string): Promise<WorkspaceSummary[]> {
  const memberships = await db.clientMember.findMany({
    where: { userId },
    select: { role: true, client: { select: { id: true, name: true, timezone: true } } },
    orderBy: { client: { name: "asc" } },
  });
  return memberships.map((m) => ({ id: m.client.id, name: m.client.name, timezone: m.client.timezone, role: m.role }));
}

/**
 * The user's access to one workspace, or null when the workspace does not exist, the id
 * is malformed or the user is not a member: callers treat all three the same, so an id
 * reveals nothing about workspaces the user cannot see.
 */
export async function findClientScope(db: Db, userId: string, clientId: string): Promise<ClientScope | null> {
  if (!UUID_PATTERN.test(clientId)) return null;
  const member = await db.clientMember.findUnique({
    where: { clientId_userId: { clientId, userId } },
    select: { role: true, client: { select: { id: true, name: true, timezone: true } } },
  });
  if (!member) return null;
  return {
    clientId: member.client.id,
    clientName: member.client.name,
    timezone: member.client.timezone,
    role: member.role,
    userId,
  };
}
