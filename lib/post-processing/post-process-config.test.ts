import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { GHL_DEFAULT_BASE_URL, postProcessConfigFromEnv } from "./post-process-config";

const base = { DATABASE_URL: "postgres://u:p@localhost:5432/db", BETTER_AUTH_SECRET: "x".repeat(32), NODE_ENV: "test" };

describe("postProcessConfigFromEnv", () => {
  it("uses the built-in classifier and drafter without AI_BASE_URL / AI_MODEL, history sync on by default", () => {
    const config = postProcessConfigFromEnv(parseEnv(base));
    expect(config.ai).toBeNull();
    expect(config.historySync).toEqual({
      enabled: true,
      maxPages: 3,
      maxMessages: 100,
      requestTimeoutMs: 5_000,
      defaultBaseUrl: GHL_DEFAULT_BASE_URL,
    });
  });

  it("reads the model, key, timeout and the history-sync variables", () => {
    const config = postProcessConfigFromEnv(
      parseEnv({
        ...base,
        AI_BASE_URL: "http://127.0.0.1:11434/v1",
        AI_MODEL: "llama3.1",
        AI_API_KEY: "sk-1",
        AI_TIMEOUT_MS: "5000",
        SMS_POST_PROCESS_HISTORY_SYNC_ENABLED: "false",
        GHL_EXPORT_MAX_PAGES: "5",
        GHL_EXPORT_MAX_MESSAGES: "250",
      }),
    );
    expect(config.ai).toEqual({
      baseUrl: "http://127.0.0.1:11434/v1",
      apiKey: "sk-1",
      model: "llama3.1",
      timeoutMs: 5000,
    });
    expect(config.historySync).toMatchObject({ enabled: false, maxPages: 5, maxMessages: 250 });
  });

  it("decrypts with LEADCLOCK_ENCRYPTION_KEY, read only when asked", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const config = postProcessConfigFromEnv(parseEnv({ ...base, LEADCLOCK_ENCRYPTION_KEY: key }));
    expect(config.encryptionKey().toString("base64")).toBe(key);
  });
});
