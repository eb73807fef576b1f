// Skeleton of the lead list while the page's queries run.
export default function CrmLoading() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse">
      <span className="sr-only">Loading leads…</span>
      <div className="mb-6 space-y-2">
        <div className="h-6 w-32 rounded bg-slate-200" />
        <div className="h-4 w-56 rounded bg-slate-200" />
      </div>
      <div className="mb-4 h-28 rounded-xl border border-slate-200 bg-white" />
      <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex gap-4">
            <div className="h-10 flex-1 rounded bg-slate-100" />
            <div className="h-10 w-28 rounded bg-slate-100" />
            <div className="h-10 w-32 rounded bg-slate-100" />
            <div className="h-10 w-24 rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
