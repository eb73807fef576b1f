"use client";

// Retry / Cancel for one job on the ops page. The server action revalidates the page, so
// the job leaves the list (or changes state) as soon as it succeeds.
import { useState, useTransition } from "react";
import { cancelBackgroundJob, retryBackgroundJob } from "@/actions/job-actions";
import type { BackgroundJobStatus } from "@/lib/generated/prisma/enums";

const button =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60";

export function JobsRowActions({
  clientId,
  jobId,
  status,
}: {
  clientId: string;
  jobId: string;
  status: BackgroundJobStatus;
}) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const canRetry = status === "FAILED" || status === "CANCELED";
  const canCancel = status === "PENDING" || status === "FAILED";
  if (!canRetry && !canCancel) return null;

  const run = (action: typeof retryBackgroundJob, done: string) =>
    startTransition(async () => {
      setMessage(null);
      const result = await action({ clientId, jobId });
      setMessage(result.ok ? { ok: true, text: done } : { ok: false, text: result.error });
    });

  return (
    <div className="flex flex-wrap items-center gap-2">
      {canRetry ? (
        <button type="button" disabled={pending} className={button} onClick={() => run(retryBackgroundJob, "Queued.")}>
          Retry
        </button>
      ) : null}
      {canCancel ? (
        <button
          type="button"
          disabled={pending}
          className={button}
          onClick={() => {
            if (!window.confirm("Cancel this job? It will not run again unless retried.")) return;
            run(cancelBackgroundJob, "Canceled.");
          }}
        >
          Cancel
        </button>
      ) : null}
      <span aria-live="polite" className={`text-xs ${message?.ok === false ? "text-red-700" : "text-slate-500"}`}>
        {message?.text}
      </span>
    </div>
  );
}
