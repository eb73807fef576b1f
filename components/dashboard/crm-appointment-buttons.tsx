"use client";

// The appointment section's buttons: "Check now" (asks the booking provider at once) and
// "Done" on a follow-up task. The actions revalidate the page, so fresh rows render on
// success; a refusal is shown as the action words it.
import { useState, useTransition } from "react";
import { checkLeadAppointmentNow, completeLeadTask } from "@/actions/appointment-actions";

const BUTTON =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60";

export function CheckAppointmentButton({ clientId, leadId }: { clientId: string; leadId: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <button
        type="button"
        disabled={pending}
        className={BUTTON}
        onClick={() =>
          startTransition(async () => {
            setMessage(null);
            const result = await checkLeadAppointmentNow({ clientId, leadId });
            setMessage(
              result.ok
                ? {
                    ok: true,
                    text:
                      result.data.change === "no-change" ? "Checked: no change." : `Checked: ${result.data.change}.`,
                  }
                : { ok: false, text: result.error },
            );
          })
        }
      >
        {pending ? "Checking…" : "Check now"}
      </button>
      <span aria-live="polite" className={`text-xs ${message?.ok === false ? "text-red-700" : "text-slate-500"}`}>
        {message?.text}
      </span>
    </span>
  );
}

export function CompleteTaskButton({ clientId, taskId }: { clientId: string; taskId: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
      <button
        type="button"
        disabled={pending}
        className={BUTTON}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await completeLeadTask({ clientId, taskId });
            if (!result.ok) setError(result.error);
          })
        }
      >
        {pending ? "Saving…" : "Done"}
      </button>
    </span>
  );
}
