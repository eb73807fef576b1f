"use client";

// The drawer's delivery section: the AI's pending auto-sends (a setter can cancel one before
// it goes out) and the replies that are not delivered yet or did not go out — in flight,
// unknown outcome ("Sending…"), failed. Delivered outbound messages carry a small badge in
// the conversation instead (crm-conversation.tsx).
import { useState, useTransition } from "react";
import { cancelAutoSend } from "@/actions/delivery-actions";
import { CHANNEL_LABEL } from "@/lib/channels";
import type { LeadDelivery } from "@/lib/delivery/lead-deliveries";
import { formatInTimeZone } from "@/lib/format";

const STATE: Record<LeadDelivery["unsettled"][number]["status"], { label: string; className: string }> = {
  waiting: { label: "Waiting to retry", className: "bg-slate-100 text-slate-700" },
  sending: { label: "Sending…", className: "bg-amber-50 text-amber-800" },
  unconfirmed: { label: "Unconfirmed: an admin checks it", className: "bg-amber-50 text-amber-800" },
  failed: { label: "Not sent", className: "bg-red-50 text-red-700" },
};

function CancelButton({ clientId, leadId, jobId }: { clientId: string; leadId: string; jobId: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60"
        onClick={() =>
          startTransition(async () => {
            const result = await cancelAutoSend({ clientId, leadId, jobId });
            setMessage(result.ok ? "Canceled." : result.error);
          })
        }
      >
        Cancel auto-send
      </button>
      <span aria-live="polite" className="text-xs text-slate-500">
        {message}
      </span>
    </span>
  );
}

export function CrmDelivery({
  clientId,
  leadId,
  delivery,
  timeZone,
}: {
  clientId: string;
  leadId: string;
  delivery: LeadDelivery;
  timeZone: string;
}) {
  if (delivery.pendingAutoSends.length === 0 && delivery.unsettled.length === 0) return null;
  return (
    <section aria-labelledby="crm-delivery-title" className="space-y-3">
      <h3 id="crm-delivery-title" className="text-sm font-semibold text-slate-900">
        Delivery
      </h3>
      <ul className="space-y-2">
        {delivery.pendingAutoSends.map((a) => (
          <li
            key={a.jobId}
            data-testid="pending-auto-send"
            className="rounded-lg border border-violet-100 bg-violet-50 p-3 text-sm"
          >
            <p className="flex flex-wrap items-center justify-between gap-2">
              <span className="text-xs text-violet-800">
                AI auto-send on {CHANNEL_LABEL[a.channel]} at {formatInTimeZone(a.runAt, timeZone)}
              </span>
              <CancelButton clientId={clientId} leadId={leadId} jobId={a.jobId} />
            </p>
            <p className="mt-1 whitespace-pre-wrap text-slate-800">{a.excerpt}</p>
          </li>
        ))}
        {delivery.unsettled.map((s) => (
          <li key={s.id} data-testid="unsettled-send" className="rounded-lg border border-slate-200 p-3 text-sm">
            <p className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
              <span className={`rounded-full px-2 py-0.5 font-medium ${STATE[s.status].className}`}>
                {STATE[s.status].label}
              </span>
              <span>{s.sentBy === "ai" ? "AI auto-send" : "Setter reply"}</span>
              <span>{CHANNEL_LABEL[s.channel]}</span>
              {s.attemptedAt ? (
                <time dateTime={s.attemptedAt.toISOString()}>{formatInTimeZone(s.attemptedAt, timeZone)}</time>
              ) : null}
            </p>
            <p className="mt-1 whitespace-pre-wrap text-slate-800">{s.excerpt}</p>
            {s.error && s.status !== "sending" ? <p className="mt-1 text-xs text-red-700">{s.error}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
