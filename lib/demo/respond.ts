// Who answers an inbound streak, and when. The AI side follows the real auto-sender:
// a draft for the trigger inbound, an AI_AUTO_SEND_DELAYED job at the deterministic
// runAt, claimed by the every-minute cron, cancelled when a human answered first.
import { computeDelayedAutoSendRunAt } from "../background-jobs/delayed-auto-send";
import {
  addMessage,
  MINUTE,
  SECOND,
  type LeadContext,
  type Member,
  type SimDraft,
  type SimJob,
  type SimMessage,
} from "./lead-context";
import { aiBody, setterBody } from "./text";
import type { Channel } from "@/lib/channels";

/** Share of streaks the AI drafts for; LinkedIn tone is riskier, so less often. */
const DRAFT_RATE: Record<Channel, number> = { sms: 0.65, email: 0.6, linkedin: 0.45 };

function pickResponder(ctx: LeadContext): Member {
  const { rng, ws } = ctx;
  const roll = rng.float();
  if (roll < 0.85) return ctx.owner;
  if (roll < 0.96) return rng.weighted(ws.owners);
  const role = roll < 0.99 ? "MANAGER" : "ADMIN";
  return ws.members.find((m) => m.role === role) ?? ctx.owner;
}

/** Fast inside business hours; outside them most setters wait for the next opening. */
function setterDelayMs(ctx: LeadContext, person: Member, inboundAt: number): number {
  const { rng, ws } = ctx;
  let delay = rng.logNormal(person.medianReplySeconds * SECOND, person.sigma);
  if (!ws.clock.isOpen(inboundAt)) {
    if (rng.chance(person.afterHoursChance)) delay *= 2;
    else
      delay =
        ws.clock.nextOpen(inboundAt) -
        inboundAt +
        rng.logNormal(Math.max(300, person.medianReplySeconds * 2) * SECOND, 1);
  }
  if (rng.chance(0.04)) delay *= rng.between(5, 40); // busy days, missed notifications
  return Math.max(Math.round(delay), 3 * SECOND);
}

function cronTimes(ctx: LeadContext, runAt: number): { startedAt: number; finishedAt: number } {
  const { rng } = ctx;
  // The cron fires at the top of each minute and claims everything due.
  let startedAt = Math.ceil(runAt / MINUTE) * MINUTE + rng.between(150, 4000);
  const lag = rng.float();
  if (lag < 0.01)
    startedAt += rng.between(20, 120) * MINUTE; // an outage or a stuck queue
  else if (lag < 0.07) startedAt += rng.between(1, 12) * MINUTE; // a backlog ahead of it
  startedAt = Math.round(startedAt);
  return { startedAt, finishedAt: startedAt + Math.round(rng.between(700, 2600)) };
}

/**
 * Generates the responses to one streak; returns when the lead first saw an answer
 * (any channel), or null when nobody answered before `now`.
 */
