// Flags of `npm run webhooks:simulate` (scripts/webhooks-simulate.ts). A string result is
// the error message (usage, exit 2).
import { z } from "zod";
import { parseFlags } from "@/lib/cli/flags";
import { UUID_PATTERN } from "@/lib/uuid";
import { SIMULATE_PROVIDERS } from "./types";

export const DEFAULT_SIMULATE_URL = "http://localhost:3000";

export const SIMULATE_USAGE = `Usage: npm run webhooks:simulate -- --provider ghl|unipile|smartlead|instantly [options]

Posts an inbound reply, shaped and authenticated like the provider's own webhook, to the
running app (start it with npm run demo), for the demo workspace's sandbox connection.

  --provider P        ghl (SMS or email), unipile (LinkedIn), smartlead or instantly (email)
  --lead VALUE        the lead's email address or phone number; an unknown one creates a new
                      lead (default: a demo lead that has the provider's channel)
  --text "..."        the reply's text (default: a reply asking for a call)
  --channel sms|email GoHighLevel only (default: email when --lead is an email address, else sms)
  --client-id UUID    use this workspace's connection instead of the demo workspace's
  --url URL           where the app runs (default ${DEFAULT_SIMULATE_URL})
  -h, --help          show this help

Examples:
  npm run webhooks:simulate -- --provider ghl
  npm run webhooks:simulate -- --provider smartlead --lead jane.doe@example.org --text "Not interested, thanks"`;

const schema = z
  .object({
    provider: z.enum(SIMULATE_PROVIDERS, { error: "--provider must be one of ghl, unipile, smartlead, instantly" }),
    lead: z.string().trim().min(1, "--lead must not be empty").optional(),
    text: z.string().trim().min(1, "--text must not be empty").max(10_000, "--text is too long").optional(),
    channel: z.enum(["sms", "email"], { error: "--channel must be sms or email" }).optional(),
    "client-id": z.string().regex(UUID_PATTERN, "--client-id must be a UUID").optional(),
    url: z
      .url({ protocol: /^https?$/, error: "--url must be an http(s) URL such as http://localhost:3000" })
      .default(DEFAULT_SIMULATE_URL),
  })
  .refine((flags) => !flags.channel || flags.provider === "ghl", "--channel applies to --provider ghl only")
  .transform(({ "client-id": clientId, url, ...rest }) => ({
    ...rest,
    clientId: clientId ?? null,
    url: url.replace(/\/+$/, ""),
  }));

export type SimulateArgs = z.output<typeof schema>;

const options = {
  provider: { type: "string" },
  lead: { type: "string" },
  text: { type: "string" },
  channel: { type: "string" },
  "client-id": { type: "string" },
  url: { type: "string" },
} as const;

export type ParsedSimulateArgs =
  { kind: "run"; args: SimulateArgs } | { kind: "help" } | { kind: "error"; message: string };

export function parseSimulateArgs(argv: string[]): ParsedSimulateArgs {
  // --help needs no --provider.
  if (argv.includes("--help") || argv.includes("-h")) return { kind: "help" };
  const parsed = parseFlags(argv, options, schema);
  return typeof parsed === "string" ? { kind: "error", message: parsed } : { kind: "run", args: parsed };
}
