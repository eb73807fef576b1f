// Section 4: who answered first (setter or AI), how fast, and how those leads booked.
import type { ResponderRow } from "@/lib/analytics/response-timing-types";
import { formatCount, formatDuration, formatPercent } from "@/lib/format";
import { LowSampleBadge } from "./analytics-section";
import { formatInterval, td, th } from "./bucket-table";

export function ResponderTable({ rows }: { rows: ResponderRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[720px] text-sm">
        <caption className="sr-only">First responder: leads, response time and booking rate</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className={th}>First responder</th>
            <th scope="col" className={th}>Leads</th>
            <th scope="col" className={th}>Median</th>
            <th scope="col" className={th}>p90</th>
            <th scope="col" className={th}>Booked</th>
            <th scope="col" className={th}>Eligible</th>
            <th scope="col" className={th}>Pending</th>
            <th scope="col" className={th}>Booking rate</th>
            <th scope="col" className={th}>95% CI</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.key} data-testid="responder-row">
              <th scope="row" className={`${td} font-medium text-slate-900`}>{row.label}</th>
              <td className={td}>{formatCount(row.leads)}</td>
              <td className={td}>{formatDuration(row.medianMs)}</td>
              <td className={td}>{formatDuration(row.p90Ms)}</td>
              <td className={td}>{formatCount(row.booked)}</td>
              <td className={td}>{formatCount(row.eligible)}</td>
              <td className={td}>{formatCount(row.pending)}</td>
              <td className={td}>
                {formatPercent(row.bookingRate, 1)}
                {row.lowSample && row.leads > 0 ? <LowSampleBadge /> : null}
              </td>
              <td className={`${td} text-slate-500`}>{formatInterval(row.ci)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
