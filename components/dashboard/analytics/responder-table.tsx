// Section 4: who answered first (setter or AI), how fast, and how those leads booked.
import type { ResponderRow } from "@/lib/analytics/response-timing-types";
import { formatCount, formatDuration } from "@/lib/format";
import { RATE_COLUMNS, StatTable, rateCells } from "./stat-table";

export function ResponderTable({ rows }: { rows: ResponderRow[] }) {
  return (
    <StatTable
      caption="First responder: leads, response time and booking rate"
      testId="responder-row"
      columns={[
        { header: "First responder" },
        { header: "Leads" },
        { header: "Median" },
        { header: "p90" },
        { header: "Booked" },
        { header: "Eligible" },
        { header: "Pending" },
        ...RATE_COLUMNS,
      ]}
      rows={rows.map((row) => ({
        key: row.key,
        name: row.label,
        cells: [
          formatCount(row.leads),
          formatDuration(row.medianMs),
          formatDuration(row.p90Ms),
          formatCount(row.booked),
          formatCount(row.eligible),
          formatCount(row.pending),
          ...rateCells(row),
        ],
      }))}
    />
  );
}
