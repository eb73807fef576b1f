// Validation shared by the page's actions, the CLI and the seed: one set of rules and
// messages for every way a connection is written.
import { z } from "zod";
import type { Provider } from "@/lib/generated/prisma/enums";
import { CONNECTION_MODES, PROVIDERS, PROVIDER_SLUGS, providerFromSlug } from "./providers";

export const MAX_EXTERNAL_ID_LENGTH = 200;
export const MAX_API_KEY_LENGTH = 4000;
export const MAX_LABEL_LENGTH = 100;

/** GHL / UNIPILE / ... or their slugs (ghl, unipile, ...), any case. */
export const providerSchema = z.string({ error: "Choose a provider." }).transform((raw, ctx): Provider => {
  const upper = raw.trim().toUpperCase();
  const provider = (PROVIDERS as readonly string[]).includes(upper) ? (upper as Provider) : providerFromSlug(raw);
  if (provider) return provider;
  ctx.addIssue({ code: "custom", message: `Provider must be one of ${PROVIDER_SLUGS.join(", ")}.` });
  return z.NEVER;
});

export const modeSchema = z.enum(CONNECTION_MODES, { error: "Mode must be live or sandbox." });

export const externalAccountIdSchema = z
  .string({ error: "Enter the provider's account id." })
  .trim()
  .min(1, "Enter the provider's account id.")
  .max(MAX_EXTERNAL_ID_LENGTH, `Account ids are at most ${MAX_EXTERNAL_ID_LENGTH} characters.`)
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "Account ids cannot contain control characters.");

/** An http(s) URL with no credentials in it; a trailing slash is dropped. */
export const apiBaseUrlSchema = z
  .string({ error: "The API base URL must be an http or https URL." })
  .trim()
  .max(500, "The API base URL is at most 500 characters.")
  .transform((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: "custom", message: "The API base URL must be an http or https URL." });
      return z.NEVER;
    }
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) {
      ctx.addIssue({ code: "custom", message: "The API base URL must be an http or https URL." });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: "Put credentials in the API key, not in the base URL." });
      return z.NEVER;
    }
    // API paths are appended to it: a query or fragment would swallow them (and a token
    // pasted into one would be shown back on the page).
    if (url.search || url.hash || raw.includes("?") || raw.includes("#")) {
      ctx.addIssue({ code: "custom", message: "The API base URL cannot have a query string or a #fragment." });
      return z.NEVER;
    }
    return url.toString().replace(/\/+$/, "");
  });

export const apiKeySchema = z
  .string({ error: "The API key must be text." })
  .trim()
  .min(1, "The API key is empty.")
  .max(MAX_API_KEY_LENGTH, `API keys are at most ${MAX_API_KEY_LENGTH} characters.`);

export const labelSchema = z
  .string()
  .trim()
  .max(MAX_LABEL_LENGTH, `Labels are at most ${MAX_LABEL_LENGTH} characters.`)
  // PostgreSQL refuses NUL in text: say so instead of failing the insert.
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "Labels cannot contain control characters.")
  .transform((value) => (value === "" ? null : value));

/** "" and undefined mean "not given" for the optional fields of a form. */
export const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

export const newConnectionSchema = z.object({
  provider: providerSchema,
  externalAccountId: externalAccountIdSchema,
  mode: modeSchema.default("live"),
  apiKey: optional(apiKeySchema),
  apiBaseUrl: optional(apiBaseUrlSchema),
  label: optional(labelSchema),
});

export type NewConnectionInput = z.input<typeof newConnectionSchema>;
export type NewConnection = z.output<typeof newConnectionSchema>;

/** The first issue's message: forms and the CLI show one clear line. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? "Check the input.";
}
