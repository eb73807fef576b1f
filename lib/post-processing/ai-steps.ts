// The three AI steps of post-processing (classify, draft, score), each "model if
// configured, else built-in", and "built-in if the model fails". Every step returns the
// AIInteraction rows it produced, for the job to write in its transaction:
//   - no model configured: one row, model "builtin-rules"/"builtin-drafter", outcome success;
//   - model answered: one row with the model, tokens and outcome success;
//   - model failed: the model's row (outcome error | timeout | rate_limited, the error,
//     tokens when known) and a second row for the built-in answer with outcome fallback.
import { z } from "zod";
import { callModelForObject, callModelForText, type ModelCall } from "@/lib/ai/call-model";
import type { AiModelConfig } from "@/lib/ai/model-config";
import type { Channel } from "@/lib/channels";
import type { AIInteractionOutcome, LeadSentiment } from "@/lib/generated/prisma/enums";
import { classifyReplyByRules, SENTIMENTS, type AnswerableSentiment } from "./classify-reply";
import { draftReplyByTemplate, firstNameOf } from "./draft-reply";
import { scoreLeadByRules, type ScoreInput } from "./score-lead";

export const BUILTIN_CLASSIFIER = "builtin-rules";
export const BUILTIN_DRAFTER = "builtin-drafter";
export const BUILTIN_SCORER = "builtin-rules";

export type Purpose = "classify" | "draft" | "score";

export type InteractionRecord = {
  purpose: Purpose;
  model: string;
  latencyMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  outcome: AIInteractionOutcome;
  error: string | null;
};

export type StepResult<T> = { value: T; interactions: InteractionRecord[] };

/** One line of the conversation shown to the model. */
export type ThreadLine = { direction: "inbound" | "outbound"; body: string };

const MAX_DRAFT_CHARS: Record<Channel, number> = { sms: 480, linkedin: 1000, email: 4000 };
const MAX_LINE_CHARS = 500;

function timed<T>(fn: () => T): { value: T; latencyMs: number } {
  const started = performance.now();
  const value = fn();
  return { value, latencyMs: Math.max(0, Math.round(performance.now() - started)) };
}

function builtinRecord(purpose: Purpose, model: string, latencyMs: number, outcome: AIInteractionOutcome) {
  return {
    purpose,
    model,
    latencyMs,
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    outcome,
    error: null,
  };
}

async function withFallback<T>(args: {
  ai: AiModelConfig | null;
  purpose: Purpose;
  builtinModel: string;
  builtin: () => T;
  callAi: (ai: AiModelConfig) => Promise<ModelCall<T>>;
}): Promise<StepResult<T>> {
  if (!args.ai) {
    const { value, latencyMs } = timed(args.builtin);
    return { value, interactions: [builtinRecord(args.purpose, args.builtinModel, latencyMs, "success")] };
  }
  const call = await args.callAi(args.ai);
  const modelRecord: InteractionRecord = {
    purpose: args.purpose,
    model: args.ai.model,
    latencyMs: call.latencyMs,
    ...call.usage,
    outcome: call.ok ? "success" : call.outcome,
    error: call.ok ? null : call.error,
  };
  if (call.ok) return { value: call.value, interactions: [modelRecord] };
  const { value, latencyMs } = timed(args.builtin);
  return { value, interactions: [modelRecord, builtinRecord(args.purpose, args.builtinModel, latencyMs, "fallback")] };
}

function transcript(lines: ThreadLine[]): string {
  if (lines.length === 0) return "(no earlier messages)";
  return lines
    .map((l) => `${l.direction === "inbound" ? "Lead" : "Us"}: ${l.body.slice(0, MAX_LINE_CHARS).replace(/\s+/g, " ")}`)
    .join("\n");
}

const sentimentSchema = z.object({
  sentiment: z
    .string()
    .transform((value) =>
      value
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, "_"),
    )
    .pipe(z.enum(SENTIMENTS)),
});

const CLASSIFY_SYSTEM = `You classify a lead's reply in a sales conversation of an appointment-setting team.
Answer with a JSON object and nothing else: {"sentiment": "<label>"} where <label> is one of:
POSITIVE (interested, agreeing), MEETING_REQUESTED (asks for or proposes a call, a meeting or a time),
NEGATIVE (not interested, asks to stop, wrong person), OUT_OF_OFFICE (an automatic reply or out-of-office notice),
NEUTRAL (anything else: questions, unclear answers).`;

