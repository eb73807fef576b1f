// Previous / next for the lead list. Offset pages: the first pages (the ones people
// use) stay fast at any size; past the capped count only "next" is known.
import Link from "next/link";
import { crmHref, type LeadListParams } from "@/lib/crm/list-params";
import { formatCount } from "@/lib/format";

const button = "rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50";

export function CrmPagination({
  clientId,
  params,
  page,
  pageCount,
  hasPrevious,
  hasNext,
}: {
  clientId: string;
  params: LeadListParams;
  page: number;
  pageCount: number | null;
  hasPrevious: boolean;
  hasNext: boolean;
}) {
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
      <span className="text-slate-600">
        Page {formatCount(page)}
        {pageCount !== null ? ` of ${formatCount(pageCount)}` : ""}
      </span>
      <span className="flex gap-2">
        {hasPrevious ? (
          <Link className={button} href={crmHref(clientId, params, { page: page - 1, lead: null })}>
            Previous<span className="sr-only"> page</span>
          </Link>
        ) : null}
        {hasNext ? (
          <Link className={button} href={crmHref(clientId, params, { page: page + 1, lead: null })}>
            Next<span className="sr-only"> page</span>
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
