import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getAuth } from "@/lib/auth/auth";

export type SessionUser = { id: string; name: string; email: string };

/** The signed-in user of this request, or null. Cached for the request. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  // Read the request first: it marks the page dynamic before anything touches config.
  const requestHeaders = await headers();
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  if (!session) return null;
  return { id: session.user.id, name: session.user.name, email: session.user.email };
});

/** The signed-in user; redirects to the sign-in page when there is none. */
export async function requireSessionUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  return user;
}
