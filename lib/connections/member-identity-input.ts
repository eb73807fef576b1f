// A member's id at a provider, normalized the way the webhook path looks it up:
// mailboxes and emails (SmartLead, Instantly, Calendly) lower-cased, provider user ids
// (GoHighLevel, Unipile) kept exactly, both trimmed.
import { z } from "zod";
import type { Provider } from "@/lib/generated/prisma/enums";
import { MAX_EXTERNAL_ID_LENGTH, providerSchema } from "./connection-input";
import { MEMBER_NOT_FOUND } from "./connection-errors";

const CASE_INSENSITIVE: readonly Provider[] = ["SMARTLEAD", "INSTANTLY", "CALENDLY"];

export function normalizeExternalUserId(provider: Provider, raw: string): string {
  const trimmed = raw.trim();
  return CASE_INSENSITIVE.includes(provider) ? trimmed.toLowerCase() : trimmed;
}

export const memberIdentitySchema = z
  .object({
    userId: z
      .string({ error: "Choose a member." })
      .trim()
      .min(1, "Choose a member.")
      .max(200, "Choose a member.")
      // Control characters name no member (and PostgreSQL refuses NUL in a query).
      .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), MEMBER_NOT_FOUND),
    provider: providerSchema,
    externalUserId: z
      .string({ error: "Enter the member's id at the provider." })
      .trim()
      .min(1, "Enter the member's id at the provider.")
      .max(MAX_EXTERNAL_ID_LENGTH, `Provider user ids are at most ${MAX_EXTERNAL_ID_LENGTH} characters.`)
      .refine((value) => !/[\s\u0000-\u001f\u007f]/.test(value), "Provider user ids cannot contain spaces."),
  })
  .transform((value) => ({ ...value, externalUserId: normalizeExternalUserId(value.provider, value.externalUserId) }));

export type MemberIdentityInput = z.input<typeof memberIdentitySchema>;
