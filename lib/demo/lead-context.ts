// Shared state while one lead is being generated. Times are epoch milliseconds.
import type { BusinessClock } from "./business-clock";
import type { Rng } from "./rng";
import type { Identity } from "./text";
import type { Channel } from "@/lib/channels";
import type { DemoPerson, DemoWorkspace } from "./workspaces";

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type Member = DemoPerson & { userId: string };

export type WorkspaceRuntime = DemoWorkspace & {
  id: string;
  clock: BusinessClock;
  members: readonly Member[];
  /** Setters weighted by how many leads they own. */
  owners: readonly (readonly [Member, number])[];
};

export type SimMessage = {
  id: string;
  channel: Channel;
  direction: "inbound" | "outbound";
  sentAt: number;
  sentBy: "setter" | "ai" | "system" | null;
  sentByUserId: string | null;
  aiDraftId: string | null;
  subject: string | null;
  body: string;
};

export type SimDraft = {
  id: string;
  triggerMessageId: string;
  channel: Channel;
  content: string;
  status: "PENDING" | "SENT" | "REJECTED";
  createdAt: number;
  updatedAt: number;
};

export type SimJob = {
  id: string;
  messageId: string;
  draftId: string;
  channel: Channel;
  status: "PENDING" | "RUNNING" | "SUCCEEDED" | "CANCELED";
  runAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  lockedBy: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
};

export type LeadContext = {
  rng: Rng;
  now: number;
  ws: WorkspaceRuntime;
  owner: Member;
  who: Identity;
  channels: readonly Channel[];
  subjects: Partial<Record<Channel, string>>;
  messages: SimMessage[];
  drafts: SimDraft[];
  jobs: SimJob[];
  /** The first answered streak of the lead: drives the booking probability. */
  firstResponse: { anchorAt: number; respondedAt: number } | null;
};

/** Email replies carry "Re: <opener subject>"; other channels have no subject. */
export function addMessage(ctx: LeadContext, message: Omit<SimMessage, "id" | "subject">, opener = false): SimMessage {
  const base = message.channel === "email" ? ctx.subjects.email : undefined;
  const subject = base === undefined ? null : opener ? base : `Re: ${base}`;
  const full: SimMessage = { ...message, id: ctx.rng.uuid(), subject };
  ctx.messages.push(full);
  return full;
}
