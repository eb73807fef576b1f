"use client";

import { usePathname, useRouter } from "next/navigation";

export type WorkspaceOption = { id: string; name: string };

/** Switches workspace while staying on the same section (CRM stays CRM). */
export function WorkspaceSwitcher({ current, workspaces }: { current: string; workspaces: WorkspaceOption[] }) {
  const router = useRouter();
  const pathname = usePathname();
  if (workspaces.length < 2) {
    return (
      <span className="text-sm font-semibold text-slate-900">{workspaces.find((w) => w.id === current)?.name}</span>
    );
  }
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">Workspace</span>
      <select
        value={current}
        onChange={(event) => {
          const section = pathname.split("/").slice(3, 4).join("");
          router.push(`/w/${event.target.value}${section ? `/${section}` : ""}`);
        }}
        className="rounded-md border border-slate-300 bg-white py-1.5 pl-2 pr-8 text-sm font-semibold text-slate-900 shadow-sm"
      >
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </label>
  );
}
