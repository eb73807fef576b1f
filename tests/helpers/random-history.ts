// Random message histories for property tests of the response-timing processor, and an
// independent, plain-TypeScript reading of docs/definitions.md to check the SQL against.
import { Rng } from "@/lib/demo/rng";
import type { MessageChannel, MessageSender } from "@/lib/generated/prisma/enums";

export type HMessage = {
  id: string;
  leadId: string;
  channel: MessageChannel;
  direction: "inbound" | "outbound";
  sentAt: number;
  sentBy: MessageSender | null;
  sentByUserId: string | null;
  aiDraftId: string | null;
};
export type HDraft = { id: string; leadId: string; triggerMessageId: string; channel: MessageChannel };
export type HJob = {
  id: string;
  messageId: string;
  draftId: string;
  runAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  status: "PENDING" | "SUCCEEDED";
};
export type Op =
  | { kind: "message"; message: HMessage; deps: string[] }
  | { kind: "draft"; draft: HDraft; deps: string[] }
  | { kind: "job"; job: HJob; deps: string[] }
  | { kind: "finishJob"; jobId: string; startedAt: number; finishedAt: number; deps: string[] };

const CHANNELS: MessageChannel[] = ["sms", "email", "linkedin"];

/** A history plus the order in which its operations reach the database (late arrivals included). */
export function randomHistory(seed: number, opts: { leads: number; users: string[] }) {
  const rng = new Rng(seed, "history");
  const ops: (Op & { key: string })[] = [];
  const leads: string[] = [];
  for (let l = 0; l < opts.leads; l++) {
    const leadId = rng.uuid();
    leads.push(leadId);
    const channels = rng.chance(0.3) ? [rng.pick(CHANNELS), rng.pick(CHANNELS)] : [rng.pick(CHANNELS)];
    for (const channel of new Set(channels)) {
      let t = rng.int(0, 3600);
      const inbound: string[] = [];
      const drafts = new Map<string, string>(); // `${trigger}:${channel}` → draft id
      const events = rng.int(3, 16);
      for (let e = 0; e < events; e++) {
        t += rng.chance(0.15) ? 0 : rng.chance(0.1) ? rng.int(86_400, 40 * 86_400) : rng.int(1, 900);
        const id = rng.uuid();
        const kind =
          inbound.length === 0
            ? "in"
            : rng.weighted([
                ["in", 45],
                ["setter", 20],
                ["ai", 18],
                ["system", 10],
                ["human-draft", 7],
              ] as const);
        const base = {
          id,
          leadId,
          channel,
          sentAt: t,
          sentBy: null,
          sentByUserId: null,
          aiDraftId: null,
        } satisfies Omit<HMessage, "direction">;
        if (kind === "in") {
          inbound.push(id);
          ops.push({ kind: "message", key: id, deps: [], message: { ...base, direction: "inbound" } });
          continue;
        }
        if (kind === "setter" || kind === "system") {
          const sentBy = kind === "setter" ? "setter" : "system";
          const user = kind === "setter" && rng.chance(0.9) ? rng.pick(opts.users) : null;
          ops.push({
            kind: "message",
            key: id,
            deps: [],
            message: { ...base, direction: "outbound", sentBy, sentByUserId: user },
          });
          continue;
        }
        // An AI draft for a recent inbound, usually on this channel (sometimes another one).
        const trigger = rng.chance(0.7) ? inbound[inbound.length - 1]! : rng.pick(inbound);
        const draftChannel = rng.chance(0.85) ? channel : rng.pick(CHANNELS);
        const draftKey = `${trigger}:${draftChannel}`;
        let draftId = drafts.get(draftKey);
        if (!draftId) {
          draftId = rng.uuid();
          drafts.set(draftKey, draftId);
          ops.push({
            kind: "draft",
            key: draftId,
            deps: [trigger],
            draft: { id: draftId, leadId, triggerMessageId: trigger, channel: draftChannel },
          });
          if (rng.chance(0.8)) {
            const jobId = rng.uuid();
            const finished = rng.chance(0.6);
            ops.push({
              kind: "job",
              key: jobId,
              deps: [draftId],
              job: {
                id: jobId,
                messageId: trigger,
                draftId,
                runAt: t - rng.int(0, 60),
                startedAt: finished ? t - 1 : null,
                finishedAt: finished ? t : null,
                status: finished ? "SUCCEEDED" : "PENDING",
              },
            });
            if (!finished)
              ops.push({
                kind: "finishJob",
                key: `${jobId}:finish`,
                deps: [jobId],
                jobId,
                startedAt: t - 1,
                finishedAt: t,
              });
          }
        }
        // A draft for another channel is never sent on this thread (it cannot answer it).
        if (draftChannel !== channel) continue;
        const sentBy = kind === "ai" ? "ai" : "setter";
        const user = kind === "ai" ? null : rng.pick(opts.users);
        ops.push({
          kind: "message",
          key: id,
          deps: [draftId],
          message: { ...base, direction: "outbound", sentBy, sentByUserId: user, aiDraftId: draftId },
        });
      }
    }
  }
  // A random order that respects dependencies: messages arrive late and out of order.
  const done = new Set<string>();
  const pending = [...ops];
  const ordered: Op[] = [];
  while (pending.length > 0) {
    const ready = pending.filter((op) => op.deps.every((d) => done.has(d)));
    const next = ready[rng.int(0, Math.min(ready.length, 6) - 1)]!;
    pending.splice(pending.indexOf(next), 1);
    done.add(next.key);
    ordered.push(next);
  }
  return { leads, ordered, rng };
}

