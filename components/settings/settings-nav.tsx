"use client";

// The sub-navigation shared by every settings page (admins only).
import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { segment: "connections", label: "Connections" },
  { segment: "jobs", label: "Jobs" },
] as const;

export function SettingsNav({ clientId }: { clientId: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="mb-6 flex gap-1 border-b border-slate-200">
      {SECTIONS.map((section) => {
        const href = `/w/${clientId}/settings/${section.segment}`;
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={section.segment}
            href={href}
            aria-current={active ? "page" : undefined}
            className={
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium " +
              (active
                ? "border-brand-600 text-brand-700"
                : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900")
            }
          >
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}
