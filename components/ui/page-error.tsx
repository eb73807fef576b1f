"use client";

// What a page shows when its server render failed (usually the database): say so plainly and
// offer a retry. `retry` (not `reset`) re-requests the server components, which is what
// failed. The error itself was logged on the server; its message is not shown.
import { Card, PageHeader } from "@/components/ui/card";

export function PageError({ title, what, retry }: { title: string; what: string; retry: () => void }) {
  return (
    <>
      <PageHeader title={title} />
      <Card>
        <div role="alert" className="space-y-3 text-sm">
          <p className="font-medium text-slate-900">{what} could not be loaded.</p>
          <p className="text-slate-600">This is usually temporary. Try again in a moment.</p>
          <button
            type="button"
            onClick={() => retry()}
            className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
          >
            Try again
          </button>
        </div>
      </Card>
    </>
  );
}
