import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { AnalyticsControls } from "@/components/dashboard/analytics/analytics-controls";
import { AnalyticsFrame } from "@/components/dashboard/analytics/analytics-frame";
import { ResponseTimingView } from "@/components/dashboard/analytics/response-timing-view";
import { loadResponseTimingAnalytics } from "@/lib/analytics/analytics-access";
import { MANAGER_ROLES } from "@/lib/auth/client-scope";
import { requireClientScope } from "@/lib/auth/require-scope";

export const metadata: Metadata = { title: "Response timing · Analytics" };

export default async function AnalyticsPage({
  params,
  searchParams,
}: {
  params: Promise<{ clientId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { clientId } = await params;
  // Setters get the same 404 as outsiders: analytics is for managers and admins.
  const scope = await requireClientScope(clientId, MANAGER_ROLES);
  const { data, warnings } = await loadResponseTimingAnalytics(scope, await searchParams);
  return (
    <>
      <PageHeader title="Analytics" description={`${scope.clientName} · times in ${scope.timezone}`} />
      <nav aria-label="Analytics tabs" className="mb-4 border-b border-slate-200">
        <span
          aria-current="page"
          className="-mb-px inline-block border-b-2 border-brand-600 px-1 pb-2 text-sm font-semibold text-brand-700"
        >
          Response timing
        </span>
      </nav>
      {warnings.length ? (
        <div
          role="status"
          className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
        >
          {warnings.map((warning) => (
            <p key={warning}>{warning}</p>
          ))}
        </div>
      ) : null}
      <AnalyticsFrame
        controls={<AnalyticsControls query={data.query} window={data.window} setterOptions={data.setterOptions} />}
      >
        <ResponseTimingView clientId={scope.clientId} data={data} />
      </AnalyticsFrame>
    </>
  );
}
