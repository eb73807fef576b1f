import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Card, PageHeader } from "@/components/ui/card";
import { requireClientScope } from "@/lib/auth/require-scope";
import { listLeads } from "@/lib/dashboard/lead-list";
import { db } from "@/lib/db";
import { formatCount, formatInTimeZone } from "@/lib/format";

export const metadata: Metadata = { title: "CRM" };

const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

export default async function CrmPage({
  params,
  searchParams,
}: {
  params: Promise<{ clientId: string }>;
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  const { clientId } = await params;
  const scope = await requireClientScope(clientId);
  const page = pageSchema.parse((await searchParams).page);
  const result = await listLeads({ db, clientId: scope.clientId, page });
  const when = (date: Date | null) => (date ? formatInTimeZone(date, scope.timezone) : "—");
  const pageHref = (p: number) => `/w/${scope.clientId}/crm?page=${p}`;
  return (
    <>
      <PageHeader title="Leads" description={`${formatCount(result.total)} leads · most recent inbound first`} />
      <Card>
        {result.rows.length === 0 ? (
          <p className="text-sm text-slate-600">No leads in this workspace yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[720px] text-left text-sm">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Lead</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Status</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Last inbound</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Last outbound</th>
                  <th scope="col" className="py-2 font-medium">Appointment</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.rows.map((lead) => (
                  <tr key={lead.id} data-testid="lead-row">
                    <td className="py-2 pr-4">
                      <p className="font-medium text-slate-900">{lead.name}</p>
                      <p className="text-xs text-slate-500">{lead.email ?? lead.phone ?? "—"}</p>
                    </td>
                    <td className="py-2 pr-4 text-xs font-medium text-slate-700">{lead.status.replaceAll("_", " ").toLowerCase()}</td>
                    <td className="py-2 pr-4 tabular-nums">{when(lead.lastInboundAt)}</td>
                    <td className="py-2 pr-4 tabular-nums">{when(lead.lastOutboundAt)}</td>
                    <td className="py-2 text-xs">{lead.appointmentStatus ? lead.appointmentStatus.toLowerCase() : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
          <span className="text-slate-600">
            Page {result.page} of {result.pageCount}
          </span>
          <span className="flex gap-2">
            {result.page > 1 ? (
              <Link className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50" href={pageHref(result.page - 1)}>
                Previous
              </Link>
            ) : null}
            {result.page < result.pageCount ? (
              <Link className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50" href={pageHref(result.page + 1)}>
                Next
              </Link>
            ) : null}
          </span>
        </nav>
      </Card>
    </>
  );
}
