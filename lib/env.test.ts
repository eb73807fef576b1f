import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const valid = {
  DATABASE_URL: "postgresql://u:p@db.example.com:6543/app?pgbouncer=true",
  BETTER_AUTH_SECRET: "x".repeat(32),
};

describe("parseEnv", () => {
  it("applies documented defaults", () => {
    const env = parseEnv(valid);
    expect(env.RESPONSE_TIMING_LOOKBACK_DAYS).toBe(90);
    expect(env.RESPONSE_TIMING_BATCH_SIZE).toBe(200);
    expect(env.RESPONSE_TIMING_MAX_MS).toBe(15_000);
    expect(env.CRON_SECRET).toBeUndefined();
    expect(env.DIRECT_URL).toBeUndefined();
    expect(env.NODE_ENV).toBe("development");
  });

  it("coerces numeric settings and treats empty strings as unset", () => {
    const env = parseEnv({ ...valid, RESPONSE_TIMING_BATCH_SIZE: "500", CRON_SECRET: "", DIRECT_URL: "" });
    expect(env.RESPONSE_TIMING_BATCH_SIZE).toBe(500);
    expect(env.CRON_SECRET).toBeUndefined();
  });

  it("names every bad variable in one message", () => {
    const attempt = () =>
      parseEnv({
        DATABASE_URL: "mysql://nope",
        BETTER_AUTH_SECRET: "short",
        RESPONSE_TIMING_MAX_MS: "fast",
        CRON_SECRET: "abc",
      });
    expect(attempt).toThrow(EnvError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("DATABASE_URL must be a postgres:// or postgresql:// connection URL");
      expect(message).toContain("BETTER_AUTH_SECRET must be at least 32 characters");
      expect(message).toContain("RESPONSE_TIMING_MAX_MS must be a number");
      expect(message).toContain("CRON_SECRET must be at least 16 characters");
    }
  });

  it("says when a required variable is missing", () => {
    expect(() => parseEnv({ BETTER_AUTH_SECRET: "x".repeat(32) })).toThrow(/DATABASE_URL is required but not set/);
  });

  it("rejects out-of-range and fractional numbers", () => {
    expect(() => parseEnv({ ...valid, RESPONSE_TIMING_LOOKBACK_DAYS: "0" })).toThrow(
      /LOOKBACK_DAYS must be at least 1/,
    );
    expect(() => parseEnv({ ...valid, RESPONSE_TIMING_BATCH_SIZE: "2.5" })).toThrow(
      /BATCH_SIZE must be a whole number/,
    );
  });
});
