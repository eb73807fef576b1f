// Everything post-processing needs from the environment, gathered once at the edge (the
// job registry) and passed to the handlers, so lib/ code and its tests never read
// process.env and a test can point a job at its own fake servers.
import type { AiModelConfig } from "@/lib/ai/model-config";
import { aiModelConfigFromEnv } from "@/lib/ai/model-config";
import { loadEncryptionKey } from "@/lib/crypto/secret-box";
import type { Env } from "@/lib/env";

export const GHL_DEFAULT_BASE_URL = "https://services.leadconnectorhq.com";

export type HistorySyncConfig = {
  /** SMS_POST_PROCESS_HISTORY_SYNC_ENABLED (default on). */
  enabled: boolean;
  /** GHL_EXPORT_MAX_PAGES: pages of GET /conversations/{id}/messages per job. */
  maxPages: number;
  /** GHL_EXPORT_MAX_MESSAGES: messages imported per job at most. */
  maxMessages: number;
  /** Per HTTP request to GoHighLevel. */
  requestTimeoutMs: number;
  /** Used when the connection has no apiBaseUrl of its own. */
  defaultBaseUrl: string;
};

export type PostProcessConfig = {
  /** Null: the built-in classifier, drafter and scorer only (offline demo and tests). */
  ai: AiModelConfig | null;
  historySync: HistorySyncConfig;
  /** Decrypts connection API keys; called only when a job needs one. */
  encryptionKey: () => Buffer;
};

export function postProcessConfigFromEnv(env: Env): PostProcessConfig {
  let key: Buffer | undefined;
  return {
    ai: aiModelConfigFromEnv(env),
    historySync: {
      enabled: env.SMS_POST_PROCESS_HISTORY_SYNC_ENABLED,
      maxPages: env.GHL_EXPORT_MAX_PAGES,
      maxMessages: env.GHL_EXPORT_MAX_MESSAGES,
      // 5 s × GHL_EXPORT_MAX_PAGES (3) + two model calls fit the runner's 60 s per job.
      requestTimeoutMs: 5_000,
      defaultBaseUrl: GHL_DEFAULT_BASE_URL,
    },
    encryptionKey: () =>
      (key ??= loadEncryptionKey({ LEADCLOCK_ENCRYPTION_KEY: env.LEADCLOCK_ENCRYPTION_KEY, NODE_ENV: env.NODE_ENV })),
  };
}
