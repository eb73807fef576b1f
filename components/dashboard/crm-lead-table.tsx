// The CRM lead list. Each lead's name links to ?lead=<id>, which opens the drawer, so
// rows work with the keyboard, open in a new tab and survive a reload.
import Link from "next/link";
import { CHANNEL_LABEL } from "@/lib/channels";
import { crmHref, type LeadListParams } from "@/lib/crm/list-params";
import type { LeadListRow } from "@/lib/crm/lead-list";
import { formatDuration, formatInTimeZone, formatPatternInTimeZone } from "@/lib/format";
import { ChannelBadge, humanize, StatusPill } from "./crm-badges";
import { CrmLinkPending } from "./crm-link-pending";

export function CrmLeadTable({
  clientId,
  params,
  rows,
  timeZone,
  now,
}: {
  clientId: string;
  params: LeadListParams;
  rows: LeadListRow[];
  timeZone: string;
  now: Date;
}) {
  const short = (date: Date) => formatPatternInTimeZone(date, timeZone, "MMM d, h:mm a");
  return (
    <div className="-mx-5 overflow-x-auto px-5">
      <table className="w-full min-w-[640px] text-left text-sm">
        <caption className="sr-only">Leads, {params.sort === "oldest" ? "oldest" : "newest"} activity first</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">
              Lead
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Last activity
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Reply
            </th>
            <th scope="col" className="py-2 font-medium">
              Status
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((lead) => {
            const open = params.lead === lead.id;
            return (
              <tr key={lead.id} data-testid="lead-row" className={open ? "bg-brand-50/60" : "hover:bg-slate-50"}>
                <td className="max-w-[16rem] py-2.5 pr-4 align-top">
                  <Link
                    id={`lead-link-${lead.id}`}
                    href={crmHref(clientId, params, { lead: lead.id })}
                    scroll={false}
                    aria-current={open ? "true" : undefined}
                    className="font-medium text-slate-900 underline-offset-2 hover:text-brand-700 hover:underline"
                  >
                    {lead.name}
                    <CrmLinkPending />
                  </Link>
                  <p className="truncate text-xs text-slate-500">{lead.email ?? lead.phone ?? "No contact details"}</p>
                  {lead.channels.length > 0 ? (
                    <p className="mt-1 flex flex-wrap gap-1">
                      {lead.channels.map((c) => (
                        <ChannelBadge key={c} channel={c} />
                      ))}
                    </p>
                  ) : null}
                </td>
                <td className="whitespace-nowrap py-2.5 pr-4 align-top tabular-nums text-slate-700">
                  {lead.lastActivityAt ? (
                    <time
                      dateTime={lead.lastActivityAt.toISOString()}
                      title={formatInTimeZone(lead.lastActivityAt, timeZone)}
                    >
                      {short(lead.lastActivityAt)}
                    </time>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="py-2.5 pr-4 align-top">
                  {lead.awaitingSince ? (
                    <span className="text-xs">
                      <span className="block font-semibold text-amber-800">
                        Awaiting reply since{" "}
                        <time
                          dateTime={lead.awaitingSince.toISOString()}
                          title={formatInTimeZone(lead.awaitingSince, timeZone)}
                          className="whitespace-nowrap"
                        >
                          {short(lead.awaitingSince)}
                        </time>
                      </span>
                      <span className="block text-slate-600">
                        waiting {formatDuration(Math.max(0, now.getTime() - lead.awaitingSince.getTime()))}
                        {lead.awaitingChannel ? ` · ${CHANNEL_LABEL[lead.awaitingChannel]}` : ""}
                      </span>
                    </span>
                  ) : (
                    <span className="text-xs text-slate-500">{lead.lastOutboundAt ? "Answered" : "—"}</span>
                  )}
                </td>
                <td className="py-2.5 align-top">
                  <StatusPill>{humanize(lead.status)}</StatusPill>
                  {lead.appointmentStatus ? (
                    <p className="mt-1 text-xs text-slate-600">
                      {lead.booked ? "Booked" : "Appointment"} · {humanize(lead.appointmentStatus)}
                    </p>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
