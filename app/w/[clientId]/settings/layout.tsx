import { SettingsNav } from "@/components/settings/settings-nav";
import { ADMIN_ROLES } from "@/lib/auth/client-scope";
import { requireClientScope } from "@/lib/auth/require-scope";

// Every settings page is for admins only. The check lives in the layout, not only in
// the pages: once a page has begun streaming (behind a loading.tsx), notFound() can no
// longer turn its 200 into a 404. Managers and setters get the same 404 as outsiders.
export default async function SettingsLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ clientId: string }>;
}) {
  const { clientId } = await params;
  const scope = await requireClientScope(clientId, ADMIN_ROLES);
  return (
    <>
      <SettingsNav clientId={scope.clientId} />
      {children}
    </>
  );
}
