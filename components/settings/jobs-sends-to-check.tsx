// "Sends to check" on the jobs page: sends whose outcome is unknown (the provider never
// answered and no echo came). An admin checks the provider's inbox and resolves each one:
// "It was sent" records the outbound message (the timing engine then counts it), "It was
// not sent" marks it failed (an AI draft stays pending for a setter to send by hand).
import { CHANNEL_LABEL } from "@/lib/channels";
import type { SendToCheck } from "@/lib/delivery/unconfirmed-sends";
import { formatInTimeZone } from "@/lib/format";
import { JobsSendResolve } from "./jobs-send-resolve";

export function JobsSendsToCheck({
  clientId,
  sends,
  truncated,
  timeZone,
}: {
  clientId: string;
  sends: SendToCheck[];
  truncated: boolean;
  timeZone: string;
}) {
  if (sends.length === 0) return <p className="text-sm text-slate-600">No send is waiting for a check.</p>;
  return (
    <>
      <ul className="divide-y divide-slate-100">
        {sends.map((s) => (
          <li key={s.id} data-testid="send-to-check" className="space-y-2 py-4 first:pt-0 last:pb-0">
            <p className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
              <span className="rounded-full bg-amber-50 px-2 py-0.5 font-medium text-amber-800">Unconfirmed</span>
              <span className="font-medium text-slate-800">{s.leadName}</span>
              <span>
                {s.sentBy === "ai" ? "AI auto-send" : "Setter reply"} · {CHANNEL_LABEL[s.channel]}
                {s.provider ? ` · ${s.provider}` : ""}
              </span>
              {s.attemptedAt ? (
                <time dateTime={s.attemptedAt.toISOString()}>{formatInTimeZone(s.attemptedAt, timeZone)}</time>
              ) : null}
            </p>
            <p className="whitespace-pre-wrap text-sm text-slate-800">{s.excerpt}</p>
            {s.error ? <p className="text-xs text-slate-500">Last answer: {s.error}</p> : null}
            <JobsSendResolve clientId={clientId} sendId={s.id} />
          </li>
        ))}
      </ul>
      {truncated ? <p className="mt-3 text-xs text-slate-500">Showing the oldest {sends.length}.</p> : null}
    </>
  );
}
