// Which AI model post-processing talks to, if any. Built from the parsed environment at
// the edge (the job registry) and passed down: nothing under lib/ reads process.env.
import type { Env } from "@/lib/env";

/** An OpenAI-compatible chat-completions endpoint (OpenAI, a gateway, vLLM, Ollama, ...). */
export type AiModelConfig = {
  /** Base URL up to and including the version, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /** Per call; a slower answer is abandoned and the built-in fallback is used. */
  timeoutMs: number;
};

/** The model from AI_BASE_URL / AI_MODEL / AI_API_KEY / AI_TIMEOUT_MS, or null (built-in only). */
export function aiModelConfigFromEnv(
  env: Pick<Env, "AI_BASE_URL" | "AI_API_KEY" | "AI_MODEL" | "AI_TIMEOUT_MS">,
): AiModelConfig | null {
  if (!env.AI_BASE_URL || !env.AI_MODEL) return null;
  return {
    baseUrl: env.AI_BASE_URL,
    apiKey: env.AI_API_KEY ?? null,
    model: env.AI_MODEL,
    timeoutMs: env.AI_TIMEOUT_MS,
  };
}
