"use client";

// Reply from the drawer: sent through the lead's connection for the channel, inline. The
// answer is "Sent", "Sending…" (the provider may have it: its echo or the jobs page settles
// it) or a failure with "Try again". Each composed reply has one attempt key, kept until it
// is sent, so "Try again" or a double click can never send it twice (docs/sending.md).
import { useRef, useState, useTransition } from "react";
import { sendSetterReply } from "@/actions/crm-actions";
import { CHANNEL_LABEL, type Channel } from "@/lib/channels";
import { formatInTimeZone } from "@/lib/format";
import { CrmRecomputeButton } from "./crm-recompute-button";

const MAX_LENGTH = 5000;

export function CrmReplyForm({
  clientId,
  leadId,
  channels,
  defaultChannel,
  timeZone,
}: {
  clientId: string;
  leadId: string;
  channels: Channel[];
  defaultChannel: Channel | null;
  timeZone: string;
}) {
  const [channel, setChannel] = useState<Channel | "">(defaultChannel ?? channels[0] ?? "");
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sentAt, setSentAt] = useState<string | null>(null);
  const [state, setState] = useState<"sent" | "sending" | "failed" | null>(null);
  // One key per composed reply; a new one only after it was sent (or is in flight and settled elsewhere).
  const [attemptKey, setAttemptKey] = useState(() => crypto.randomUUID());
  const [pending, startTransition] = useTransition();
  // A second Ctrl+Enter (or click) before the first send has finished must not record a
  // second message: `pending` only updates on the next render, this guard at once.
  const sending = useRef(false);

  if (channels.length === 0)
    return <p className="text-sm text-slate-600">This lead has no conversation to reply on yet.</p>;

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (sending.current) return;
    sending.current = true;
    startTransition(async () => {
      try {
        setError(null);
        const result = await sendSetterReply({ clientId, leadId, channel, body, attemptKey });
        if (!result.ok) {
          setState(null);
          setError(result.error);
          return;
        }
        setState(result.data.state);
        if (result.data.state === "failed") {
          setError(`Not sent: ${result.data.detail ?? "the provider refused it"}.`);
          return;
        }
        setBody("");
        setSentAt(result.data.sentAt);
        setAttemptKey(crypto.randomUUID());
      } finally {
        sending.current = false;
      }
    });
  }

  return (
    <form onSubmit={submit} className="space-y-3" aria-labelledby="crm-reply-title" noValidate>
      <h3 id="crm-reply-title" className="text-sm font-semibold text-slate-900">
        Reply
      </h3>
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="crm-reply-channel" className="mb-1 block text-xs font-medium text-slate-600">
            Reply channel
          </label>
          <select
            id="crm-reply-channel"
            value={channel}
            onChange={(e) => setChannel(e.target.value as Channel)}
            className="rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-brand-500"
          >
            {channels.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABEL[c]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div>
        <label htmlFor="crm-reply-body" className="mb-1 block text-xs font-medium text-slate-600">
          Your reply
        </label>
        <textarea
          id="crm-reply-body"
          value={body}
          onChange={(e) => {
            setBody(e.target.value);
            // Editing after a failure composes a new reply: the failed one was never sent.
            if (state === "failed") setAttemptKey(crypto.randomUUID());
            if (state !== null) setState(null);
          }}
          onKeyDown={(e) => {
            // Ctrl/Cmd+Enter sends, as in most inboxes.
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) submit(e);
          }}
          rows={4}
          maxLength={MAX_LENGTH}
          aria-invalid={error ? true : undefined}
          aria-describedby="crm-reply-help"
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500"
        />
        <p id="crm-reply-help" className="mt-1 flex justify-between gap-4 text-xs text-slate-500">
          <span>Sent through this lead&apos;s provider connection for the channel, as you.</span>
          <span className="tabular-nums">
            {body.length.toLocaleString("en-US")}/{MAX_LENGTH.toLocaleString("en-US")}
          </span>
        </p>
      </div>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Sending…" : state === "failed" ? "Try again" : "Send reply"}
        </button>
        {state === "sent" && sentAt ? (
          <p role="status" className="text-xs text-slate-600">
            <span className="font-semibold text-emerald-700">Sent</span> at {formatInTimeZone(sentAt, timeZone)}. Timing
            updates within 5 minutes, or <CrmRecomputeButton clientId={clientId} leadId={leadId} variant="link" />
          </p>
        ) : null}
        {state === "sending" ? (
          <p role="status" className="text-xs text-amber-800">
            <span className="font-semibold">Sending…</span> The provider has not confirmed it yet. It shows as sent when
            the provider confirms it; it is never sent twice.
          </p>
        ) : null}
      </div>
    </form>
  );
}
