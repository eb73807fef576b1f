// Simulates one thread (a lead on one channel): a campaign opener, then rounds of an
// inbound streak answered by a setter, the delayed AI auto-send, both, or nobody.
// Anything that would happen after `now` is left out, which is what makes recent
// leads end in unanswered streaks and pending jobs.
import { respondToStreak } from "./respond";
import { addMessage, DAY, HOUR, MINUTE, SECOND, type LeadContext, type SimMessage } from "./lead-context";
import { followUpBody, inboundBody, openerBody, openerSubject } from "./text";
import type { Channel } from "@/lib/channels";

function system(ctx: LeadContext, channel: Channel, sentAt: number, body: string, opener = false): void {
  addMessage(
    ctx,
    { channel, direction: "outbound", sentAt, sentBy: "system", sentByUserId: null, aiDraftId: null, body },
    opener,
  );
}

/** Leads mostly write in their daytime; push most night-time replies to the morning. */
function daytime(ctx: LeadContext, at: number): number {
  const { minute } = ctx.ws.clock.local(at);
  if (minute >= 7 * 60 || !ctx.rng.chance(0.75)) return at;
  return at + (7 * 60 - minute) * MINUTE + ctx.rng.between(0, 3 * HOUR);
}

/** Campaign tools send between 08:00 and 18:00 local time. */
function sendingHours(ctx: LeadContext, at: number): number {
  const { minute } = ctx.ws.clock.local(at);
  if (minute >= 8 * 60 && minute < 18 * 60) return at;
  const wait = minute < 8 * 60 ? 8 * 60 - minute : 32 * 60 - minute;
  return at + wait * MINUTE + ctx.rng.between(0, 2 * HOUR);
}

function writeStreak(ctx: LeadContext, channel: Channel, startAt: number, first: boolean): SimMessage[] {
  const { rng } = ctx;
  const size = rng.weighted([
    [1, 0.6],
    [2, 0.25],
    [3, 0.1],
    [4, 0.05],
  ] as const);
  const streak: SimMessage[] = [];
  let at = startAt;
  for (let k = 0; k < size; k++) {
    // Split SMS and double-sends sometimes land on the same millisecond.
    if (k > 0) at += rng.chance(0.04) ? 0 : Math.min(rng.logNormal(25 * SECOND, 1), 150 * SECOND);
    if (at > ctx.now) break;
    const body = inboundBody(rng, first && k === 0, k > 0);
    streak.push(
      addMessage(ctx, {
        channel,
        direction: "inbound",
        sentAt: Math.round(at),
        sentBy: null,
        sentByUserId: null,
        aiDraftId: null,
        body,
      }),
    );
  }
  return streak;
}

export type ThreadOptions = {
  /** The lead's first channel replies more often than a later, second channel. */
  primary: boolean;
  /** Force a streak that arrived moments before `now` (pending AI job, waiting since). */
  live: boolean;
};

export function simulateThread(ctx: LeadContext, channel: Channel, startAt: number, options: ThreadOptions): void {
  const { rng, now } = ctx;
  // A live lead must have its opener out already, whatever the hour.
  if (!options.live) startAt = sendingHours(ctx, startAt);
  if (startAt > now) return;
  if (channel === "email") ctx.subjects.email = openerSubject(rng, ctx.who);
  system(ctx, channel, Math.round(startAt), openerBody(rng, channel, ctx.who), true);

  const replies = rng.chance(options.primary ? 0.9 : 0.6);
  let replyAt = startAt + rng.logNormal(18 * HOUR, 1.3);
  let followUpAt = sendingHours(ctx, startAt + rng.between(2.5, 3.5) * DAY);
  for (let n = 0; n < 2 && followUpAt <= now && (!replies || followUpAt < replyAt); n++) {
    system(ctx, channel, Math.round(followUpAt), followUpBody(rng, ctx.who));
    followUpAt = sendingHours(ctx, followUpAt + rng.between(3, 5) * DAY);
  }

  let lastInboundAt = -Infinity;
  for (let round = 0; replies; round++) {
    replyAt = daytime(ctx, Math.max(replyAt, lastInboundAt + SECOND));
    if (replyAt > now) break;
    const streak = writeStreak(ctx, channel, replyAt, round === 0);
    const last = streak[streak.length - 1];
    if (!last) break;
    lastInboundAt = last.sentAt;
    const answeredAt = respondToStreak(ctx, channel, streak, { mayIgnore: round > 0 });
    const more = answeredAt === null ? 0.35 : round === 0 ? 0.8 : 0.66;
    if (!rng.chance(more)) break;
    replyAt = (answeredAt ?? last.sentAt) + rng.logNormal(answeredAt === null ? 20 * HOUR : 2 * HOUR, 1.4);
  }

  if (options.live) {
    // Far enough inside the AI window that the job is still PENDING at `now`.
    const at = Math.round(now - rng.between(5 * SECOND, 100 * SECOND));
    if (at > lastInboundAt) {
      const streak = writeStreak(ctx, channel, at, lastInboundAt === -Infinity);
      if (streak.length > 0) respondToStreak(ctx, channel, streak, { mayIgnore: false });
    }
  }
}
