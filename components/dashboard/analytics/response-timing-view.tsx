// The Response Timing tab: headline numbers, then the five sections (setter buckets,
// AI chosen delay, AI drift, first responder, per setter), each a chart and a table.
import { StatCard } from "@/components/ui/card";
import { analyticsExportHref } from "@/lib/analytics/analytics-window";
import type { BucketRow, ExportTable, ResponseTimingAnalytics } from "@/lib/analytics/response-timing-types";
import { formatCount, formatDuration } from "@/lib/format";
import { AnalyticsSection } from "./analytics-section";
import { BookingRateChart } from "./booking-rate-chart";
import { BucketTable } from "./bucket-table";
import { ResponderTable } from "./responder-table";
import { SetterSpeedChart } from "./setter-speed-chart";
import { SetterTable } from "./setter-table";

const hasLeads = (rows: { leads: number }[]) => rows.some((row) => row.leads > 0);

export function ResponseTimingView({ clientId, data }: { clientId: string; data: ResponseTimingAnalytics }) {
  const { summary, query, delayWindow, minEligible } = data;
  const exportHref = (table: ExportTable) => analyticsExportHref(clientId, table, query);
  const hoursNote = query.businessHours
    ? " Business hours only: the inbound and the response both fall inside the workspace's hours."
    : "";
  const setterNote = query.setterId ? " The setter filter does not apply here." : "";
  const widen = "Try a longer window or clear the filters.";
  const bucketSection = (rows: BucketRow[], xLabel: string, bucketHeader: string, caption: string) => (
    <>
      <BookingRateChart rows={rows} xLabel={xLabel} ariaLabel={`${caption}: booking rate per bucket`} />
      <BucketTable rows={rows} bucketHeader={bucketHeader} caption={caption} />
    </>
  );

  return (
    <div className="space-y-6">
      <div data-testid="analytics-summary" className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <StatCard
          label="Answered anchors"
          value={formatCount(summary.anchors)}
          hint={`${formatCount(summary.leads)} leads`}
        />
        <StatCard
          label="Answered by a setter"
          value={formatCount(summary.setterAnswered)}
          hint={`AI answered ${formatCount(summary.aiAnswered)}`}
        />
        <StatCard
          label="Setter response"
          value={formatDuration(summary.setterMedianMs)}
          hint={`median · p90 ${formatDuration(summary.setterP90Ms)}`}
        />
        <StatCard
          label="AI response"
          value={formatDuration(summary.aiMedianMs)}
          hint={`median · p90 ${formatDuration(summary.aiP90Ms)}`}
        />
      </div>

      {summary.anchors === 0 ? (
        <p
          data-testid="analytics-empty"
          className="rounded-xl border border-dashed border-slate-300 bg-white px-5 py-8 text-center text-sm text-slate-600"
        >
          No answered inbound messages in this window. Response timing rows are computed from the messages by the
          scheduled job every 5 minutes (and by the backfill CLI for older history). {widen}
        </p>
      ) : null}

      <p className="text-xs text-slate-500">
        Each lead counts once per section, by its earliest qualifying response in the window. Rates with fewer than{" "}
        {minEligible} eligible leads are marked <em>low sample</em>; whiskers show the 95% Wilson interval.
      </p>

      <AnalyticsSection
        id="setter-buckets"
        title="Setter response time vs booking rate"
        description={`How fast a setter answered the lead's inbound message, and how often those leads booked.${hoursNote}`}
        exportHref={exportHref("setter-buckets")}
        empty={!hasLeads(data.setterBuckets)}
        emptyMessage={`No setter responses in this window. ${widen}`}
      >
        {bucketSection(data.setterBuckets, "Setter response time", "Response time", "Setter response time buckets")}
      </AnalyticsSection>

      <AnalyticsSection
        id="delay-buckets"
        title="AI chosen delay vs booking rate"
        description={`The delay the auto-sender chose in its ${formatDuration(delayWindow.minSeconds * 1000)}–${formatDuration(delayWindow.maxSeconds * 1000)} window: does landing near the start or the end book better?${hoursNote}${setterNote}`}
        exportHref={exportHref("delay-buckets")}
        empty={!hasLeads(data.delayBuckets)}
        emptyMessage={`No AI auto-sent replies with a chosen delay in this window. ${widen}`}
      >
        {bucketSection(data.delayBuckets, "Chosen delay", "Chosen delay", "AI chosen delay buckets")}
      </AnalyticsSection>

      <AnalyticsSection
        id="drift-buckets"
        title="AI drift vs booking rate"
        description={`Drift = actual delay − chosen delay: how late the scheduled job really sent (cron lag, queueing).${hoursNote}${setterNote}`}
        exportHref={exportHref("drift-buckets")}
        empty={!hasLeads(data.driftBuckets)}
        emptyMessage={`No AI auto-sent replies with both a chosen and an actual delay in this window. ${widen}`}
      >
        {bucketSection(data.driftBuckets, "Drift (actual − chosen)", "Drift", "AI drift buckets")}
      </AnalyticsSection>

      <AnalyticsSection
        id="first-responder"
        title="Setter vs AI as first responder"
        description={`Whoever answered first gets the booking. Median and p90 are the first responder's response times.${hoursNote}${query.setterId ? " The setter filter applies to the setter row." : ""}`}
        exportHref={exportHref("first-responder")}
        empty={!hasLeads(data.firstResponder)}
        emptyMessage={`No answered inbound messages in this window. ${widen}`}
      >
        <BookingRateChart
          rows={data.firstResponder}
          xLabel="First responder"
          ariaLabel="Booking rate by first responder"
        />
        <ResponderTable rows={data.firstResponder} />
      </AnalyticsSection>

      <AnalyticsSection
        id="setters"
        title="Per setter"
        description={`Anchors answered, speed and the booking rate of the leads each setter answered (a lead counts once per setter).${hoursNote}`}
        exportHref={exportHref("setters")}
        empty={data.setters.length === 0}
        emptyMessage={`No setter answered an inbound message in this window. ${widen}`}
      >
        <SetterSpeedChart rows={data.setters} />
        <SetterTable rows={data.setters} />
      </AnalyticsSection>

      <p className="text-right text-sm">
        <a
          href={exportHref("anchors")}
          download
          className="font-medium text-brand-700 underline-offset-2 hover:underline"
        >
          Download every anchor in this window (CSV, one row per answered inbound)
        </a>
      </p>
    </div>
  );
}
