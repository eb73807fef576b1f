"use client";

// "Recompute timing now": re-derives this lead's timing at once instead of waiting for
// the scheduled job. The action revalidates the page, so fresh rows render on success.
// Refusals are shown as the action words them: the rate limit ("You can recompute 6 times
// a minute; try again in N s.") or the scheduled job holding the lock.
import { useState, useTransition } from "react";
import { recomputeLeadResponseTiming } from "@/actions/response-timing-actions";

export function CrmRecomputeButton({
  clientId,
  leadId,
  variant = "button",
}: {
  clientId: string;
  leadId: string;
  variant?: "button" | "link";
}) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const className =
    variant === "link"
      ? "font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600 disabled:opacity-60"
      : "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60";
  return (
    <span
      className={
        variant === "link" ? "inline-flex flex-wrap items-baseline gap-2" : "inline-flex flex-col items-end gap-1"
      }
    >
      <button
        type="button"
        disabled={pending}
        className={className}
        onClick={() =>
          startTransition(async () => {
            setMessage(null);
            const result = await recomputeLeadResponseTiming({ clientId, leadId });
            setMessage(result.ok ? { ok: true, text: "Timing recomputed." } : { ok: false, text: result.error });
          })
        }
      >
        {pending ? "Recomputing…" : "Recompute timing now"}
      </button>
      <span aria-live="polite" className={`text-xs ${message?.ok === false ? "text-red-700" : "text-slate-500"}`}>
        {message?.text}
      </span>
    </span>
  );
}
