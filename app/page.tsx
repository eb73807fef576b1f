import { redirect } from "next/navigation";
import { listUserWorkspaces } from "@/lib/auth/require-scope";
import { requireSessionUser } from "@/lib/auth/session";
import { signOutAction } from "@/actions/auth-actions";

export default async function HomePage() {
  const user = await requireSessionUser();
  const workspaces = await listUserWorkspaces(user.id);
  if (workspaces[0]) redirect(`/w/${workspaces[0].id}`);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md rounded-xl border border-slate-200 bg-white p-6 text-center shadow-sm">
        <h1 className="text-lg font-semibold">No workspace yet</h1>
        <p className="mt-2 text-sm text-slate-600">
          {user.email} is not a member of any workspace. Ask a workspace admin to add you.
        </p>
        <form action={signOutAction} className="mt-4">
          <button className="text-sm font-medium text-brand-700 hover:underline">Sign out</button>
        </form>
      </div>
    </main>
  );
}
