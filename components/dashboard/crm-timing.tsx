// The drawer's Response Timing section: the lead's recent anchors (newest first) with
// who answered, how fast, and how the AI's delay was chosen and kept.
import type { TimingRow } from "@/lib/crm/lead-detail-types";
import { CHANNEL_LABEL, type Channel } from "@/lib/channels";
import { firstResponder } from "@/lib/analytics/first-responder";
import { aiDelayFacts, aiLabel, setterLabel, streakLabel } from "@/lib/crm/timing-labels";
import { formatInTimeZone } from "@/lib/format";
import { ChannelBadge } from "./crm-badges";
import { CrmRecomputeButton } from "./crm-recompute-button";

const AI_TONE = {
  answered: "text-slate-900",
  scheduled: "text-violet-700",
  none: "text-slate-500",
  "not-computed": "text-slate-500 italic",
} as const;

export function CrmTiming({
  clientId,
  leadId,
  rows,
  queuedChannels,
  timeZone,
  now,
}: {
  clientId: string;
  leadId: string;
  rows: TimingRow[];
  queuedChannels: Channel[];
  timeZone: string;
  now: Date;
}) {
  return (
    <section aria-labelledby="crm-timing-title" className="space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 id="crm-timing-title" className="text-sm font-semibold text-slate-900">
            Response Timing
          </h3>
          <p className="text-xs text-slate-500">
            Latest {rows.length === 1 ? "answered message" : `${rows.length} answered messages`}, newest first. A
            scheduled job updates timing every 5 minutes.
          </p>
        </div>
        <CrmRecomputeButton clientId={clientId} leadId={leadId} />
      </div>
      {queuedChannels.length > 0 ? (
        <p className="rounded-md bg-sky-50 px-3 py-2 text-xs text-sky-800">
          New activity on {queuedChannels.map((c) => CHANNEL_LABEL[c]).join(", ")} is waiting for the scheduled job;
          these numbers may change within 5 minutes.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">
          No answered messages yet: timing starts when a reply follows a message from the lead.
        </p>
      ) : (
        <ol className="space-y-3">
          {rows.map((row) => (
            <TimingItem key={row.inboundMessageId} row={row} timeZone={timeZone} now={now} />
          ))}
        </ol>
      )}
    </section>
  );
}

function TimingItem({ row, timeZone, now }: { row: TimingRow; timeZone: string; now: Date }) {
  const ai = aiLabel(row, timeZone, now);
  const facts = aiDelayFacts(row, timeZone);
  // Only worth saying when both answered: the booking is attributed to whoever was first.
  const first =
    row.setter && row.ai?.responded
      ? firstResponder({ setterSentAt: row.setter.sentAt, aiSentAt: row.ai.responded.sentAt })
      : null;
  const firstBadge = (
    <span className="ml-1.5 rounded bg-emerald-50 px-1.5 py-0.5 text-[10px] font-semibold normal-case tracking-normal text-emerald-700">
      answered first
    </span>
  );
  return (
    <li data-testid="timing-row" className="rounded-lg border border-slate-200 p-3 text-sm">
      <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <ChannelBadge channel={row.channel} />
        <span>
          Inbound{" "}
          <time dateTime={row.inboundSentAt.toISOString()} className="font-medium text-slate-800">
            {formatInTimeZone(row.inboundSentAt, timeZone)}
          </time>
        </span>
        <span aria-hidden="true">·</span>
        <span>Streak: {streakLabel(row, timeZone)}</span>
      </p>
      <dl className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-2">
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">
            Setter{first === "setter" ? firstBadge : null}
          </dt>
          <dd className={row.setter ? "font-medium text-slate-900" : `text-slate-500 ${row.computed ? "" : "italic"}`}>
            {setterLabel(row)}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">
            AI{first === "ai" ? firstBadge : null}
          </dt>
          <dd className={`${AI_TONE[ai.state]} ${ai.state === "answered" ? "font-medium" : ""}`}>{ai.text}</dd>
        </div>
      </dl>
      {facts.length > 0 ? (
        <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 border-t border-slate-100 pt-2 text-xs text-slate-600">
          {facts.map((f) => (
            <div key={f.label} className="flex gap-1">
              <dt>{f.label}</dt>
              <dd className="font-medium tabular-nums text-slate-800">{f.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </li>
  );
}
