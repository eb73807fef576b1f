import Link from "next/link";
import { signOutAction } from "@/actions/auth-actions";
import { NavLinks, type NavItem } from "@/components/layout/nav-links";
import { Logo } from "@/components/ui/logo";
import { WorkspaceSwitcher, type WorkspaceOption } from "@/components/layout/workspace-switcher";

const ROLE_LABEL = { ADMIN: "Admin", MANAGER: "Manager", SETTER: "Setter" } as const;

export function AppShell(props: {
  clientId: string;
  workspaces: WorkspaceOption[];
  nav: NavItem[];
  user: { name: string; email: string };
  role: keyof typeof ROLE_LABEL;
  children: React.ReactNode;
}) {
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <Link href={`/w/${props.clientId}`} className="text-base">
            <Logo />
          </Link>
          <WorkspaceSwitcher current={props.clientId} workspaces={props.workspaces} />
          <NavLinks items={props.nav} />
          <div className="ml-auto flex items-center gap-3">
            <div className="hidden text-right sm:block">
              <p className="text-sm font-medium text-slate-900" data-testid="current-user">
                {props.user.name}
              </p>
              <p className="text-xs text-slate-500">
                {ROLE_LABEL[props.role]} · {props.user.email}
              </p>
            </div>
            <form action={signOutAction}>
              <button
                type="submit"
                className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50"
              >
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6">{props.children}</main>
    </div>
  );
}
