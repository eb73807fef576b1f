// The built-in, offline drafter: a short answer from a template chosen by the reply's
// sentiment and channel, addressed by the lead's first name. The variant is picked by a
// hash of the inbound message id, so the same inbound always gets the same draft (a
// retried job, a re-run, the demo and the tests all agree).
import { createHash } from "node:crypto";
import type { Channel } from "@/lib/channels";
import type { AnswerableSentiment } from "./classify-reply";

const LINES: Record<AnswerableSentiment, string[]> = {
  MEETING_REQUESTED: [
    "happy to set that up. Which day and time work best for you this week?",
    "great, let's find a time. Send me two or three slots that suit you and I'll lock one in.",
    "perfect, I'd be glad to walk you through it. What time works for a quick 15-minute call?",
  ],
  POSITIVE: [
    "great to hear! Would a quick 15-minute call this week work to go over the details?",
    "glad this caught your interest. When would be a good time for a short call?",
    "thanks for the quick reply! Happy to share more. Do you have 15 minutes this week?",
  ],
  NEUTRAL: [
    "thanks for getting back to me. Happy to answer any questions. Would a quick call be easier?",
    "thanks for your reply. What would be most helpful to know? I can also explain it on a short call.",
    "appreciate the response. Let me know what you'd like to learn more about and I'll follow up.",
  ],
};

/** The first name to greet, or "there" when the name is missing or is really an address or a number. */
export function firstNameOf(name: string | null | undefined): string {
  const first = (name ?? "").trim().split(/\s+/)[0] ?? "";
  if (!first || first.includes("@") || /\d/.test(first) || first.length > 30) return "there";
  return first.charAt(0).toUpperCase() + first.slice(1);
}

function variant(seed: string, count: number): number {
  return createHash("sha256").update(seed, "utf8").digest().readUInt32BE(0) % count;
}

export function draftReplyByTemplate(input: {
  inboundMessageId: string;
  sentiment: AnswerableSentiment;
  channel: Channel;
  leadName: string | null;
}): string {
  const lines = LINES[input.sentiment];
  const line = lines[variant(input.inboundMessageId, lines.length)]!;
  const name = firstNameOf(input.leadName);
  if (input.channel === "email")
    return `Hi ${name},\n\n${line.charAt(0).toUpperCase()}${line.slice(1)}\n\nBest regards`;
  return `Hi ${name}, ${line}`;
}
