// Jobs of the workspace by type and state. Waiting, running and failed jobs are counted in
// full; succeeded and canceled ones over the last 24 hours (they pile up forever).
import type { JobCount } from "@/lib/background-jobs/job-overview";
import { JOB_TYPE_LABEL } from "@/lib/background-jobs/job-labels";
import { formatCount } from "@/lib/format";
import type { BackgroundJobStatus, BackgroundJobType } from "@/lib/generated/prisma/enums";

const COLUMNS: { status: BackgroundJobStatus; label: string }[] = [
  { status: "PENDING", label: "Pending" },
  { status: "RUNNING", label: "Running" },
  { status: "FAILED", label: "Failed" },
  { status: "SUCCEEDED", label: "Succeeded (24 h)" },
  { status: "CANCELED", label: "Canceled (24 h)" },
];

export function JobsCountsTable({ counts }: { counts: JobCount[] }) {
  const byType = new Map<BackgroundJobType, Map<BackgroundJobStatus, number>>();
  for (const row of counts) {
    const statuses = byType.get(row.type) ?? new Map<BackgroundJobStatus, number>();
    statuses.set(row.status, row.count);
    byType.set(row.type, statuses);
  }
  const types = Object.keys(JOB_TYPE_LABEL) as BackgroundJobType[];
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="job-counts">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <th scope="col" className="py-2 pr-4">
              Type
            </th>
            {COLUMNS.map((column) => (
              <th key={column.status} scope="col" className="px-3 py-2 text-right">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {types.map((type) => (
            <tr key={type} data-testid={`job-counts-${type}`}>
              <th scope="row" className="py-2 pr-4 text-left font-medium text-slate-800">
                {JOB_TYPE_LABEL[type]}
              </th>
              {COLUMNS.map((column) => {
                const count = byType.get(type)?.get(column.status) ?? 0;
                const alarming = count > 0 && column.status === "FAILED";
                return (
                  <td
                    key={column.status}
                    className={`px-3 py-2 text-right tabular-nums ${alarming ? "font-semibold text-red-700" : count ? "text-slate-800" : "text-slate-400"}`}
                  >
                    {count ? formatCount(count) : "—"}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
