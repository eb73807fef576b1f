import { describe, expect, it } from "vitest";
import { deriveThreadState, type ThreadMessage } from "./thread-state";

const t = (s: number) => new Date(Date.UTC(2026, 2, 2, 15, 0, s));
const m = (id: string, channel: ThreadMessage["channel"], direction: "in" | "out", s: number): ThreadMessage => ({
  id,
  channel,
  direction: direction === "in" ? "inbound" : "outbound",
  sentAt: t(s),
});

describe("deriveThreadState", () => {
  it("finds the last inbound of each answered streak, per channel, newest first", () => {
    const state = deriveThreadState([
      m("o0", "sms", "out", 0), // outbound before any inbound: no anchor
      m("a", "sms", "in", 1),
      m("b", "sms", "in", 2),
      m("e1", "email", "in", 3),
      m("o1", "sms", "out", 4),
      m("o2", "sms", "out", 5), // a second reply does not make a second anchor
      m("c", "sms", "in", 6),
      m("o3", "email", "out", 7),
      m("o4", "sms", "out", 8),
    ]);
    expect(state.anchors).toEqual([
      { messageId: "c", channel: "sms", sentAt: t(6), streakStartAt: t(6), streakLength: 1 },
      { messageId: "e1", channel: "email", sentAt: t(3), streakStartAt: t(3), streakLength: 1 },
      { messageId: "b", channel: "sms", sentAt: t(2), streakStartAt: t(1), streakLength: 2 },
    ]);
    expect(state.openStreaks).toEqual([]);
  });

  it("reports unanswered streaks at the end of threads, oldest first; a reply on another channel does not count", () => {
    const state = deriveThreadState([
      m("a", "sms", "in", 1),
      m("o", "sms", "out", 2),
      m("b", "sms", "in", 10),
      m("c", "sms", "in", 11),
      m("l", "linkedin", "in", 5),
      m("x", "email", "out", 12),
    ]);
    expect(state.openStreaks).toEqual([
      { channel: "linkedin", since: t(5), lastAt: t(5), length: 1, messageIds: ["l"] },
      { channel: "sms", since: t(10), lastAt: t(11), length: 2, messageIds: ["b", "c"] },
    ]);
    expect(state.anchors.map((a) => a.messageId)).toEqual(["a"]);
  });

  it("is empty without messages", () => {
    expect(deriveThreadState([])).toEqual({ anchors: [], openStreaks: [] });
  });
});
