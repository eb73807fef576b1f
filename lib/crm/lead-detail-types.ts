// What the CRM drawer shows about one lead. Plain serializable data (Dates, numbers;
// no BigInt), so server components can hand it to client components unchanged.
import type { Channel } from "@/lib/channels";
import type { LeadDelivery } from "@/lib/delivery/lead-deliveries";

export type JobStatus = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELED";

export type LeadHeader = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  linkedinUrl: string | null;
  status: string;
  sentiment: string | null;
  booked: boolean;
  appointmentStatus: string | null;
  appointmentStartAt: Date | null;
  appointmentBookedAt: Date | null;
  appointmentCanceledAt: Date | null;
  appointmentProvider: string | null;
};

export type ConversationMessage = {
  id: string;
  channel: Channel;
  direction: "inbound" | "outbound";
  sentBy: "setter" | "ai" | "system" | null;
  senderName: string | null;
  /** A human sent an AI draft: still a setter reply (docs/definitions.md), worth showing. */
  usedAiDraft: boolean;
  subject: string | null;
  body: string;
  sentAt: Date;
};

export type TimingRow = {
  inboundMessageId: string;
  channel: Channel;
  inboundSentAt: Date;
  streakStartAt: Date;
  streakLength: number;
  /** False when the messages make this inbound an anchor but the processor has no row for it yet. */
  computed: boolean;
  setter: { ms: number; sentAt: Date; userName: string | null } | null;
  /** Null when no AI draft, job or reply is attached to the anchor. */
  ai: {
    responded: { ms: number; sentAt: Date } | null;
    chosenDelaySeconds: number | null;
    minSeconds: number | null;
    maxSeconds: number | null;
    scheduledRunAt: Date | null;
    actualDelaySeconds: number | null;
    jobStatus: JobStatus | null;
  } | null;
};

export type OpenStreakView = {
  channel: Channel;
  since: Date;
  lastAt: Date;
  length: number;
  /** A delayed auto-send waiting to answer the streak, if any. */
  scheduledAiRunAt: Date | null;
};

/**
 * What post-processing did with one recent reply, read from BackgroundJob and AIDraft
 * directly (timing rows only exist once an outbound answers, so they cannot say this).
 */
export type AiActivityItem = {
  inboundMessageId: string;
  channel: Channel;
  sentAt: Date;
  /** The reply, cut for the drawer. */
  excerpt: string;
  /** The reply's sentiment as post-processing classified it; null until it ran. */
  sentiment: string | null;
  postProcess: { status: JobStatus; note: string | null; finishedAt: Date | null } | null;
  draft: { content: string; status: string } | null;
  autoSend: { status: JobStatus; runAt: Date; finishedAt: Date | null; note: string | null } | null;
};

export type LeadDetail = {
  lead: LeadHeader;
  messages: ConversationMessage[];
  /** True when older messages exist than the ones listed. */
  messagesTruncated: boolean;
  timing: TimingRow[];
  openStreaks: OpenStreakView[];
  /** Channels whose timing changes are queued for the processor (rows may be stale). */
  queuedChannels: Channel[];
  channels: Channel[];
  /** The reply form's default: the channel of the latest inbound message. */
  defaultReplyChannel: Channel | null;
  /** Recent replies with their sentiment, AI draft and scheduled auto-send, newest first. */
  aiActivity: AiActivityItem[];
  /** Delivery states of the outbound sends and the pending auto-sends (docs/sending.md). */
  delivery: LeadDelivery;
};
