import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { findClientScope, findUserWorkspaces, type ClientScope } from "@/lib/auth/client-scope";
import { requireSessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { MemberRole } from "@/lib/generated/prisma/enums";

/** Per-request cached lookups (layout and page ask the same questions). */
export const resolveClientScope = cache((userId: string, clientId: string) => findClientScope(db, userId, clientId));
export const listUserWorkspaces = cache((userId: string) => findUserWorkspaces(db, userId));

/**
 * For pages under /w/[clientId]: the signed-in user's scope in that workspace.
 * Signed out → sign-in page. Not a member, no such workspace, or a role that may not
 * see the page → the same 404, so a URL reveals nothing about other workspaces.
 */
export async function requireClientScope(clientId: string, roles?: readonly MemberRole[]): Promise<ClientScope> {
  const user = await requireSessionUser();
  const scope = await resolveClientScope(user.id, clientId);
  if (!scope || (roles && !roles.includes(scope.role))) notFound();
  return scope;
}
