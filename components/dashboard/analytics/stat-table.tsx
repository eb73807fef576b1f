// The tables of the Response Timing tab: a first column that names the row, number
// columns right-aligned, and the booking rate with its low-sample badge and interval.
// The columns match the CSV export of the same table.
import type { RateInterval } from "@/lib/analytics/response-timing-types";
import { formatPercent } from "@/lib/format";
import { LowSampleBadge } from "./analytics-section";

const th = "px-3 py-2 text-right font-medium first:pl-0 first:text-left";
const td = "px-3 py-2 text-right tabular-nums first:pl-0 first:text-left";

export type StatColumn = { header: string; title?: string };
export type StatRow = { key: string; name: string; cells: React.ReactNode[] };

export function StatTable({
  caption,
  columns,
  rows,
  testId,
  minWidth = 720,
}: {
  caption: string;
  columns: StatColumn[];
  rows: StatRow[];
  testId: string;
  minWidth?: number;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" style={{ minWidth }}>
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={th} title={column.title}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.key} data-testid={testId}>
              <th scope="row" className={`${td} font-medium text-slate-900`}>
                {row.name}
              </th>
              {row.cells.map((cell, index) => (
                <td key={index} className={td}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The booking-rate and 95% CI cells every table ends with. */
export function rateCells(row: {
  bookingRate: number | null;
  ci: RateInterval;
  lowSample: boolean;
  leads: number;
}): React.ReactNode[] {
  return [
    <span key="rate">
      {formatPercent(row.bookingRate, 1)}
      {row.lowSample && row.leads > 0 ? <LowSampleBadge /> : null}
    </span>,
    <span key="ci" className="text-slate-500">
      {row.ci ? `${formatPercent(row.ci.low, 0)}–${formatPercent(row.ci.high, 0)}` : "—"}
    </span>,
  ];
}

export const RATE_COLUMNS: StatColumn[] = [{ header: "Booking rate" }, { header: "95% CI" }];
