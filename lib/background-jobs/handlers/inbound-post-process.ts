// What every *_INBOUND_POST_PROCESS job does after a reply came in (docs/post-processing.md):
// load the inbound, import SMS history when it lacks context, classify the reply, draft an
// answer when auto-send is on and the reply wants one, then write everything in one
// transaction (lib/post-processing/write-post-process.ts). Model and GoHighLevel calls
// happen before it, so no transaction is held open across a slow network call.
import type { Channel } from "@/lib/channels";
import type { BackgroundJobType } from "@/lib/generated/prisma/enums";
import { classifyReply, draftReply, type InteractionRecord } from "@/lib/post-processing/ai-steps";
import { wantsAnswer } from "@/lib/post-processing/classify-reply";
import { planHistorySync, type HistorySync } from "@/lib/post-processing/history-sync";
import { newerMessageExists } from "@/lib/post-processing/newer-message";
import type { PostProcessConfig } from "@/lib/post-processing/post-process-config";
import { formatPostProcessNote } from "@/lib/post-processing/post-process-note";
import { loadThreadContext } from "@/lib/post-processing/thread-context";
import { writePostProcess } from "@/lib/post-processing/write-post-process";
import { DelayWindowError, scheduleAutoSendAt } from "../delayed-auto-send";
import { jobSource, PermanentJobError, type JobContext, type JobHandler, type JobResult } from "../job-handler";

