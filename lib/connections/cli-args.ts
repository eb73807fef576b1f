// Flags of `npm run connections -- <command> ...`. A string result is a usage error
// (the script prints it with the usage and exits 2).
import { z } from "zod";
import { parseFlags, wholeNumberFlag } from "@/lib/cli/flags";
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
  oauth --id UUID --access-token T --refresh-token R (--expires-in SECONDS | --expires-at ISO) [--json]
  oauth --id UUID --clear [--json]
                 store (or remove) a GoHighLevel/Calendly connection's OAuth token pair
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

/** A token flag: trimmed, non-empty, at most 4000 characters; the message never echoes the value. */
const tokenFlag = (flag: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `${flag} is empty`, abort: true })
    .max(4000, { error: `${flag} is at most 4000 characters`, abort: true });

const oauthSchema = z
  .object({
    id: uuid("--id"),
    "access-token": tokenFlag("--access-token").optional(),
    "refresh-token": tokenFlag("--refresh-token").optional(),
    "expires-in": wholeNumberFlag("--expires-in", 1, 366 * 24 * 3600).optional(),
    "expires-at": z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, {
        error: "--expires-at must be an ISO 8601 time with a zone, e.g. 2026-12-02T05:00:00Z",
      })
      .transform((value) => new Date(value))
      .refine((date) => !Number.isNaN(date.getTime()), "--expires-at is not a real time")
      .optional(),
    clear: z.boolean().default(false),
    json,
  })
  .superRefine((value, ctx) => {
    const tokenFlags = ["access-token", "refresh-token", "expires-in", "expires-at"] as const;
    if (value.clear) {
      if (tokenFlags.some((flag) => value[flag] !== undefined)) {
        ctx.addIssue({ code: "custom", message: "--clear cannot be combined with token flags" });
      }
      return;
    }
    if (!value["access-token"] || !value["refresh-token"]) {
      ctx.addIssue({ code: "custom", message: "--access-token and --refresh-token are required (or --clear)" });
    } else if ((value["expires-in"] === undefined) === (value["expires-at"] === undefined)) {
      ctx.addIssue({ code: "custom", message: "give exactly one of --expires-in SECONDS or --expires-at ISO" });
    }
  });

export type ConnectionsCommand =
  | { command: "help" }
  | ({ command: "add" } & z.output<typeof addSchema>)
  | ({ command: "list" } & z.output<typeof listSchema>)
  | ({ command: "rotate" | "disable" | "enable" } & z.output<typeof idSchema>)
  | ({ command: "mode" } & z.output<typeof modeSchema>)
  | ({ command: "oauth" } & z.output<typeof oauthSchema>);

const str = { type: "string" } as const;
const bool = { type: "boolean" } as const;

export function parseConnectionsArgs(argv: string[]): ConnectionsCommand | string {
  const [command, ...rest] = argv;
  const tag = <T extends object>(name: ConnectionsCommand["command"], parsed: T | string) =>
    typeof parsed === "string" ? parsed : ({ command: name, ...parsed } as ConnectionsCommand);
  switch (command) {
    case undefined:
      return "a command is required (add, list, rotate, mode, disable, enable or oauth)";
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
    case "oauth":
      return tag(
        "oauth",
        parseFlags(
          rest,
          {
            id: str,
            "access-token": str,
            "refresh-token": str,
            "expires-in": str,
            "expires-at": str,
            clear: bool,
            json: bool,
          },
          oauthSchema,
        ),
      );
    default:
      return `unknown command ${JSON.stringify(command)} (add, list, rotate, mode, disable, enable or oauth)`;
  }
}
