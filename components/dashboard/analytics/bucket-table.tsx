// The numbers behind a booking-rate chart, one row per bucket, with the same columns as
// the CSV export.
import type { BucketRow, RateInterval } from "@/lib/analytics/response-timing-types";
import { formatCount, formatPercent } from "@/lib/format";
import { LowSampleBadge } from "./analytics-section";

export const th = "px-3 py-2 text-right font-medium first:pl-0 first:text-left";
export const td = "px-3 py-2 text-right tabular-nums first:pl-0 first:text-left";

export function formatInterval(ci: RateInterval): string {
  return ci ? `${formatPercent(ci.low, 0)}–${formatPercent(ci.high, 0)}` : "—";
}

export function BucketTable({ rows, bucketHeader, caption }: { rows: BucketRow[]; bucketHeader: string; caption: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[720px] text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className={th}>{bucketHeader}</th>
            <th scope="col" className={th}>Leads</th>
            <th scope="col" className={th}>Booked</th>
            <th scope="col" className={th}>Not booked</th>
            <th scope="col" className={th}>Pending</th>
            <th scope="col" className={th} title="Booked per status, but no booking timestamp">Booked, no time</th>
            <th scope="col" className={th}>Eligible</th>
            <th scope="col" className={th}>Booking rate</th>
            <th scope="col" className={th}>95% CI</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.key} data-testid="bucket-row">
              <th scope="row" className={`${td} font-medium text-slate-900`}>{row.label}</th>
              <td className={td}>{formatCount(row.leads)}</td>
              <td className={td}>{formatCount(row.booked)}</td>
              <td className={td}>{formatCount(row.notBooked)}</td>
              <td className={td}>{formatCount(row.pending)}</td>
              <td className={td}>{formatCount(row.bookedNoTimestamp)}</td>
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
