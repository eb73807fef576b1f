"use client";

// The lead list's search and filters. A plain GET form, so it works before hydration
// and without JavaScript; with JavaScript it navigates to a tidy URL (no empty fields).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { CHANNEL_LABEL, CHANNELS } from "@/lib/channels";
import {
  crmHref,
  DEFAULT_LIST_PARAMS,
  hasListFilters,
  MAX_QUERY_LENGTH,
  parseLeadListParams,
  type LeadListParams,
} from "@/lib/crm/list-params";

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-brand-500";
const labelClass = "mb-1 block text-xs font-medium text-slate-600";

export function CrmFilters({ clientId, params }: { clientId: string; params: LeadListParams }) {
  const router = useRouter();
  return (
    <form
      // Remount on navigation so the uncontrolled fields show the URL's values.
      key={crmHref(clientId, { ...params, page: 1, lead: null })}
      role="search"
      aria-label="Filter leads"
      action={`/w/${clientId}/crm`}
      method="get"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const raw = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
        router.push(crmHref(clientId, { ...parseLeadListParams(raw), page: 1, lead: null }));
      }}
      className="grid grid-cols-2 items-end gap-3 sm:grid-cols-4 lg:grid-cols-12"
    >
      <div className="col-span-2 sm:col-span-4">
        <label htmlFor="crm-q" className={labelClass}>
          Search
        </label>
        <input
          id="crm-q"
          name="q"
          type="search"
          defaultValue={params.q}
          maxLength={MAX_QUERY_LENGTH}
          placeholder="Name, email or phone"
          className={control}
        />
      </div>
      <div className="lg:col-span-2">
        <label htmlFor="crm-channel" className={labelClass}>
          Channel
        </label>
        <select id="crm-channel" name="channel" defaultValue={params.channel ?? ""} className={control}>
          <option value="">Any channel</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_LABEL[c]}
            </option>
          ))}
        </select>
      </div>
      <div className="lg:col-span-2">
        <label htmlFor="crm-booked" className={labelClass}>
          Booking
        </label>
        <select id="crm-booked" name="booked" defaultValue={params.booked ?? ""} className={control}>
          <option value="">Any</option>
          <option value="yes">Booked</option>
          <option value="no">Not booked</option>
        </select>
      </div>
      <div className="lg:col-span-2">
        <label htmlFor="crm-sort" className={labelClass}>
          Sort by last activity
        </label>
        <select id="crm-sort" name="sort" defaultValue={params.sort === "oldest" ? "oldest" : ""} className={control}>
          <option value="">Newest first</option>
          <option value="oldest">Oldest first</option>
        </select>
      </div>
      <div className="flex h-[34px] items-center lg:col-span-2">
        <input
          id="crm-awaiting"
          name="awaiting"
          type="checkbox"
          value="1"
          defaultChecked={params.awaiting}
          className="h-4 w-4 rounded border-slate-300 accent-brand-600"
        />
        <label htmlFor="crm-awaiting" className="ml-2 text-sm text-slate-700">
          Awaiting reply
        </label>
        {/* Bookings: leads with an open follow-up task (a cancelled or moved appointment). */}
        <input
          id="crm-followup"
          name="followup"
          type="checkbox"
          value="1"
          defaultChecked={params.followUp}
          className="ml-4 h-4 w-4 rounded border-slate-300 accent-brand-600"
        />
        <label htmlFor="crm-followup" className="ml-2 text-sm text-slate-700">
          Needs follow-up
        </label>
      </div>
      <div className="col-span-2 flex items-center gap-3 sm:col-span-4 lg:col-span-12">
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
        >
          Apply
        </button>
        {hasListFilters(params) ? (
          <Link
            href={crmHref(clientId, DEFAULT_LIST_PARAMS)}
            className="text-sm font-medium text-slate-600 underline-offset-2 hover:underline"
          >
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}
