import { redirect } from "next/navigation";
import { ADMIN_ROLES } from "@/lib/auth/client-scope";
import { requireClientScope } from "@/lib/auth/require-scope";

// /settings opens its first section. The role check runs here too, so a setter is
// answered 404 rather than redirected to a page that then answers 404.
export default async function SettingsIndex({ params }: { params: Promise<{ clientId: string }> }) {
  const { clientId } = await params;
  const scope = await requireClientScope(clientId, ADMIN_ROLES);
  redirect(`/w/${scope.clientId}/settings/connections`);
}
