import type { Metadata } from "next";
import { Card, PageHeader, StatCard } from "@/components/ui/card";
import { MANAGER_ROLES } from "@/lib/auth/client-scope";
import { requireClientScope } from "@/lib/auth/require-scope";
import { getTimingSummary } from "@/lib/dashboard/timing-summary";
import { db } from "@/lib/db";
import { formatCount, formatDuration } from "@/lib/format";

export const metadata: Metadata = { title: "Analytics" };

export default async function AnalyticsPage({ params }: { params: Promise<{ clientId: string }> }) {
  const { clientId } = await params;
  // Setters get the same 404 as outsiders: analytics is for managers and admins.
  const scope = await requireClientScope(clientId, MANAGER_ROLES);
  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  const summary = await getTimingSummary({ db, clientId: scope.clientId, from, to });
  return (
    <>
      <PageHeader title="Analytics" description="Response timing, last 30 days" />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <StatCard label="Answered anchors" value={formatCount(summary.anchors)} />
        <StatCard label="Answered by a setter" value={formatCount(summary.setterAnswered)} />
        <StatCard label="Median setter response" value={formatDuration(summary.setterMedianMs)} />
        <StatCard label="Median AI response" value={formatDuration(summary.aiMedianMs)} />
      </div>
      {summary.anchors === 0 ? (
        <Card className="mt-6">
          <p className="text-sm text-slate-600">
            No response-timing rows in this window yet. They are computed from messages by the response-timing processor
            (every 5 minutes in production).
          </p>
        </Card>
      ) : null}
    </>
  );
}
