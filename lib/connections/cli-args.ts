// Flags of `npm run connections -- <command> ...`. A string result is a usage error
// (the script prints it with the usage and exits 2).
import { z } from "zod";
import { parseFlags } from "@/lib/cli/flags";
import { UUID_PATTERN } from "@/lib/uuid";
import { apiBaseUrlSchema, apiKeySchema, externalAccountIdSchema, labelSchema } from "./connection-input";
import { PROVIDER_SLUGS } from "./providers";

export const CONNECTIONS_USAGE = `Usage: npm run connections -- <command> [options]

Commands:
  add --client-id UUID --provider ${PROVIDER_SLUGS.join("|")} --account EXTERNAL_ID
      [--mode live|sandbox] [--api-key KEY] [--base-url URL] [--label TEXT] [--json]
                 add a connection; prints its id, webhook URL and webhook secret
  list [--client-id UUID] [--json]
                 every connection (of one workspace) with its health; never prints secrets
  rotate --id UUID [--json]
                 new webhook secret (printed once); the old one stays valid for 24 hours
  mode --id UUID --mode live|sandbox [--json]
                 switch a connection between live and sandbox
  disable --id UUID [--json]
                 refuse the connection's webhooks and stop its sends (it stays listed)
  enable --id UUID [--json]
                 undo disable
  help           show this help

Exit codes: 0 done, 1 refused or failed (nothing written), 2 bad flags.`;

const uuid = (flag: string) =>
  z
    .string({ error: `${flag} UUID is required` })
    .regex(UUID_PATTERN, `${flag} must be a UUID, e.g. 0b9f3c1e-5d2a-4c1b-9e8f-2a7d6c5b4a39`)
    .transform((value) => value.toLowerCase());

const json = z.boolean().default(false);

/** A flag checked by the same rule the page uses, its message prefixed with the flag. */
const checkedBy = (flag: string, schema: z.ZodType<unknown, string>) =>
  z.string({ error: `${flag} needs a value` }).superRefine((value, ctx) => {
    const result = schema.safeParse(value);
    if (!result.success) ctx.addIssue({ code: "custom", message: `${flag}: ${result.error.issues[0]?.message}` });
  });

const addSchema = z.object({
  "client-id": uuid("--client-id"),
  provider: z
    .string({ error: `--provider is required (${PROVIDER_SLUGS.join(", ")})` })
    .refine((v) => (PROVIDER_SLUGS as readonly string[]).includes(v.toLowerCase()), {
      message: `--provider must be one of ${PROVIDER_SLUGS.join(", ")}`,
    }),
  account: z
    .string({ error: "--account EXTERNAL_ID is required" })
    .pipe(checkedBy("--account", externalAccountIdSchema)),
  mode: z.enum(["live", "sandbox"], { error: "--mode must be live or sandbox" }).default("live"),
  "api-key": checkedBy("--api-key", apiKeySchema).optional(),
  "base-url": checkedBy("--base-url", apiBaseUrlSchema).optional(),
  label: checkedBy("--label", labelSchema).optional(),
  json,
});

const listSchema = z.object({ "client-id": uuid("--client-id").optional(), json });
const idSchema = z.object({ id: uuid("--id"), json });
const modeSchema = idSchema.extend({
  mode: z.enum(["live", "sandbox"], { error: "--mode live|sandbox is required" }),
});

export type ConnectionsCommand =
  | { command: "help" }
  | ({ command: "add" } & z.output<typeof addSchema>)
  | ({ command: "list" } & z.output<typeof listSchema>)
  | ({ command: "rotate" | "disable" | "enable" } & z.output<typeof idSchema>)
  | ({ command: "mode" } & z.output<typeof modeSchema>);

const str = { type: "string" } as const;
const bool = { type: "boolean" } as const;

export function parseConnectionsArgs(argv: string[]): ConnectionsCommand | string {
  const [command, ...rest] = argv;
  const tag = <T extends object>(name: ConnectionsCommand["command"], parsed: T | string) =>
    typeof parsed === "string" ? parsed : ({ command: name, ...parsed } as ConnectionsCommand);
  switch (command) {
    case undefined:
      return "a command is required (add, list, rotate, mode, disable or enable)";
    case "help":
    case "--help":
    case "-h":
      return { command: "help" };
    case "add":
      return tag(
        "add",
        parseFlags(
          rest,
          {
            "client-id": str,
            provider: str,
            account: str,
            mode: str,
            "api-key": str,
            "base-url": str,
            label: str,
            json: bool,
          },
          addSchema,
        ),
      );
    case "list":
      return tag("list", parseFlags(rest, { "client-id": str, json: bool }, listSchema));
    case "rotate":
    case "disable":
    case "enable":
      return tag(command, parseFlags(rest, { id: str, json: bool }, idSchema));
    case "mode":
      return tag("mode", parseFlags(rest, { id: str, mode: str, json: bool }, modeSchema));
    default:
      return `unknown command ${JSON.stringify(command)} (add, list, rotate, mode, disable or enable)`;
  }
}
