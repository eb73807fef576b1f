"use client";

// The analytics tab's controls. Every change becomes a new URL (so a view can be shared
// and reloaded); the server renders the numbers for it.
import { useEffect, useRef, useState } from "react";
import { toSearchParams } from "@/lib/analytics/analytics-window";
import { ANALYTICS_PRESETS, type AnalyticsQuery, type AnalyticsWindow } from "@/lib/analytics/response-timing-types";
import type { MessageChannel } from "@/lib/generated/prisma/enums";
import { useAnalyticsNavigation } from "./analytics-frame";

const PRESET_LABELS: Record<(typeof ANALYTICS_PRESETS)[number], string> = {
  "7d": "7 days",
  "30d": "30 days",
  "90d": "90 days",
};
const CHANNELS: { value: MessageChannel; label: string }[] = [
  { value: "sms", label: "SMS" },
  { value: "email", label: "Email" },
  { value: "linkedin", label: "LinkedIn" },
];

const inputClass =
  "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 shadow-sm disabled:bg-slate-100 disabled:text-slate-500";
const labelClass = "flex flex-col gap-1 text-xs font-medium text-slate-600";

export function AnalyticsControls({
  query,
  window,
  setterOptions,
}: {
  query: AnalyticsQuery;
  window: AnalyticsWindow;
  setterOptions: { id: string; name: string }[];
}) {
  const { pending, navigate } = useAnalyticsNavigation();
  const [customOpen, setCustomOpen] = useState(query.range === "custom");
  const [fromDate, setFromDate] = useState(window.fromDate);
  const [toDate, setToDate] = useState(window.toDate);
  const [attributionDays, setAttributionDays] = useState(String(query.attributionDays));
  const [maturityDays, setMaturityDays] = useState(String(query.maturityDays));

  const [channel, setChannel] = useState(query.channel ?? "");
  const [setterId, setSetterId] = useState(query.setterId ?? "");
  // After each navigation the inputs start again from the URL's view (a preset changes the
  // dates the Custom form offers). Reset during render, not by remounting: focus stays put.
  const viewKey = JSON.stringify([query, window]);
  const [seenView, setSeenView] = useState(viewKey);
  if (seenView !== viewKey) {
    setSeenView(viewKey);
    setCustomOpen(query.range === "custom");
    setFromDate(window.fromDate);
    setToDate(window.toDate);
    setAttributionDays(String(query.attributionDays));
    setMaturityDays(String(query.maturityDays));
    setChannel(query.channel ?? "");
    setSetterId(query.setterId ?? "");
  }
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(timer.current ?? undefined), []);

  const go = (patch: Partial<AnalyticsQuery>) => {
    clearTimeout(timer.current ?? undefined);
    navigate(toSearchParams({ ...query, ...patch }));
  };
  // Selects apply after a short pause: arrowing through a closed select with the keyboard
  // fires a change per option, and each would otherwise reload the whole tab.
  const goSoon = (patch: Partial<AnalyticsQuery>) => {
    clearTimeout(timer.current ?? undefined);
    timer.current = setTimeout(() => navigate(toSearchParams({ ...query, ...patch })), 400);
  };
  const chip = (active: boolean) =>
    `rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-brand-600 text-white shadow-sm" : "text-slate-700 hover:bg-slate-100"}`;

  return (
    <section
      aria-label="Response timing filters"
      className="mb-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-end gap-x-6 gap-y-4">
        <fieldset>
          <legend className="mb-1 text-xs font-medium text-slate-600">Window</legend>
          <div className="flex flex-wrap gap-1 rounded-lg border border-slate-200 bg-slate-50 p-1">
            {ANALYTICS_PRESETS.map((preset) => (
              <button
                key={preset}
                type="button"
                aria-pressed={query.range === preset}
                className={chip(query.range === preset)}
                onClick={() => {
                  setCustomOpen(false);
                  go({ range: preset, fromDate: undefined, toDate: undefined });
                }}
              >
                {PRESET_LABELS[preset]}
              </button>
            ))}
            <button
              type="button"
              aria-pressed={customOpen}
              className={chip(customOpen)}
              onClick={() => setCustomOpen(true)}
            >
              Custom
            </button>
          </div>
        </fieldset>

        {customOpen ? (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              go({ range: "custom", fromDate, toDate });
            }}
          >
            <label className={labelClass}>
              From
              <input
                type="date"
                required
                className={inputClass}
                value={fromDate}
                max={toDate}
                onChange={(e) => setFromDate(e.target.value)}
              />
            </label>
            <label className={labelClass}>
              To (included)
              <input
                type="date"
                required
                className={inputClass}
                value={toDate}
                min={fromDate}
                onChange={(e) => setToDate(e.target.value)}
              />
            </label>
            <button
              type="submit"
              className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
            >
              Apply dates
            </button>
          </form>
        ) : null}

        <label className={labelClass}>
          Channel
          <select
            className={inputClass}
            value={channel}
            onChange={(e) => {
              setChannel(e.target.value);
              goSoon({
                channel: (e.target.value || undefined) as MessageChannel | undefined,
                setterId: setterId || undefined,
              });
            }}
          >
            <option value="">All channels</option>
            {CHANNELS.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>

        <label className={labelClass}>
          Setter
          <select
            className={inputClass}
            value={setterId}
            onChange={(e) => {
              setSetterId(e.target.value);
              goSoon({
                setterId: e.target.value || undefined,
                channel: (channel || undefined) as MessageChannel | undefined,
              });
            }}
          >
            <option value="">All setters</option>
            {setterOptions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>

        <label className="flex items-center gap-2 pb-1.5 text-sm text-slate-700">
          <input
            type="checkbox"
            className="size-4 rounded border-slate-300 accent-brand-600"
            checked={query.businessHours}
            onChange={(e) => go({ businessHours: e.target.checked })}
          />
          Business hours only
        </label>

        <p className="ml-auto pb-1.5 text-xs text-slate-500">
          {pending ? "Updating…" : `${window.fromDate} → ${window.toDate} · ${window.timezone}`}
        </p>
      </div>

      <details className="mt-4 border-t border-slate-100 pt-3">
        <summary className="cursor-pointer text-xs font-medium text-slate-600">
          Booking outcome settings: attribution {query.attributionDays} days, maturity buffer {query.maturityDays} days
        </summary>
        <form
          className="mt-3 flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            go({ attributionDays: Number(attributionDays), maturityDays: Number(maturityDays) });
          }}
        >
          <label className={labelClass}>
            Attribution window (days, default 30)
            <input
              type="number"
              min={1}
              max={365}
              required
              className={`${inputClass} w-28`}
              value={attributionDays}
              onChange={(e) => setAttributionDays(e.target.value)}
            />
          </label>
          <label className={labelClass}>
            Maturity buffer (days, default 7)
            <input
              type="number"
              min={0}
              max={90}
              required
              className={`${inputClass} w-28`}
              value={maturityDays}
              onChange={(e) => setMaturityDays(e.target.value)}
            />
          </label>
          <button
            type="submit"
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50"
          >
            Apply settings
          </button>
          <p className="max-w-xl text-xs text-slate-500">
            A booking counts when it happens within the attribution window after the lead&apos;s inbound message. Leads
            not booked whose inbound is younger than the maturity buffer are <em>pending</em> and left out of the rate.
          </p>
        </form>
      </details>
    </section>
  );
}
