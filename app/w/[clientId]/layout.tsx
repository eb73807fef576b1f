import { AppShell } from "@/components/layout/app-shell";
import { canManageSettings, canViewAnalytics } from "@/lib/auth/client-scope";
import { listUserWorkspaces, requireClientScope } from "@/lib/auth/require-scope";
import { requireSessionUser } from "@/lib/auth/session";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ clientId: string }>;
}) {
  const { clientId } = await params;
  const user = await requireSessionUser();
  const scope = await requireClientScope(clientId);
  const workspaces = await listUserWorkspaces(user.id);
  const base = `/w/${scope.clientId}`;
  const nav = [
    { href: base, label: "Overview" },
    { href: `${base}/crm`, label: "CRM" },
    ...(canViewAnalytics(scope.role) ? [{ href: `${base}/analytics`, label: "Analytics" }] : []),
    ...(canManageSettings(scope.role) ? [{ href: `${base}/settings`, label: "Settings" }] : []),
  ];
  return (
    <AppShell clientId={scope.clientId} workspaces={workspaces} nav={nav} user={user} role={scope.role}>
      {children}
    </AppShell>
  );
}
