// The jobs that need a look: failed ones (with their last error), running ones whose
// lease expired (their runner died) and pending ones long overdue. Rendered on the server;
// the Retry / Cancel buttons are a client component.
import Link from "next/link";
import type { JobProblem, JobProblemKind } from "@/lib/background-jobs/job-overview";
import { JOB_TYPE_LABEL } from "@/lib/background-jobs/job-labels";
import { formatInTimeZone } from "@/lib/format";
import { JobsRowActions } from "./jobs-row-actions";

const PROBLEM: Record<JobProblemKind, { label: string; className: string; hint: string }> = {
  failed: {
    label: "Failed",
    className: "bg-red-50 text-red-700",
    hint: "No attempt left. Retry runs it again with a fresh attempt budget.",
  },
  "lease-expired": {
    label: "Stuck",
    className: "bg-amber-50 text-amber-800",
    hint: "Its runner stopped mid-job. The next cron run retries it, or fails it if no attempt is left.",
  },
  overdue: {
    label: "Overdue",
    className: "bg-amber-50 text-amber-800",
    hint: "Due for over 10 minutes: the background-jobs cron is not running or cannot keep up.",
  },
};

export function JobsProblemList({
  clientId,
  problems,
  truncated,
  timeZone,
}: {
  clientId: string;
  problems: JobProblem[];
  truncated: boolean;
  timeZone: string;
}) {
  if (problems.length === 0)
    return <p className="text-sm text-slate-600">Nothing needs attention: no failed, stuck or overdue jobs.</p>;
  return (
    <>
      <ul className="divide-y divide-slate-100">
        {problems.map((job) => {
          const problem = PROBLEM[job.problem];
          return (
            <li key={job.id} data-testid="job-problem" className="space-y-2 py-4 first:pt-0 last:pb-0">
              <div className="flex flex-wrap items-center gap-2">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${problem.className}`}>
                  {problem.label}
                </span>
                <h3 className="text-sm font-semibold text-slate-900">{JOB_TYPE_LABEL[job.type]}</h3>
                <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-600">{job.id}</code>
                {job.leadId ? (
                  <Link
                    href={`/w/${clientId}/crm?lead=${job.leadId}`}
                    className="text-xs font-medium text-brand-700 underline-offset-2 hover:underline"
                  >
                    {job.leadName ?? "Lead"}
                  </Link>
                ) : null}
              </div>
              <p className="text-xs text-slate-500">
                Attempts {job.attempts} of {job.maxAttempts} · due {formatInTimeZone(job.runAt, timeZone)}
                {job.finishedAt ? ` · failed ${formatInTimeZone(job.finishedAt, timeZone)}` : ""}
                {job.problem === "lease-expired" && job.lockedUntil
                  ? ` · lease ended ${formatInTimeZone(job.lockedUntil, timeZone)}`
                  : ""}
                {" · "}
                {problem.hint}
              </p>
              {job.lastError ? (
                <pre className="max-h-32 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 px-3 py-2 font-mono text-xs text-slate-700">
                  {job.lastError}
                </pre>
              ) : null}
              <JobsRowActions clientId={clientId} jobId={job.id} status={job.status} />
            </li>
          );
        })}
      </ul>
      {truncated ? (
        <p className="mt-4 text-xs text-slate-500">
          Showing the {problems.length} most recent; more jobs need attention.
        </p>
      ) : null}
    </>
  );
}
