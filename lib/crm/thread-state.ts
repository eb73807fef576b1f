// Anchors and open streaks of a lead's threads, from its messages in thread order
// (docs/definitions.md). Pure. The drawer uses it to know which inbound messages should have a
// ResponseTimingEvent ("not computed yet" when the processor has not caught up) and
// which streak is still waiting for a reply; the timing numbers themselves always come
// from the processor's rows, so there is one source of truth for them.
import type { Channel } from "@/lib/channels";

export type ThreadMessage = { id: string; channel: Channel; direction: "inbound" | "outbound"; sentAt: Date };

export type ThreadAnchor = {
  messageId: string;
  channel: Channel;
  sentAt: Date;
  streakStartAt: Date;
  streakLength: number;
};

export type OpenStreak = { channel: Channel; since: Date; lastAt: Date; length: number; messageIds: string[] };

export type ThreadState = {
  /** Newest first. */
  anchors: ThreadAnchor[];
  /** Unanswered streaks at the end of a thread, oldest `since` first. */
  openStreaks: OpenStreak[];
};

/** `messages` must be ordered by (sentAt, id), as the database returns them. */
export function deriveThreadState(messages: readonly ThreadMessage[]): ThreadState {
  const byChannel = new Map<Channel, ThreadMessage[]>();
  for (const m of messages) {
    const thread = byChannel.get(m.channel) ?? [];
    thread.push(m);
    byChannel.set(m.channel, thread);
  }
  const anchors: ThreadAnchor[] = [];
  const openStreaks: OpenStreak[] = [];
  for (const [channel, thread] of byChannel) {
    let streak: ThreadMessage[] = [];
    for (const m of thread) {
      if (m.direction === "inbound") {
        streak.push(m);
        continue;
      }
      const last = streak.at(-1);
      if (last)
        anchors.push({
          messageId: last.id,
          channel,
          sentAt: last.sentAt,
          streakStartAt: streak[0]!.sentAt,
          streakLength: streak.length,
        });
      streak = [];
    }
    if (streak.length > 0) {
      openStreaks.push({
        channel,
        since: streak[0]!.sentAt,
        lastAt: streak.at(-1)!.sentAt,
        length: streak.length,
        messageIds: streak.map((m) => m.id),
      });
    }
  }
  anchors.sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime());
  openStreaks.sort((a, b) => a.since.getTime() - b.since.getTime());
  return { anchors, openStreaks };
}
