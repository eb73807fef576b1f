// The post-process job's result note (BackgroundJob.resultNote): one line for the ops
// page that also carries the reply's sentiment, which the schema keeps only per lead.
// The CRM drawer reads the sentiment back with parseNoteSentiment; both live here so the
// format has one owner.
import type { LeadSentiment } from "@/lib/generated/prisma/enums";
import { SENTIMENTS } from "./classify-reply";

export function formatPostProcessNote(parts: { sentiment: LeadSentiment; details: string[] }): string {
  return [`sentiment ${parts.sentiment}`, ...parts.details].join(" · ");
}

export function parseNoteSentiment(note: string | null | undefined): LeadSentiment | null {
  const match = /^sentiment ([A-Z_]+)/.exec(note ?? "");
  const value = match?.[1];
  return value && (SENTIMENTS as readonly string[]).includes(value) ? (value as LeadSentiment) : null;
}
