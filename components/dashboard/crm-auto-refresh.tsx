"use client";

// Re-renders the page's server components every few seconds while post-processing or an
// auto-send is about to change what the drawer shows, so a reply's sentiment, draft and
// schedule appear without a manual reload. Client state (a half-written reply) survives
// router.refresh(); a hidden tab does not poll.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function CrmAutoRefresh({ active, intervalMs = 15_000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return null;
}
