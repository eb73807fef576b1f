// Shown while the server computes the tab (first visit or a direct link).
export default function AnalyticsLoading() {
  return (
    <div aria-busy="true" aria-label="Loading response timing" className="animate-pulse space-y-6">
      <div className="h-8 w-48 rounded bg-slate-200" />
      <div className="h-24 rounded-xl bg-slate-200" />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-24 rounded-xl bg-slate-200" />
        ))}
      </div>
      <div className="h-96 rounded-xl bg-slate-200" />
    </div>
  );
}
