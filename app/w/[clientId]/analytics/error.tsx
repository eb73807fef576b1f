"use client";

// A failed query (database down, timeout) must not blank the dashboard: say so and offer a retry.
// `retry` (not `reset`) re-requests the server components, which is what failed.
export default function AnalyticsError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <div role="alert" className="rounded-xl border border-rose-200 bg-rose-50 px-5 py-6 text-sm text-rose-900">
      <p className="font-semibold">Response timing could not be loaded.</p>
      <p className="mt-1">
        The database did not answer in time or is unavailable. Your filters are kept in the address bar.
      </p>
      <button
        type="button"
        onClick={() => retry()}
        className="mt-3 rounded-md bg-rose-700 px-3 py-1.5 font-medium text-white hover:bg-rose-800"
      >
        Try again
      </button>
    </div>
  );
}