export type InboundPostProcessSpec = {
  type: BackgroundJobType;
  /** The channel this job type's messages are on; another one is a wiring bug. */
  channel: Channel;
  /** Only SMS (GoHighLevel) imports conversation history. */
  historySync: boolean;
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function historyNote(history: HistorySync, imported: number): string | null {
  if (history.status === "not-needed") return null;
  if (history.status === "skipped") return `history sync skipped: ${history.reason}`;
  const { result } = history;
  const base = `history sync: ${imported} imported of ${result.messages.length} fetched in ${result.pages} page(s)`;
  if (result.error) return `${base}, stopped: ${result.error.message}`;
  return result.stoppedBy === "end" ? base : `${base}, stopped at ${result.stoppedBy}`;
}

async function run(spec: InboundPostProcessSpec, config: PostProcessConfig, ctx: JobContext): Promise<JobResult> {
  const { db, job, signal } = ctx;
  if (job.type !== spec.type) throw new PermanentJobError(`handler for ${spec.type} got a ${job.type} job`);
  if (!job.messageId) throw new PermanentJobError(`${job.type} job has no messageId`);
  const inbound = await db.message.findFirst({
    where: { id: job.messageId, clientId: job.clientId },
    select: {
      id: true,
      clientId: true,
      leadId: true,
      channel: true,
      direction: true,
      subject: true,
      body: true,
      sentAt: true,
      ghlMessageId: true,
      connectionId: true,
      providerContext: true,
      lead: { select: { name: true } },
      client: { select: { autoSendEnabled: true, aiDelayMinSeconds: true, aiDelayMaxSeconds: true } },
    },
  });
  if (!inbound) return { note: "skipped: the message no longer exists" };
  if (inbound.direction !== "inbound") return { note: "skipped: the message is not an inbound reply" };
  if (inbound.channel !== spec.channel) {
    throw new PermanentJobError(`${job.type} expects ${spec.channel} messages, got ${inbound.channel}`);
  }

  const payload = isObject(job.payload) ? job.payload : {};
  const history: HistorySync = spec.historySync
    ? await planHistorySync({
        db,
        config: config.historySync,
        encryptionKey: config.encryptionKey,
        inbound,
        enabledForJob: payload.historySync !== false,
        signal,
      })
    : { status: "not-needed" };
  const imports = history.status === "fetched" ? history.rows : [];
  const context = await loadThreadContext(db, inbound, imports);

  // The provider's own auto-reply flag (Instantly auto_reply_received) beats any wording:
  // the webhook pipeline puts it in the job payload and providerContext, and the raw
  // event's type says it too (a replayed or older event may only have that).
  const provider = isObject(inbound.providerContext) ? inbound.providerContext : {};
  const flagged = payload.isAutoReply === true || provider.isAutoReply === true;
  const isAutoReply =
    flagged ||
    (await db.webhookEvent.findFirst({
      where: { messageId: inbound.id, eventType: { contains: "auto_reply", mode: "insensitive" } },
      select: { id: true },
    })) !== null;

  const reply = { body: inbound.body, subject: inbound.subject, channel: inbound.channel };
  const classified = await classifyReply({ ai: config.ai, signal, reply, isAutoReply, context });
  const sentiment = classified.value;
  const interactions: InteractionRecord[] = [...classified.interactions];
  const details: string[] = [];

  // Draft only when it can still be used: auto-send on, an answer wanted and nothing newer
  // in the thread (history included; re-checked in the transaction). A draft from an
  // earlier run is reused, so a retry never asks the model twice for it.
  let draftContent: string | null = null;
  if (!inbound.client.autoSendEnabled) details.push("no draft: auto-send off");
  else if (!wantsAnswer(sentiment)) details.push("no draft: no answer wanted");
  else {
    const existing = await db.aIDraft.findUnique({
      where: { triggerMessageId_channel: { triggerMessageId: inbound.id, channel: inbound.channel } },
      select: { content: true },
    });
    const newer =
      imports.some((r) => Date.parse(r.sentAt) > inbound.sentAt.getTime()) ||
      (await newerMessageExists(db, inbound, { sameChannel: true, inboundOnly: false }));
    if (existing) draftContent = existing.content;
    else if (newer) details.push("no draft: a newer message is in the thread");
    else {
      const drafted = await draftReply({
        ai: config.ai,
        signal,
        inboundMessageId: inbound.id,
        reply,
        sentiment,
        leadName: inbound.lead.name,
        context,
      });
      draftContent = drafted.value;
      interactions.push(...drafted.interactions);
    }
  }

  const now = ctx.now();
  let autoSendAt: Date | null = null;
  if (draftContent !== null) {
    try {
      autoSendAt = scheduleAutoSendAt({
        inboundMessageId: inbound.id,
        inboundSentAt: inbound.sentAt,
        minSeconds: inbound.client.aiDelayMinSeconds,
        maxSeconds: inbound.client.aiDelayMaxSeconds,
        now,
      });
    } catch (error) {
      if (error instanceof DelayWindowError) throw new PermanentJobError(`workspace delay window: ${error.message}`);
      throw error;
    }
  }

  // A run abandoned at its timeout (the runner has already recorded it as failed and will
  // retry) writes nothing: without a model no call notices the signal, so check it here.
  signal.throwIfAborted();
  const written = await writePostProcess(db, {
    job,
    source: jobSource(job.type),
    inbound,
    sentiment,
    draftContent,
    autoSendAt,
    history: history.status === "fetched" ? history : null,
    interactions,
    now,
  });
  if (!written.leadFound) return { note: "skipped: the lead no longer exists" };
  if (!written.leadUpdated) details.unshift("lead kept (a newer reply decides)");
  if (written.draft) {
    details.push(written.draft.created ? "draft created" : "draft already there");
    if (written.autoSendEnqueued && autoSendAt) details.push(`auto-send at ${autoSendAt.toISOString()}`);
  } else if (written.draftSkipped) details.push(`no draft: ${written.draftSkipped}`);
  const historyText = historyNote(history, written.imported);
  if (historyText) details.push(historyText);
  return { note: formatPostProcessNote({ sentiment, details }) };
}

/** The handler for one *_INBOUND_POST_PROCESS type. */
export function createInboundPostProcess(spec: InboundPostProcessSpec, config: PostProcessConfig): JobHandler {
  return (ctx) => run(spec, config, ctx);
}
