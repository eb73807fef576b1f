"use client";

// The lead's conversation across channels, oldest to newest, opened scrolled to the
// latest message (the one a setter is about to answer).
import { useEffect, useRef } from "react";
import type { ConversationMessage } from "@/lib/crm/lead-detail-types";
import { formatInTimeZone } from "@/lib/format";
import type { MessageDelivery } from "@/lib/delivery/lead-deliveries";
import { ChannelBadge, SenderBadge } from "./crm-badges";
import { DeliveryBadge } from "./crm-delivery-badge";

export function CrmConversation({
  messages,
  truncated,
  leadName,
  timeZone,
  deliveries = {},
}: {
  messages: ConversationMessage[];
  truncated: boolean;
  leadName: string;
  timeZone: string;
  /** Delivery state of the outbound messages we sent (docs/sending.md). */
  deliveries?: Record<string, MessageDelivery>;
}) {
  const list = useRef<HTMLOListElement>(null);
  const lastId = messages.at(-1)?.id;
  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [lastId]);

  if (messages.length === 0) return <p className="text-sm text-slate-600">No messages with this lead yet.</p>;
  return (
    <>
      {truncated ? <p className="mb-2 text-xs text-slate-500">Showing the latest {messages.length} messages.</p> : null}
      <ol
        ref={list}
        tabIndex={0}
        aria-label="Messages, oldest first"
        className="max-h-[26rem] space-y-3 overflow-y-auto rounded-lg border border-slate-200 bg-slate-50 p-3"
      >
        {messages.map((m) => {
          const inbound = m.direction === "inbound";
          // The badge already says AI or System; a name is shown for people only.
          const name = inbound ? leadName : m.sentBy === "setter" ? (m.senderName ?? "Former member") : null;
          const sender = name ?? (m.sentBy === "ai" ? "AI auto-send" : "System");
          return (
            <li key={m.id} className={`flex ${inbound ? "justify-start" : "justify-end"}`}>
              <article
                aria-label={`${inbound ? "Inbound" : "Outbound"} ${m.channel} message from ${sender}`}
                className={`max-w-[85%] rounded-lg px-3 py-2 text-sm shadow-sm ${inbound ? "bg-white ring-1 ring-slate-200" : "bg-brand-50 ring-1 ring-brand-100"}`}
              >
                <header className="mb-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
                  {name ? <span className="font-medium text-slate-800">{name}</span> : null}
                  {m.sentBy ? <SenderBadge sentBy={m.sentBy} /> : null}
                  {m.usedAiDraft ? <span className="text-[11px] text-violet-700">used AI draft</span> : null}
                  <ChannelBadge channel={m.channel} />
                  {deliveries[m.id] ? <DeliveryBadge delivery={deliveries[m.id]!} /> : null}
                  <span className="sr-only">{inbound ? "inbound" : "outbound"}</span>
                  <time dateTime={m.sentAt.toISOString()}>{formatInTimeZone(m.sentAt, timeZone)}</time>
                </header>
                {m.subject ? <p className="font-medium text-slate-800">{m.subject}</p> : null}
                <p className="whitespace-pre-wrap break-words text-slate-800">{m.body}</p>
              </article>
            </li>
          );
        })}
      </ol>
    </>
  );
}
