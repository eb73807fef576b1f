"use client";

// Holds the navigation transition of the analytics tab: controls push a new URL inside
// it, and the results below dim (aria-busy) until the server has rendered the new view,
// so a manager always sees which numbers are current.
import { usePathname, useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useTransition } from "react";

type Navigate = (search: URLSearchParams) => void;

const FrameContext = createContext<{ pending: boolean; navigate: Navigate } | null>(null);

export function useAnalyticsNavigation() {
  const value = useContext(FrameContext);
  if (!value) throw new Error("useAnalyticsNavigation must be used inside <AnalyticsFrame>");
  return value;
}

export function AnalyticsFrame({ controls, children }: { controls: React.ReactNode; children: React.ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const navigate = useCallback<Navigate>(
    (search) => {
      const query = search.toString();
      startTransition(() => router.push(query ? `${pathname}?${query}` : pathname, { scroll: false }));
    },
    [pathname, router],
  );
  return (
    <FrameContext.Provider value={{ pending, navigate }}>
      {controls}
      <div aria-live="polite" className="sr-only">
        {pending ? "Updating response timing…" : ""}
      </div>
      <div
        aria-busy={pending}
        data-testid="analytics-results"
        className={`transition-opacity duration-150 ${pending ? "pointer-events-none opacity-50" : ""}`}
      >
        {children}
      </div>
    </FrameContext.Provider>
  );
}
