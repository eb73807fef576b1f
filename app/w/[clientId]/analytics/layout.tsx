import { MANAGER_ROLES } from "@/lib/auth/client-scope";
import { requireClientScope } from "@/lib/auth/require-scope";

// The role check lives here, not only in the page: the page streams behind loading.tsx,
// and once streaming has begun a notFound() can no longer turn the 200 into a 404.
export default async function AnalyticsLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ clientId: string }>;
}) {
  const { clientId } = await params;
  // Setters get the same 404 as outsiders: analytics is for managers and admins.
  await requireClientScope(clientId, MANAGER_ROLES);
  return children;
}
