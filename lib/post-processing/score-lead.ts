// The built-in lead score (0–100): how recently the lead wrote, how often, and what the
// latest reply said, plus a booking bonus. Points, not a model, so ops can explain any
// number (docs/post-processing.md has the table).
import type { LeadSentiment, LeadStatus } from "@/lib/generated/prisma/enums";

const DAY_MS = 86_400_000;

const SENTIMENT_POINTS: Record<LeadSentiment, number> = {
  MEETING_REQUESTED: 35,
  POSITIVE: 28,
  NEUTRAL: 15,
  OUT_OF_OFFICE: 8,
  NEGATIVE: 0,
};

export type ScoreInput = {
  lastInboundAt: Date | null;
  inboundCount: number;
  sentiment: LeadSentiment | null;
  status: LeadStatus;
  now: Date;
};

export type ScoreBreakdown = { score: number; recency: number; replies: number; sentiment: number; booked: number };

function recencyPoints(lastInboundAt: Date | null, now: Date): number {
  if (!lastInboundAt) return 0;
  const ageDays = Math.max(0, now.getTime() - lastInboundAt.getTime()) / DAY_MS;
  if (ageDays <= 1) return 30;
  if (ageDays <= 3) return 24;
  if (ageDays <= 7) return 18;
  if (ageDays <= 30) return 8;
  return 0;
}

export function scoreLeadByRules(input: ScoreInput): ScoreBreakdown {
  const recency = recencyPoints(input.lastInboundAt, input.now);
  const replies = Math.min(Math.max(0, input.inboundCount), 5) * 5;
  const sentiment = input.sentiment ? SENTIMENT_POINTS[input.sentiment] : 5;
  const booked = input.status === "MEETING_BOOKED" ? 10 : 0;
  let score = recency + replies + sentiment + booked;
  // A lead who said no, or whom a setter disqualified, stays low however chatty they were.
  if (input.status === "NOT_INTERESTED" || input.status === "UNQUALIFIED") score = Math.min(score, 10);
  return { score: Math.min(100, score), recency, replies, sentiment, booked };
}
