// Flags of `npm run backfill:appointments` (docs/bookings.md). Bad flags are a usage error
// (exit 2) with a message naming the flag; nothing is connected or written first.
import { z } from "zod";
import { parseFlags, wholeNumberFlag } from "@/lib/cli/flags";
import { UUID_PATTERN } from "@/lib/uuid";

export const BACKFILL_APPOINTMENTS_USAGE = `Usage: npm run backfill:appointments -- [--dry-run | --apply] [--client-id UUID]
    [--state-file PATH [--resume]] [--lead-concurrency N] [--client-concurrency N] [--max-leads N] [--stale-days N]
    [--batch-size N] [--ghl-source auto|contacts|calendars]

  --dry-run              ask the providers and report what would change; write nothing (default)
  --apply                write the changes (lead appointment state, follow-up tasks, side effects)
  --client-id UUID       one workspace only (default: every workspace with a booking connection)
  --state-file PATH      write progress (a cursor per workspace) atomically after every batch
  --resume               continue the run recorded in --state-file
  --lead-concurrency N   leads asked at once per workspace (1-16, default 2)
  --client-concurrency N workspaces at once (1-8, default 1)
  --max-leads N          stop after N leads in this invocation (safety cap)
  --stale-days N         re-check leads last checked more than N days ago (0-3650, default 7)
  --batch-size N         leads per batch, the state is written after each (1-1000, default 10 x lead concurrency)
  --ghl-source SOURCE    GoHighLevel leads: contacts (one request per lead), calendars (the location's events over
                         one window, in 31-day chunks) or auto (default: calendars above 200 eligible GoHighLevel
                         leads in the workspace); --max-leads then counts the leads reconciled after the listing

Ctrl-C once: the leads in flight finish, the state is written, exit 130. Twice: exit at once.`;

export type BackfillAppointmentsArgs = {
  help: boolean;
  mode: "dry-run" | "apply";
  clientId: string | null;
  stateFile: string | null;
  resume: boolean;
  leadConcurrency: number;
  clientConcurrency: number;
  maxLeads: number | null;
  staleDays: number | null;
  batchSize: number | null;
  /** null: not given (a new run uses auto; a resumed run keeps its own). */
  ghlSource: "auto" | "contacts" | "calendars" | null;
};

const options = {
  help: { type: "boolean" },
  "dry-run": { type: "boolean" },
  apply: { type: "boolean" },
  "client-id": { type: "string" },
  "state-file": { type: "string" },
  resume: { type: "boolean" },
  "lead-concurrency": { type: "string" },
  "client-concurrency": { type: "string" },
  "max-leads": { type: "string" },
  "stale-days": { type: "string" },
  "batch-size": { type: "string" },
  "ghl-source": { type: "string" },
} as const;

const schema = z
  .object({
    help: z.boolean().optional(),
    "dry-run": z.boolean().optional(),
    apply: z.boolean().optional(),
    "client-id": z.string().regex(UUID_PATTERN, "--client-id must be a UUID").optional(),
    "state-file": z.string().min(1, "--state-file needs a PATH").optional(),
    resume: z.boolean().optional(),
    "lead-concurrency": wholeNumberFlag("--lead-concurrency", 1, 16).optional(),
    "client-concurrency": wholeNumberFlag("--client-concurrency", 1, 8).optional(),
    "max-leads": wholeNumberFlag("--max-leads", 1, 10_000_000).optional(),
    "stale-days": wholeNumberFlag("--stale-days", 0, 3650).optional(),
    "batch-size": wholeNumberFlag("--batch-size", 1, 1000).optional(),
    "ghl-source": z
      .enum(["auto", "contacts", "calendars"], { error: "--ghl-source must be auto, contacts or calendars" })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v["dry-run"] && v.apply) {
      ctx.addIssue({ code: "custom", message: "--dry-run and --apply cannot be used together; choose one" });
    }
    if (v.resume && !v["state-file"]) {
      ctx.addIssue({
        code: "custom",
        message: "--resume needs --state-file PATH (the file written by the run to resume)",
      });
    }
  });

export function parseBackfillAppointmentsArgs(
  argv: string[],
): { ok: true; args: BackfillAppointmentsArgs } | { ok: false; error: string } {
  const parsed = parseFlags(argv, options, schema);
  if (typeof parsed === "string") return { ok: false, error: parsed.split("\n")[0]! };
  return {
    ok: true,
    args: {
      help: parsed.help ?? false,
      mode: parsed.apply ? "apply" : "dry-run",
      clientId: parsed["client-id"]?.toLowerCase() ?? null,
      stateFile: parsed["state-file"] ?? null,
      resume: parsed.resume ?? false,
      leadConcurrency: parsed["lead-concurrency"] ?? 2,
      clientConcurrency: parsed["client-concurrency"] ?? 1,
      maxLeads: parsed["max-leads"] ?? null,
      staleDays: parsed["stale-days"] ?? null,
      batchSize: parsed["batch-size"] ?? null,
      ghlSource: parsed["ghl-source"] ?? null,
    },
  };
}
