// One call to an OpenAI-compatible model through the Vercel AI SDK (ai@6 generateText,
// with Output.object for structured answers), reduced to what post-processing records:
// the value or the kind of failure, the latency and the token counts. It never throws
// for a model failure (the caller falls back to the built-in logic); it only rethrows
// when the job's own signal fired, because then the whole run is over.
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError, generateText, NoObjectGeneratedError, Output } from "ai";
import type { z } from "zod";
import type { AiModelConfig } from "./model-config";

export type ModelUsage = { promptTokens: number | null; completionTokens: number | null; totalTokens: number | null };

export type ModelFailureOutcome = "error" | "timeout" | "rate_limited";

export type ModelCall<T> =
  | { ok: true; value: T; latencyMs: number; usage: ModelUsage }
  | { ok: false; outcome: ModelFailureOutcome; error: string; latencyMs: number; usage: ModelUsage };

type CallArgs = {
  config: AiModelConfig;
  system: string;
  prompt: string;
  /** The job's signal: when it fires the run is abandoned, not recorded as a model failure. */
  signal: AbortSignal;
};

/** The model answered, but not with what was asked for. */
class InvalidAnswerError extends Error {
  override name = "InvalidAnswerError";
}

const NO_USAGE: ModelUsage = { promptTokens: null, completionTokens: null, totalTokens: null };
const MAX_ERROR_LENGTH = 500;

function modelOf(config: AiModelConfig) {
  // A provider per call is cheap (no connection state) and keeps tests free to point
  // each job at another server.
  const provider = createOpenAICompatible({
    name: "leadclock-ai",
    baseURL: config.baseUrl.replace(/\/+$/, ""),
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  });
  return provider.chatModel(config.model);
}

function usageOf(usage: { inputTokens?: number; outputTokens?: number; totalTokens?: number } | undefined): ModelUsage {
  if (!usage) return NO_USAGE;
  return {
    promptTokens: usage.inputTokens ?? null,
    completionTokens: usage.outputTokens ?? null,
    totalTokens: usage.totalTokens ?? null,
  };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

async function run<T>(
  args: CallArgs,
  call: (signal: AbortSignal) => Promise<{ value: T; usage: ModelUsage }>,
): Promise<ModelCall<T>> {
  const timeout = AbortSignal.timeout(args.config.timeoutMs);
  const signal = AbortSignal.any([args.signal, timeout]);
  const started = performance.now();
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  try {
    const { value, usage } = await call(signal);
    return { ok: true, value, usage, latencyMs: elapsed() };
  } catch (error) {
    if (args.signal.aborted) throw args.signal.reason ?? error;
    const latencyMs = elapsed();
    const usage = NoObjectGeneratedError.isInstance(error) ? usageOf(error.usage) : NO_USAGE;
    if (timeout.aborted) {
      return { ok: false, outcome: "timeout", error: `no answer within ${args.config.timeoutMs} ms`, latencyMs, usage };
    }
    const outcome = APICallError.isInstance(error) && error.statusCode === 429 ? "rate_limited" : "error";
    return { ok: false, outcome, error: describe(error), latencyMs, usage };
  }
}

/** Plain text (a draft). An empty answer counts as an error. */
export function callModelForText(args: CallArgs): Promise<ModelCall<string>> {
  return run(args, async (signal) => {
    const result = await generateText({
      model: modelOf(args.config),
      system: args.system,
      prompt: args.prompt,
      abortSignal: signal,
      // One attempt: the job's own retry and the built-in fallback handle failures, and
      // the SDK's backoff would eat the job's time budget.
      maxRetries: 0,
    });
    const text = result.text.trim();
    if (!text) throw new Error("the model answered with an empty text");
    return { value: text, usage: usageOf(result.usage) };
  });
}

/**
 * A JSON object validated by `schema`. Sent as OpenAI JSON mode (response_format
 * json_object, through Output.json()), which every OpenAI-compatible server understands;
 * JSON-schema structured outputs are not, so the system prompt spells out the expected
 * JSON and the answer is validated here. A mismatch counts as an error.
 */
export function callModelForObject<T>(args: CallArgs & { schema: z.ZodType<T> }): Promise<ModelCall<T>> {
  return run(args, async (signal) => {
    const result = await generateText({
      model: modelOf(args.config),
      system: args.system,
      prompt: args.prompt,
      abortSignal: signal,
      maxRetries: 0,
      output: Output.json(),
    });
    const parsed = args.schema.safeParse(result.output);
    if (!parsed.success) {
      throw new InvalidAnswerError(`the model's JSON did not match: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    }
    return { value: parsed.data, usage: usageOf(result.usage) };
  });
}
