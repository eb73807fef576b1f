// One section of the Response Timing tab: a heading, what it measures, the CSV link, and
// either its chart + table or a plain explanation of why there is nothing to show.
export function AnalyticsSection({
  id,
  title,
  description,
  exportHref,
  empty,
  emptyMessage,
  children,
}: {
  id: string;
  title: string;
  description: React.ReactNode;
  exportHref: string;
  empty: boolean;
  emptyMessage: string;
  children: React.ReactNode;
}) {
  const headingId = `${id}-heading`;
  return (
    <section
      aria-labelledby={headingId}
      data-testid={`section-${id}`}
      className="rounded-xl border border-slate-200 bg-white shadow-sm"
    >
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-3">
        <div className="max-w-3xl">
          <h2 id={headingId} className="text-sm font-semibold text-slate-900">
            {title}
          </h2>
          <p className="mt-0.5 text-xs text-slate-500">{description}</p>
        </div>
        <a
          href={exportHref}
          download
          className="shrink-0 rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
        >
          Download CSV<span className="sr-only"> of {title}</span>
        </a>
      </header>
      <div className="space-y-4 p-5">
        {empty ? (
          <p
            data-testid="section-empty"
            className="rounded-lg bg-slate-50 px-4 py-6 text-center text-sm text-slate-600"
          >
            {emptyMessage}
          </p>
        ) : (
          children
        )}
      </div>
    </section>
  );
}

/** "Low sample" marker shared by the tables. */
export function LowSampleBadge() {
  return (
    <span
      title="Too few eligible leads to read this rate"
      className="ml-1.5 whitespace-nowrap rounded bg-amber-100 px-1.5 py-0.5 text-[10px] font-semibold uppercase text-amber-800"
    >
      low sample
    </span>
  );
}
