// Flags of `npm run webhooks:replay`, validated with zod (lib/cli/flags.ts).
import { z } from "zod";
import { parseFlags } from "@/lib/cli/flags";
import { PROVIDER_SLUG } from "@/lib/connections/providers";
import type { Provider, WebhookEventStatus } from "@/lib/generated/prisma/enums";

export const REPLAY_USAGE = `Usage: npm run webhooks:replay -- --provider ghl|unipile|smartlead|instantly|calendly [--since ISO] [--status STATUS] [--dry-run]

Re-runs stored webhook events through the current parser and the same store code as live
deliveries. Idempotent: events that already produced their message are left unchanged.

  --provider P     ghl, unipile, smartlead, instantly or calendly (required)
  --since ISO      only events received at or after this time (e.g. 2026-10-14T00:00:00Z)
  --status S       only events with this status: processed, ignored or rejected
  --dry-run        parse and report what would change; write nothing
  --help           show this help

Exit codes: 0 done, 1 failed, 2 bad flags.`;

const SLUG_TO_PROVIDER = Object.fromEntries(
  Object.entries(PROVIDER_SLUG).map(([provider, slug]) => [slug, provider]),
) as Record<string, Provider>;

export type ReplayArgs = {
  help: boolean;
  provider: Provider;
  since: Date | null;
  status: WebhookEventStatus | null;
  dryRun: boolean;
};

const schema = z
  .object({
    help: z.boolean().optional(),
    provider: z
      .string({ error: "--provider is required" })
      .transform((value) => value.trim().toLowerCase())
      .refine((value) => value in SLUG_TO_PROVIDER, {
        message: `--provider must be one of ${Object.keys(SLUG_TO_PROVIDER).join(", ")}`,
      })
      .transform((value) => SLUG_TO_PROVIDER[value]!)
      .optional(),
    since: z
      .string()
      .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), {
        message: "--since must be an ISO date or timestamp, e.g. 2026-10-14T00:00:00Z",
      })
      .transform((value) => new Date(value))
      .optional(),
    status: z
      .enum(["processed", "ignored", "rejected"], { error: "--status must be processed, ignored or rejected" })
      .optional(),
    "dry-run": z.boolean().optional(),
  })
  .refine((value) => value.help || value.provider, { message: "--provider is required" });

export function parseReplayArgs(argv: string[]): { ok: true; args: ReplayArgs } | { ok: false; error: string } {
  const parsed = parseFlags(
    argv,
    {
      help: { type: "boolean" },
      provider: { type: "string" },
      since: { type: "string" },
      status: { type: "string" },
      "dry-run": { type: "boolean" },
    },
    schema,
  );
  if (typeof parsed === "string") return { ok: false, error: parsed };
  return {
    ok: true,
    args: {
      help: parsed.help ?? false,
      provider: parsed.provider ?? "GHL",
      since: parsed.since ?? null,
      status: parsed.status ?? null,
      dryRun: parsed["dry-run"] ?? false,
    },
  };
}