export type ExpectedAnchor = {
  inboundMessageId: string;
  streakStartMessageId: string;
  streakLength: number;
  setterResponseMessageId: string | null;
  aiResponseMessageId: string | null;
  aiBackgroundJobId: string | null;
};

/** docs/definitions.md in plain code (anchors, streaks, setter and AI responses, the job behind the reply). */
export function expectedAnchors(messages: HMessage[], drafts: HDraft[], jobs: HJob[]): ExpectedAnchor[] {
  const byThread = new Map<string, HMessage[]>();
  for (const m of messages)
    byThread.set(`${m.leadId}:${m.channel}`, [...(byThread.get(`${m.leadId}:${m.channel}`) ?? []), m]);
  const draftById = new Map(drafts.map((d) => [d.id, d]));
  const out: ExpectedAnchor[] = [];
  for (const thread of byThread.values()) {
    thread.sort((a, b) => a.sentAt - b.sentAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (let i = 0; i < thread.length; i++) {
      const m = thread[i]!;
      if (m.direction !== "inbound" || thread[i + 1]?.direction !== "outbound") continue;
      let s = i;
      while (s > 0 && thread[s - 1]!.direction === "inbound") s--;
      const streak = new Set(thread.slice(s, i + 1).map((x) => x.id));
      let setter: string | null = null;
      for (let j = i + 1; j < thread.length && thread[j]!.direction === "outbound"; j++) {
        const o = thread[j]!;
        if (o.sentBy === "setter" && o.sentByUserId) {
          setter = o.id;
          break;
        }
      }
      const ai = thread
        .slice(i + 1)
        .find(
          (o) =>
            o.direction === "outbound" &&
            o.sentBy === "ai" &&
            o.aiDraftId &&
            streak.has(draftById.get(o.aiDraftId)?.triggerMessageId ?? ""),
        );
      let job: HJob | undefined;
      if (ai)
        job = jobs.find(
          (j) => j.draftId === ai.aiDraftId && j.messageId === draftById.get(ai.aiDraftId!)!.triggerMessageId,
        );
      else {
        const candidates = jobs.filter(
          (j) => streak.has(j.messageId) && draftById.get(j.draftId)?.channel === m.channel,
        );
        candidates.sort((a, b) => b.runAt - a.runAt || (a.id < b.id ? -1 : 1));
        job = candidates[0];
      }
      out.push({
        inboundMessageId: m.id,
        streakStartMessageId: thread[s]!.id,
        streakLength: i - s + 1,
        setterResponseMessageId: setter,
        aiResponseMessageId: ai?.id ?? null,
        aiBackgroundJobId: job?.id ?? null,
      });
    }
  }
  return out.sort((a, b) => (a.inboundMessageId < b.inboundMessageId ? -1 : 1));
}
