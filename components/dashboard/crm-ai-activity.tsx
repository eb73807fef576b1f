// The drawer's "AI replies" section: each recent reply with the sentiment post-processing
// gave it, the AI draft and the delayed auto-send (time in the workspace's zone, status,
// and the job's note once it ran, e.g. "delivery not configured").
import { activityInFlight, autoSendLabel, postProcessLabel, type ActivityTone } from "@/lib/crm/ai-activity-labels";
import type { AiActivityItem } from "@/lib/crm/lead-detail-types";
import { formatInTimeZone } from "@/lib/format";
import { ChannelBadge, humanize, StatusPill } from "./crm-badges";
import { CrmAutoRefresh } from "./crm-auto-refresh";

const TONE: Record<ActivityTone, string> = {
  waiting: "text-violet-700",
  done: "text-slate-800",
  problem: "text-red-700",
  muted: "text-slate-500",
};

const SENTIMENT_TONE: Record<string, "green" | "amber" | "red" | "slate"> = {
  MEETING_REQUESTED: "green",
  POSITIVE: "green",
  NEUTRAL: "slate",
  OUT_OF_OFFICE: "amber",
  NEGATIVE: "red",
};

export function CrmAiActivity({ items, timeZone, now }: { items: AiActivityItem[]; timeZone: string; now: Date }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="crm-ai-title" className="space-y-3">
      <CrmAutoRefresh active={activityInFlight(items, now)} />
      <div>
        <h3 id="crm-ai-title" className="text-sm font-semibold text-slate-900">
          AI replies
        </h3>
        <p className="text-xs text-slate-500">What post-processing made of the latest replies, newest first.</p>
      </div>
      <ol className="space-y-3">
        {items.map((item) => {
          const processed = postProcessLabel(item.postProcess);
          const sending = item.autoSend ? autoSendLabel(item.autoSend, timeZone, now) : null;
          return (
            <li
              key={item.inboundMessageId}
              data-testid="ai-activity"
              className="space-y-2 rounded-lg border border-slate-200 p-3 text-sm"
            >
              <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                <ChannelBadge channel={item.channel} />
                <time dateTime={item.sentAt.toISOString()}>{formatInTimeZone(item.sentAt, timeZone)}</time>
                {item.sentiment ? (
                  <StatusPill tone={SENTIMENT_TONE[item.sentiment] ?? "slate"}>
                    <span className="sr-only">Sentiment: </span>
                    {humanize(item.sentiment)}
                  </StatusPill>
                ) : null}
              </div>
              <p className="whitespace-pre-wrap break-words text-slate-800">{item.excerpt}</p>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
                <dt className="text-slate-500">Reply</dt>
                <dd className={TONE[processed.tone]}>{processed.text}</dd>
                {item.draft ? (
                  <>
                    <dt className="text-slate-500">AI draft</dt>
                    <dd className="space-y-1">
                      <span className="text-slate-600">{humanize(item.draft.status)}</span>
                      <p className="whitespace-pre-wrap break-words rounded bg-violet-50 px-2 py-1 text-sm text-slate-800">
                        {item.draft.content}
                      </p>
                    </dd>
                  </>
                ) : null}
                {sending ? (
                  <>
                    <dt className="text-slate-500">Auto-send</dt>
                    <dd className={TONE[sending.tone]}>{sending.text}</dd>
                  </>
                ) : null}
              </dl>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
