// The numbers behind a booking-rate chart, one row per bucket.
import type { BucketRow } from "@/lib/analytics/response-timing-types";
import { formatCount } from "@/lib/format";
import { RATE_COLUMNS, StatTable, rateCells } from "./stat-table";

export function BucketTable({
  rows,
  bucketHeader,
  caption,
}: {
  rows: BucketRow[];
  bucketHeader: string;
  caption: string;
}) {
  return (
    <StatTable
      caption={caption}
      testId="bucket-row"
      columns={[
        { header: bucketHeader },
        { header: "Leads" },
        { header: "Booked" },
        { header: "Not booked" },
        { header: "Pending" },
        { header: "Booked, no time", title: "Booked per status, but no booking timestamp" },
        { header: "Eligible" },
        ...RATE_COLUMNS,
      ]}
      rows={rows.map((row) => ({
        key: row.key,
        name: row.label,
        cells: [
          ...[row.leads, row.booked, row.notBooked, row.pending, row.bookedNoTimestamp, row.eligible].map(formatCount),
          ...rateCells(row),
        ],
      }))}
    />
  );
}
