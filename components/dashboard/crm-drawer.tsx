"use client";

// The lead drawer: a modal side panel opened by ?lead=<id>. Its content is rendered on
// the server and passed in; this shell does what a dialog must: move focus in, keep Tab
// inside, close on Escape (by navigating to the URL without ?lead), and hand focus back
// to the row that opened it.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

const FOCUSABLE =
  'a[href], button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function CrmDrawer({
  title,
  closeHref,
  returnFocusId,
  children,
}: {
  title: string;
  closeHref: string;
  /** Element to focus after the drawer closes (the row link). */
  returnFocusId: string | null;
  children: React.ReactNode;
}) {
  const router = useRouter();
  const panel = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    const { overflow } = document.body.style;
    document.body.style.overflow = "hidden"; // the list behind the modal should not scroll
    return () => {
      document.body.style.overflow = overflow;
      // Once the URL drops ?lead the row link is still on the page: return to it. Only
      // when the drawer is really gone (effects also re-run while it stays open).
      requestAnimationFrame(() => {
        if (returnFocusId && !document.getElementById("crm-drawer-title"))
          document.getElementById(returnFocusId)?.focus();
      });
    };
  }, [returnFocusId]);

  useEffect(() => {
    // On the document, so Escape and Tab work wherever focus is (e.g. after a click on the backdrop).
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === "Escape") {
        event.preventDefault();
        router.push(closeHref, { scroll: false });
        return;
      }
      if (event.key !== "Tab" || !panel.current) return;
      const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (el) => el.offsetParent !== null,
      );
      const first = items[0];
      const last = items.at(-1);
      if (!first || !last) return;
      const active = document.activeElement;
      if (!panel.current.contains(active)) {
        event.preventDefault();
        first.focus();
      } else if (event.shiftKey && (active === first || active === heading.current)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [closeHref, router]);

  return (
    <div className="fixed inset-0 z-30 flex justify-end">
      {/* The backdrop closes the drawer for pointer users; keyboard users have Escape and the close link. */}
      <Link
        href={closeHref}
        scroll={false}
        aria-hidden="true"
        tabIndex={-1}
        className="absolute inset-0 bg-slate-900/30"
      />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby="crm-drawer-title"
        className="relative flex h-full w-full max-w-2xl flex-col bg-white shadow-2xl lg:max-w-3xl"
      >
        <div className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-4">
          <h2
            id="crm-drawer-title"
            ref={heading}
            tabIndex={-1}
            className="text-lg font-semibold text-slate-900 focus:outline-none"
          >
            {title}
          </h2>
          <Link
            href={closeHref}
            scroll={false}
            className="shrink-0 rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50"
          >
            Close<span className="sr-only"> lead details</span>
          </Link>
        </div>
        <div className="flex-1 space-y-6 overflow-y-auto px-5 py-5">{children}</div>
      </div>
    </div>
  );
}