export function respondToStreak(
  ctx: LeadContext,
  channel: Channel,
  streak: SimMessage[],
  options: { mayIgnore: boolean },
): number | null {
  const { rng, ws, now } = ctx;
  const last = streak[streak.length - 1];
  if (!last) return null;

  const drafted = ws.autoSendEnabled && rng.chance(DRAFT_RATE[channel]);
  const person = pickResponder(ctx);
  const ignored = options.mayIgnore && rng.chance(0.1);
  let setterAt: number | null =
    !ignored && rng.chance(drafted ? 0.7 : 0.88) ? last.sentAt + setterDelayMs(ctx, person, last.sentAt) : null;
  if (setterAt !== null && setterAt > now) setterAt = null;
  const others = ctx.channels.filter((c) => c !== channel);
  const setterChannel = setterAt !== null && others.length > 0 && rng.chance(0.06) ? rng.pick(others) : channel;
  let setterDraftId: string | null = null;
  let setterText: string | null = null;
  let aiAt: number | null = null;

  const trigger = streak.length > 1 && rng.chance(0.12) ? (streak[rng.int(0, streak.length - 2)] ?? last) : last;
  const draftAt = Math.round(trigger.sentAt + rng.between(4 * SECOND, 40 * SECOND));
  if (drafted && draftAt <= now) {
    const runAt = computeDelayedAutoSendRunAt({
      inboundMessageId: trigger.id,
      inboundSentAt: new Date(trigger.sentAt),
      minSeconds: ws.aiDelayMinSeconds,
      maxSeconds: ws.aiDelayMaxSeconds,
    }).getTime();
    const { startedAt, finishedAt } = cronTimes(ctx, runAt);
    const draft: SimDraft = {
      id: rng.uuid(),
      triggerMessageId: trigger.id,
      channel,
      content: aiBody(rng, ctx.who),
      status: "PENDING",
      createdAt: draftAt,
      updatedAt: draftAt,
    };
    const job: SimJob = {
      id: rng.uuid(),
      messageId: trigger.id,
      draftId: draft.id,
      channel,
      status: "PENDING",
      runAt,
      startedAt: null,
      finishedAt: null,
      lockedBy: null,
      attempts: 0,
      lastError: null,
      createdAt: Math.min(now, draftAt + Math.round(rng.between(20, 400))),
      updatedAt: draftAt,
    };
    job.updatedAt = job.createdAt;
    const humanFirst = setterAt !== null && setterChannel === channel && setterAt < startedAt;

    if (humanFirst && setterAt !== null && !rng.chance(0.05)) {
      // A human answered before the cron claimed the job: the send is cancelled.
      const canceledAt = Math.min(now, Math.max(job.createdAt, setterAt) + Math.round(rng.between(200, 1500)));
      Object.assign(job, {
        status: "CANCELED",
        finishedAt: canceledAt,
        updatedAt: canceledAt,
        lastError: "Canceled: a setter replied first",
      });
      if (setterAt > draftAt && rng.chance(0.35)) {
        setterDraftId = draft.id;
        setterText = draft.content;
        Object.assign(draft, { status: "SENT", updatedAt: setterAt });
      } else {
        Object.assign(draft, { status: "REJECTED", updatedAt: Math.max(draftAt, setterAt) });
      }
    } else if (startedAt <= now) {
      const done = finishedAt <= now;
      Object.assign(job, {
        status: done ? "SUCCEEDED" : "RUNNING",
        startedAt,
        finishedAt: done ? finishedAt : null,
        updatedAt: done ? finishedAt : startedAt,
        attempts: 1,
        lockedBy: `cron-${rng.hex(8)}`,
      });
      if (done) {
        aiAt = finishedAt - Math.round(rng.between(40, 600));
        addMessage(ctx, {
          channel,
          direction: "outbound",
          sentAt: aiAt,
          sentBy: "ai",
          sentByUserId: null,
          aiDraftId: draft.id,
          body: draft.content,
        });
        Object.assign(draft, { status: "SENT", updatedAt: aiAt });
        // Once the AI has answered, a setter often leaves it there.
        if (setterAt !== null && setterAt > aiAt && rng.chance(0.5)) setterAt = null;
        if (setterAt !== null && rng.chance(0.02)) setterAt = aiAt; // same-millisecond tie (broken by id)
      }
    }
    ctx.drafts.push(draft);
    ctx.jobs.push(job);
  }

  if (setterAt !== null) {
    const body = setterText ?? setterBody(rng, ctx.who, person.name);
    addMessage(ctx, {
      channel: setterChannel,
      direction: "outbound",
      sentAt: setterAt,
      sentBy: "setter",
      sentByUserId: person.userId,
      aiDraftId: setterDraftId,
      body,
    });
  }

  const sameChannel = [aiAt, setterChannel === channel ? setterAt : null].filter((t): t is number => t !== null);
  if (ctx.firstResponse === null && sameChannel.length > 0) {
    ctx.firstResponse = { anchorAt: last.sentAt, respondedAt: Math.min(...sameChannel) };
  }
  const any = [aiAt, setterAt].filter((t): t is number => t !== null);
  return any.length > 0 ? Math.min(...any) : null;
}
