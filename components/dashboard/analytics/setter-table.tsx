// Section 5: one row per setter — volume, speed (median, p90, share within 5 minutes)
// and the booking rate of the leads they answered.
import type { SetterRow } from "@/lib/analytics/response-timing-types";
import { formatCount, formatDuration, formatPercent } from "@/lib/format";
import { LowSampleBadge } from "./analytics-section";
import { formatInterval, td, th } from "./bucket-table";

export function SetterTable({ rows }: { rows: SetterRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[820px] text-sm">
        <caption className="sr-only">Per-setter response time and booking rate</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className={th}>Setter</th>
            <th scope="col" className={th}>Anchors answered</th>
            <th scope="col" className={th}>Median</th>
            <th scope="col" className={th}>p90</th>
            <th scope="col" className={th}>Within 5 min</th>
            <th scope="col" className={th}>Leads</th>
            <th scope="col" className={th}>Booked</th>
            <th scope="col" className={th}>Eligible</th>
            <th scope="col" className={th}>Booking rate</th>
            <th scope="col" className={th}>95% CI</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.setterId} data-testid="setter-row">
              <th scope="row" className={`${td} font-medium text-slate-900`}>{row.setterName}</th>
              <td className={td}>{formatCount(row.anchorsAnswered)}</td>
              <td className={td}>{formatDuration(row.medianMs)}</td>
              <td className={td}>{formatDuration(row.p90Ms)}</td>
              <td className={td}>{formatPercent(row.within5mShare, 0)}</td>
              <td className={td}>{formatCount(row.leads)}</td>
              <td className={td}>{formatCount(row.booked)}</td>
              <td className={td}>{formatCount(row.eligible)}</td>
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