export function classifyReply(args: {
  ai: AiModelConfig | null;
  signal: AbortSignal;
  reply: { body: string; subject: string | null; channel: Channel };
  isAutoReply: boolean;
  context: ThreadLine[];
}): Promise<StepResult<LeadSentiment>> {
  const builtin = () => classifyReplyByRules({ ...args.reply, isAutoReply: args.isAutoReply }).sentiment;
  // The provider already said it is an auto-reply: no model can know better.
  const ai = args.isAutoReply ? null : args.ai;
  return withFallback({
    ai,
    purpose: "classify",
    builtinModel: BUILTIN_CLASSIFIER,
    builtin,
    callAi: async (config) => {
      const call = await callModelForObject({
        config,
        signal: args.signal,
        schema: sentimentSchema,
        system: CLASSIFY_SYSTEM,
        prompt: [
          `Conversation so far, oldest first:\n${transcript(args.context)}`,
          "",
          `The reply to classify (${args.reply.channel}):`,
          ...(args.reply.subject ? [`Subject: ${args.reply.subject}`] : []),
          args.reply.body,
        ].join("\n"),
      });
      return call.ok ? { ...call, value: call.value.sentiment } : call;
    },
  });
}

export function draftReply(args: {
  ai: AiModelConfig | null;
  signal: AbortSignal;
  inboundMessageId: string;
  reply: { body: string; subject: string | null; channel: Channel };
  sentiment: AnswerableSentiment;
  leadName: string | null;
  context: ThreadLine[];
}): Promise<StepResult<string>> {
  const channel = args.reply.channel;
  const builtin = () =>
    draftReplyByTemplate({
      inboundMessageId: args.inboundMessageId,
      sentiment: args.sentiment,
      channel,
      leadName: args.leadName,
    });
  const length =
    channel === "sms"
      ? "under 300 characters"
      : channel === "linkedin"
        ? "under 600 characters"
        : "a few short paragraphs, with a greeting and a sign-off";
  return withFallback({
    ai: args.ai,
    purpose: "draft",
    builtinModel: BUILTIN_DRAFTER,
    builtin,
    callAi: async (config) => {
      const call = await callModelForText({
        config,
        signal: args.signal,
        system: [
          `You write the next message from an appointment setter to a lead, sent on ${channel}.`,
          "The goal is a short booked call.",
          `Write ${length}, in plain text, ready to send: no placeholders, no subject line, no quotes around it.`,
          "Never invent prices, dates, links or facts that are not in the conversation.",
          `The lead's first name is ${firstNameOf(args.leadName)}. Their reply was classified as ${args.sentiment}.`,
        ].join("\n"),
        prompt: [
          `Conversation so far, oldest first:\n${transcript(args.context)}`,
          "",
          `The lead's reply to answer:\n${args.reply.body}`,
        ].join("\n"),
      });
      return call.ok ? { ...call, value: call.value.slice(0, MAX_DRAFT_CHARS[channel]) } : call;
    },
  });
}

const scoreSchema = z.object({
  score: z.coerce
    .number()
    .transform((value) => Math.round(value))
    .pipe(z.number().int().min(0).max(100)),
});

export function scoreLead(args: {
  ai: AiModelConfig | null;
  signal: AbortSignal;
  facts: ScoreInput;
  context: ThreadLine[];
}): Promise<StepResult<number>> {
  const builtin = () => scoreLeadByRules(args.facts).score;
  const { facts } = args;
  const ageHours = facts.lastInboundAt
    ? Math.round((facts.now.getTime() - facts.lastInboundAt.getTime()) / 3_600_000)
    : null;
  return withFallback({
    ai: args.ai,
    purpose: "score",
    builtinModel: BUILTIN_SCORER,
    builtin,
    callAi: async (config) => {
      const call = await callModelForObject({
        config,
        signal: args.signal,
        schema: scoreSchema,
        system: [
          "You score how likely a lead is to book a meeting with an appointment-setting team,",
          "from 0 (never) to 100 (certain).",
          'Answer with a JSON object and nothing else: {"score": <integer 0-100>}.',
        ].join("\n"),
        prompt: [
          `Lead status: ${facts.status}. Latest sentiment: ${facts.sentiment ?? "unknown"}.`,
          `Replies from the lead: ${facts.inboundCount}.`,
          `Last reply: ${ageHours === null ? "never" : `${ageHours} hours ago`}.`,
          `Recent messages, oldest first:\n${transcript(args.context)}`,
        ].join("\n"),
      });
      return call.ok ? { ...call, value: call.value.score } : call;
    },
  });
}
