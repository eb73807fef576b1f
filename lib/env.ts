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

const booleanFlag = (fallback: boolean) =>
  z.preprocess(
    (value) => (value === "" || value === undefined ? undefined : String(value).trim().toLowerCase()),
    z
      .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: "must be true or false" })
      .transform((value) => ["true", "1", "yes", "on"].includes(value))
      .default(fallback),
  );

/** 32 random bytes in base64 (`openssl rand -base64 32`); base64url is accepted too. */
const encryptionKey = z
  .string()
  .trim()
  .refine(
    (value) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === 32,
    "must be 32 random bytes in base64 (generate one with `openssl rand -base64 32`)",
  );

const pem = (label: string) =>
  z
    .string()
    .transform((value) => value.replace(/\\n/g, "\n").trim())
    .refine((value) => value.includes("-----BEGIN PUBLIC KEY-----"), `must be a PEM public key (${label})`);

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: postgresUrl,
    DIRECT_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
    // Connections the server process keeps to PostgreSQL (default: 2 × cores + 1, as Prisma's
    // own pool sized itself). More than the database has cores to run them only adds contention.
    DATABASE_POOL_MAX: z.preprocess(
      emptyAsUndefined,
      z.coerce
        .number({ error: "must be a number" })
        .int("must be a whole number")
        .min(1, "must be at least 1")
        .max(200, "must be at most 200")
        .optional(),
    ),
    BETTER_AUTH_SECRET: z
      .string()
      .min(32, "must be at least 32 characters (generate one with `openssl rand -base64 32`)"),
    BETTER_AUTH_URL: z.preprocess(emptyAsUndefined, z.url("must be a URL such as https://app.example.com").optional()),
    CRON_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16, "must be at least 16 characters").optional()),
    RESPONSE_TIMING_LOOKBACK_DAYS: z.preprocess(emptyAsUndefined, positiveInt(90, 3650)),
    RESPONSE_TIMING_BATCH_SIZE: z.preprocess(emptyAsUndefined, positiveInt(200, 100_000)),
    RESPONSE_TIMING_MAX_MS: z.preprocess(emptyAsUndefined, positiveInt(15_000, 800_000)),
    // Encrypts provider secrets at rest (AES-256-GCM). Required in production; generated into
    // .data/encryption.secret on a local machine.
    LEADCLOCK_ENCRYPTION_KEY: z.preprocess(emptyAsUndefined, encryptionKey.optional()),
    // Public base URL the providers post webhooks to (defaults to BETTER_AUTH_URL).
    LEADCLOCK_PUBLIC_URL: z.preprocess(
      emptyAsUndefined,
      z.url("must be a URL such as https://app.example.com").optional(),
    ),
    // GoHighLevel's webhook signing keys; default: the keys GoHighLevel publishes.
    GHL_WEBHOOK_ED25519_PUBLIC_KEY: z.preprocess(emptyAsUndefined, pem("Ed25519").optional()),
    GHL_WEBHOOK_RSA_PUBLIC_KEY: z.preprocess(emptyAsUndefined, pem("RSA").optional()),
    // AI model (any OpenAI-compatible endpoint). Without AI_BASE_URL and AI_MODEL a built-in
    // rule-based classifier and deterministic drafter are used (offline demo and tests).
    AI_BASE_URL: z.preprocess(emptyAsUndefined, z.url("must be a URL such as https://api.openai.com/v1").optional()),
    AI_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
    AI_MODEL: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
    AI_TIMEOUT_MS: z.preprocess(emptyAsUndefined, positiveInt(20_000, 25_000)),
    // Background-job cron (/api/cron/background-jobs, every minute): time budget of one run
    // (under the route's maxDuration of 300 s) and how many jobs run at once.
    BACKGROUND_JOBS_MAX_MS: z.preprocess(emptyAsUndefined, positiveInt(240_000, 290_000)),
    BACKGROUND_JOBS_CONCURRENCY: z.preprocess(emptyAsUndefined, positiveInt(8, 64)),
    // GoHighLevel conversation-history import for short SMS replies without outbound context.
    SMS_POST_PROCESS_HISTORY_SYNC_ENABLED: booleanFlag(true),
    GHL_EXPORT_MAX_PAGES: z.preprocess(emptyAsUndefined, positiveInt(3, 5)),
    GHL_EXPORT_MAX_MESSAGES: z.preprocess(emptyAsUndefined, positiveInt(100, 2_000)),
    // Bookings reconciliation cron (/api/cron/appointment-reconcile, every minute; docs/bookings.md).
    RECONCILE_WORKSPACE_LIMIT: z.preprocess(emptyAsUndefined, positiveInt(10, 1_000)),
    RECONCILE_LEADS_PER_WORKSPACE: z.preprocess(emptyAsUndefined, positiveInt(50, 1_000)),
    RECONCILE_STALE_DAYS: z.preprocess(emptyAsUndefined, positiveInt(7, 3_650)),
    // OAuth app credentials, needed only by booking connections that hold an OAuth token pair.
    GHL_OAUTH_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().optional()),
    GHL_OAUTH_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
    CALENDLY_OAUTH_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().optional()),
    CALENDLY_OAUTH_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
    // The providers' OAuth authorize pages (the "Connect with OAuth" button; docs/bookings.md):
    // another host for staging, tests or GoHighLevel's white-label domain.
    GHL_OAUTH_AUTHORIZE_URL: z.preprocess(
      emptyAsUndefined,
      z.url({ protocol: /^https?$/, error: "must be an http(s) URL of the authorize page" }).optional(),
    ),
    // Their token endpoints (code exchange and refresh): staging and tests. Server configuration
    // only; a connection's API base URL never decides where the client secret is sent.
    GHL_OAUTH_TOKEN_URL: z.preprocess(
      emptyAsUndefined,
      z.url({ protocol: /^https?$/, error: "must be an http(s) URL of the token endpoint" }).optional(),
    ),
    CALENDLY_OAUTH_TOKEN_URL: z.preprocess(
      emptyAsUndefined,
      z.url({ protocol: /^https?$/, error: "must be an http(s) URL of the token endpoint" }).optional(),
    ),
    CALENDLY_OAUTH_AUTHORIZE_URL: z.preprocess(
      emptyAsUndefined,
      z.url({ protocol: /^https?$/, error: "must be an http(s) URL of the authorize page" }).optional(),
    ),
  })
  .superRefine((value, ctx) => {
    if (value.NODE_ENV === "production" && !value.LEADCLOCK_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["LEADCLOCK_ENCRYPTION_KEY"],
        message: "is required in production (generate one with `openssl rand -base64 32`)",
      });
    }
    for (const prefix of ["GHL_OAUTH", "CALENDLY_OAUTH"] as const) {
      const id = value[`${prefix}_CLIENT_ID`];
      const secret = value[`${prefix}_CLIENT_SECRET`];
      if (Boolean(id) !== Boolean(secret)) {
        ctx.addIssue({
          code: "custom",
          path: [id ? `${prefix}_CLIENT_SECRET` : `${prefix}_CLIENT_ID`],
          message: `must be set together with ${id ? `${prefix}_CLIENT_ID` : `${prefix}_CLIENT_SECRET`}`,
        });
      }
    }
    if (Boolean(value.AI_BASE_URL) !== Boolean(value.AI_MODEL)) {
      ctx.addIssue({
        code: "custom",
        path: [value.AI_BASE_URL ? "AI_MODEL" : "AI_BASE_URL"],
        message: "must be set together with " + (value.AI_BASE_URL ? "AI_BASE_URL" : "AI_MODEL"),
      });
    }
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
