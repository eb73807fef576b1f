"use client";

// "It was sent" / "It was not sent" for one unconfirmed send (the action revalidates the page).
import { useState, useTransition } from "react";
import { resolveSend } from "@/actions/delivery-actions";

const button =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60";

export function JobsSendResolve({ clientId, sendId }: { clientId: string; sendId: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = (sent: boolean) =>
    startTransition(async () => {
      setMessage(null);
      const result = await resolveSend({ clientId, sendId, sent });
      setMessage(
        result.ok
          ? { ok: true, text: sent ? "Recorded as sent." : "Marked not sent." }
          : { ok: false, text: result.error },
      );
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" disabled={pending} className={button} onClick={() => run(true)}>
        It was sent
      </button>
      <button type="button" disabled={pending} className={button} onClick={() => run(false)}>
        It was not sent
      </button>
      <span aria-live="polite" className={`text-xs ${message?.ok === false ? "text-red-700" : "text-slate-500"}`}>
        {message?.text}
      </span>
    </div>
  );
}
