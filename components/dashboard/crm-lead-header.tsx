// The drawer's top: who the lead is, how to reach them, where the booking stands, and
// whether they are waiting for us right now.
import type { LeadHeader, OpenStreakView } from "@/lib/crm/lead-detail-types";
import { CHANNEL_LABEL } from "@/lib/channels";
import { formatDuration, formatInTimeZone } from "@/lib/format";
import { humanize, StatusPill } from "./crm-badges";

export function CrmLeadHeader({
  lead,
  openStreaks,
  timeZone,
  now,
}: {
  lead: LeadHeader;
  openStreaks: OpenStreakView[];
  timeZone: string;
  now: Date;
}) {
  const contact = [lead.email, lead.phone].filter(Boolean).join(" · ");
  const oldest = openStreaks[0];
  return (
    <section aria-label="Lead" className="space-y-3">
      <div className="space-y-1 text-sm text-slate-700">
        <p>{contact || "No email or phone on file"}</p>
        {lead.linkedinUrl ? (
          <p>
            <a
              href={lead.linkedinUrl}
              target="_blank"
              rel="noreferrer"
              className="text-brand-700 underline-offset-2 hover:underline"
            >
              LinkedIn profile
            </a>
          </p>
        ) : null}
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        <div>
          <dt className="text-xs text-slate-500">Status</dt>
          <dd className="mt-0.5 flex gap-1">
            <StatusPill>{humanize(lead.status)}</StatusPill>
            {lead.sentiment ? <StatusPill>{humanize(lead.sentiment)}</StatusPill> : null}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Appointment</dt>
          <dd className="mt-0.5">
            {lead.appointmentStatus ? (
              <span className="flex flex-wrap items-center gap-2">
                <StatusPill tone={lead.booked ? "green" : "red"}>{humanize(lead.appointmentStatus)}</StatusPill>
                {lead.appointmentStartAt ? (
                  <span className="text-slate-700">{formatInTimeZone(lead.appointmentStartAt, timeZone)}</span>
                ) : null}
                {lead.appointmentProvider ? (
                  <span className="text-xs text-slate-500">
                    via {lead.appointmentProvider === "GHL" ? "GoHighLevel" : "Calendly"}
                  </span>
                ) : null}
              </span>
            ) : (
              <span className="text-slate-600">
                {lead.booked ? "Booked (no appointment details yet)" : "Not booked"}
              </span>
            )}
          </dd>
        </div>
      </dl>
      {oldest ? (
        <div role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p className="font-semibold">
            Awaiting reply since {formatInTimeZone(oldest.since, timeZone)} (
            {formatDuration(Math.max(0, now.getTime() - oldest.since.getTime()))})
          </p>
          <ul className="mt-1 space-y-0.5 text-amber-800">
            {openStreaks.map((s) => (
              <li key={s.channel}>
                {CHANNEL_LABEL[s.channel]}:{" "}
                {s.length === 1 ? "1 unanswered message" : `${s.length} unanswered messages`} since{" "}
                {formatInTimeZone(s.since, timeZone)}
                {s.scheduledAiRunAt
                  ? ` · AI reply scheduled for ${formatInTimeZone(s.scheduledAiRunAt, timeZone)}`
                  : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
