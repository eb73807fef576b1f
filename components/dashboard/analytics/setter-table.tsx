// Section 5: one row per setter — volume, speed (median, p90, share within 5 minutes)
// and the booking rate of the leads they answered.
import type { SetterRow } from "@/lib/analytics/response-timing-types";
import { formatCount, formatDuration, formatPercent } from "@/lib/format";
import { RATE_COLUMNS, StatTable, rateCells } from "./stat-table";

export function SetterTable({ rows }: { rows: SetterRow[] }) {
  return (
    <StatTable
      caption="Per-setter response time and booking rate"
      testId="setter-row"
      minWidth={820}
      columns={[
        { header: "Setter" },
        { header: "Anchors answered" },
        { header: "Median" },
        { header: "p90" },
        { header: "Within 5 min" },
        { header: "Leads" },
        { header: "Booked" },
        { header: "Eligible" },
        ...RATE_COLUMNS,
      ]}
      rows={rows.map((row) => ({
        key: row.setterId,
        name: row.setterName,
        cells: [
          formatCount(row.anchorsAnswered),
          formatDuration(row.medianMs),
          formatDuration(row.p90Ms),
          formatPercent(row.within5mShare, 0),
          formatCount(row.leads),
          formatCount(row.booked),
          formatCount(row.eligible),
          ...rateCells(row),
        ],
      }))}
    />
  );
}
