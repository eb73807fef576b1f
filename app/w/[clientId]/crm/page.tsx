import type { Metadata } from "next";
import Link from "next/link";
import { CrmAppointment } from "@/components/dashboard/crm-appointment";
import { CrmDrawer } from "@/components/dashboard/crm-drawer";
import { CrmFilters } from "@/components/dashboard/crm-filters";
import { CrmLeadDetails } from "@/components/dashboard/crm-lead-details";
import { CrmLeadTable } from "@/components/dashboard/crm-lead-table";
import { CrmPagination } from "@/components/dashboard/crm-pagination";
import { Card, PageHeader } from "@/components/ui/card";
import { requireClientScope } from "@/lib/auth/require-scope";
import { getLeadAppointment } from "@/lib/appointments/lead-appointment";
import { getLeadDetail } from "@/lib/crm/lead-detail";
import { crmHref, DEFAULT_LIST_PARAMS, hasListFilters, parseLeadListParams } from "@/lib/crm/list-params";
import { listLeads } from "@/lib/crm/lead-list";
import { db } from "@/lib/db";
import { formatCount } from "@/lib/format";

export const metadata: Metadata = { title: "CRM" };

export default async function CrmPage({
  params,
  searchParams,
}: {
  params: Promise<{ clientId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { clientId } = await params;
  const scope = await requireClientScope(clientId);
  const list = parseLeadListParams(await searchParams);
  const now = new Date();
  // The drawer's lead is looked up inside this workspace only: a foreign id is "not found".
  const [result, detail, appointment] = await Promise.all([
    listLeads({ db, clientId: scope.clientId, page: list.page, filters: list }),
    list.lead ? getLeadDetail({ db, clientId: scope.clientId, leadId: list.lead }) : Promise.resolve(null),
    list.lead ? getLeadAppointment({ db, clientId: scope.clientId, leadId: list.lead }) : Promise.resolve(null),
  ]);
  const filtered = hasListFilters(list);
  const count = `${formatCount(result.total)}${result.totalIsExact ? "" : "+"} ${result.total === 1 && result.totalIsExact ? "lead" : "leads"}`;
  const closeHref = crmHref(scope.clientId, list, { lead: null });

  return (
    <>
      <PageHeader title="Leads" description={`${count}${filtered ? " match" : ""} · times in ${scope.timezone}`} />
      <Card className="mb-4">
        <CrmFilters clientId={scope.clientId} params={list} />
      </Card>
      <Card>
        {result.rows.length === 0 ? (
          <div className="space-y-2 text-sm text-slate-600">
            <p>
              {list.page > 1
                ? "No leads on this page."
                : filtered
                  ? "No leads match these filters."
                  : "No leads in this workspace yet."}
            </p>
            {list.page > 1 || filtered ? (
              <Link
                href={crmHref(scope.clientId, list.page > 1 ? list : DEFAULT_LIST_PARAMS, { page: 1, lead: null })}
                className="font-medium text-brand-700 underline-offset-2 hover:underline"
              >
                {list.page > 1 ? "Go to the first page" : "Clear filters"}
              </Link>
            ) : null}
          </div>
        ) : (
          <CrmLeadTable
            clientId={scope.clientId}
            params={list}
            rows={result.rows}
            timeZone={scope.timezone}
            now={now}
          />
        )}
        <CrmPagination
          clientId={scope.clientId}
          params={list}
          page={result.page}
          pageCount={result.pageCount}
          hasPrevious={result.hasPrevious}
          hasNext={result.hasNext}
        />
      </Card>
      {list.lead ? (
        <CrmDrawer
          title={detail?.lead.name ?? "Lead not found"}
          closeHref={closeHref}
          returnFocusId={`lead-link-${list.lead}`}
        >
          {detail ? (
            <>
              <CrmLeadDetails clientId={scope.clientId} detail={detail} timeZone={scope.timezone} now={now} />
              {appointment ? (
                <CrmAppointment
                  clientId={scope.clientId}
                  leadId={detail.lead.id}
                  appointment={appointment}
                  timeZone={scope.timezone}
                />
              ) : null}
            </>
          ) : (
            <p className="text-sm text-slate-600">This lead does not exist in this workspace, or it was removed.</p>
          )}
        </CrmDrawer>
      ) : null}
    </>
  );
}
