import type { Metadata } from "next";
import { Card, PageHeader, StatCard } from "@/components/ui/card";
import { requireClientScope } from "@/lib/auth/require-scope";
import { getWorkspaceOverview } from "@/lib/overview/workspace-overview";
import { db } from "@/lib/db";
import { formatCount } from "@/lib/format";
import { CHANNEL_LABEL } from "@/lib/channels";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ clientId: string }> }) {
  const { clientId } = await params;
  const scope = await requireClientScope(clientId);
  const overview = await getWorkspaceOverview({ db, clientId: scope.clientId, now: new Date() });
  return (
    <>
      <PageHeader title={scope.clientName} description={`Workspace overview · times in ${scope.timezone}`} />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        <StatCard label="Leads" value={formatCount(overview.leads)} />
        <StatCard label="Inbound, 7 days" value={formatCount(overview.inbound7d)} />
        <StatCard label="Outbound, 7 days" value={formatCount(overview.outbound7d)} />
        <StatCard
          label="Awaiting reply"
          value={formatCount(overview.awaitingReply)}
          hint="Leads whose last message on a channel is theirs"
        />
        <StatCard
          label="Booked, 30 days"
          value={formatCount(overview.booked30d)}
          hint={`${formatCount(overview.scheduledAutoSends)} AI replies scheduled`}
        />
      </div>
      <Card title="Messages by channel" description="Last 30 days" className="mt-6">
        {overview.channels.length === 0 ? (
          <p className="text-sm text-slate-600">No messages in the last 30 days.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 font-medium">
                  Channel
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  Inbound
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  Outbound
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {overview.channels.map((row) => (
                <tr key={row.channel}>
                  <td className="py-2">{CHANNEL_LABEL[row.channel] ?? row.channel}</td>
                  <td className="py-2 text-right tabular-nums">{formatCount(row.inbound30d)}</td>
                  <td className="py-2 text-right tabular-nums">{formatCount(row.outbound30d)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
