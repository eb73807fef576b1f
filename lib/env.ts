// Every environment variable Leadclock reads, parsed once with zod. A bad value stops
// the server at startup with a message that names the variable.
import { z } from "zod";

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/\S+$/.test(value), "must be a postgres:// or postgresql:// connection URL");

const positiveInt = (fallback: number, max: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(max, `must be at most ${max}`)
    .default(fallback);

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl,
  DIRECT_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  BETTER_AUTH_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (generate one with `openssl rand -base64 32`)"),
  BETTER_AUTH_URL: z.preprocess(emptyAsUndefined, z.url("must be a URL such as https://app.example.com").optional()),
  CRON_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16, "must be at least 16 characters").optional()),
  RESPONSE_TIMING_LOOKBACK_DAYS: z.preprocess(emptyAsUndefined, positiveInt(90, 3650)),
  RESPONSE_TIMING_BATCH_SIZE: z.preprocess(emptyAsUndefined, positiveInt(200, 100_000)),
  RESPONSE_TIMING_MAX_MS: z.preprocess(emptyAsUndefined, positiveInt(15_000, 800_000)),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    const message =
      issue.code === "invalid_type" && source[name] === undefined ? "is required but not set" : issue.message;
    return `  - ${name} ${message}`;
  });
  throw new EnvError(`Invalid environment configuration (see .env.example):\n${lines.join("\n")}`);
}

let cached: Env | undefined;

/** The parsed environment of this process (parsed on first use, then cached). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
