"use client";

// Booking rate per bucket (bars, with the Wilson 95% interval as whiskers) against the
// number of leads in each bucket (line, right axis). Buckets with too few eligible leads
// are drawn pale so nobody reads a rate off three leads.
import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  ErrorBar,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { BucketRow } from "@/lib/analytics/response-timing-types";
import { formatCount, formatPercent } from "@/lib/format";

type Point = {
  label: string;
  rate: number | null;
  error: [number, number];
  leads: number;
  row: BucketRow;
};

const BRAND = "#4f46e5";
const PALE = "#c7d2fe";

function toPoints(rows: BucketRow[]): Point[] {
  return rows.map((row) => {
    const rate = row.bookingRate === null ? null : row.bookingRate * 100;
    const error: [number, number] =
      rate !== null && row.ci ? [rate - row.ci.low * 100, row.ci.high * 100 - rate] : [0, 0];
    return { label: row.label, rate, error, leads: row.leads, row };
  });
}

export function BucketTooltipBody({ row }: { row: BucketRow }) {
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md">
      <p className="mb-1 font-semibold text-slate-900">{row.label}</p>
      <p>
        Booking rate <strong>{formatPercent(row.bookingRate, 1)}</strong>
        {row.ci ? ` (95% CI ${formatPercent(row.ci.low, 0)}–${formatPercent(row.ci.high, 0)})` : ""}
      </p>
      <p>
        {formatCount(row.booked)} booked of {formatCount(row.eligible)} eligible · {formatCount(row.leads)} leads
      </p>
      {row.pending || row.bookedNoTimestamp ? (
        <p className="text-slate-500">
          {formatCount(row.pending)} pending · {formatCount(row.bookedNoTimestamp)} booked without a timestamp
        </p>
      ) : null}
      {row.lowSample ? (
        <p className="mt-1 font-medium text-amber-700">Too few eligible leads to read this rate.</p>
      ) : null}
    </div>
  );
}

export function BookingRateChart({
  rows,
  xLabel,
  ariaLabel,
}: {
  rows: BucketRow[];
  xLabel: string;
  ariaLabel: string;
}) {
  const points = toPoints(rows);
  return (
    <figure aria-label={ariaLabel} className="h-72 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 28, left: 4 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="label"
            tick={{ fontSize: 11, fill: "#475569" }}
            interval={0}
            tickLine={false}
            label={{ value: xLabel, position: "insideBottom", offset: -18, fontSize: 12, fill: "#334155" }}
          />
          <YAxis
            yAxisId="rate"
            domain={[0, 100]}
            tickFormatter={(v: number) => `${v}%`}
            tick={{ fontSize: 11, fill: "#475569" }}
            label={{
              value: "Booking rate",
              angle: -90,
              position: "insideLeft",
              offset: 10,
              fontSize: 12,
              fill: "#334155",
            }}
          />
          <YAxis
            yAxisId="leads"
            orientation="right"
            allowDecimals={false}
            tick={{ fontSize: 11, fill: "#475569" }}
            label={{ value: "Leads", angle: 90, position: "insideRight", offset: 10, fontSize: 12, fill: "#334155" }}
          />
          <Tooltip
            cursor={{ fill: "#f1f5f9" }}
            content={({ active, payload }) => {
              const point = active ? (payload?.[0]?.payload as Point | undefined) : undefined;
              return point ? <BucketTooltipBody row={point.row} /> : null;
            }}
          />
          <Bar
            yAxisId="rate"
            dataKey="rate"
            name="Booking rate"
            radius={[4, 4, 0, 0]}
            isAnimationActive={false}
            maxBarSize={56}
          >
            {points.map((p) => (
              <Cell key={p.label} fill={p.row.lowSample ? PALE : BRAND} />
            ))}
            <ErrorBar dataKey="error" width={6} stroke="#0f172a" strokeWidth={1.25} isAnimationActive={false} />
          </Bar>
          <Line
            yAxisId="leads"
            dataKey="leads"
            name="Leads"
            stroke="#f59e0b"
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
