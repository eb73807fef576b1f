"use client";

// Median and p90 setter response time per setter, fastest first. The axis is logarithmic:
// response times span seconds to days, and on a linear axis one slow p90 flattens
// every median to nothing.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SetterRow } from "@/lib/analytics/response-timing-types";
import { formatDuration } from "@/lib/format";

const FLOOR_MINUTES = 0.1;
const minutes = (ms: number | null) => (ms === null ? null : Math.max(FLOOR_MINUTES, ms / 60_000));
const TICKS = [0.1, 1, 5, 15, 60, 240, 1440, 10080];

export function SetterSpeedChart({ rows }: { rows: SetterRow[] }) {
  const data = [...rows]
    .sort((a, b) => (a.medianMs ?? Infinity) - (b.medianMs ?? Infinity))
    .map((row) => ({ name: row.setterName, median: minutes(row.medianMs), p90: minutes(row.p90Ms), row }));
  const height = Math.max(160, data.length * 44 + 70);
  return (
    <figure aria-label="Median and p90 setter response time per setter" className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="#e2e8f0" />
          <XAxis
            type="number"
            scale="log"
            domain={[FLOOR_MINUTES, "auto"]}
            ticks={TICKS}
            allowDataOverflow
            tickFormatter={(v: number) => formatDuration(v * 60_000)}
            tick={{ fontSize: 11, fill: "#475569" }}
            label={{
              value: "Response time (log scale)",
              position: "insideBottom",
              offset: -14,
              fontSize: 12,
              fill: "#334155",
            }}
          />
          <YAxis type="category" dataKey="name" width={120} tick={{ fontSize: 12, fill: "#334155" }} />
          <Tooltip
            cursor={{ fill: "#f1f5f9" }}
            content={({ active, payload }) => {
              const point = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
              if (!point) return null;
              return (
                <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md">
                  <p className="mb-1 font-semibold text-slate-900">{point.name}</p>
                  <p>
                    Median {formatDuration(point.row.medianMs)} · p90 {formatDuration(point.row.p90Ms)}
                  </p>
                  <p>{point.row.anchorsAnswered} anchors answered</p>
                </div>
              );
            }}
          />
          <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="median" name="Median" fill="#4f46e5" radius={[0, 4, 4, 0]} isAnimationActive={false} />
          <Bar dataKey="p90" name="p90" fill="#a5b4fc" radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
