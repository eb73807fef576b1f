// The cron route's query overrides (issue 10 §4): workspaceLimit, leadsPerWorkspace,
// staleDays, clientId, dryRun. Validated strictly: a bad value is a 400 naming it, never a
// silently different run. Unknown parameters are refused too (a typo would otherwise run the
// defaults against every workspace).
import { z } from "zod";
import { UUID_PATTERN } from "@/lib/uuid";
import type { ReconcileRunOptions } from "./run-reconcile";

const count = (name: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(1, `${name} must be at least 1`).max(max, `${name} must be at most ${max}`));

const schema = z
  .object({
    workspaceLimit: count("workspaceLimit", 1_000).optional(),
    leadsPerWorkspace: count("leadsPerWorkspace", 1_000).optional(),
    staleDays: count("staleDays", 3_650).optional(),
    clientId: z.string().regex(UUID_PATTERN, "clientId must be a UUID").optional(),
    dryRun: z
      .enum(["true", "false", "1", "0"], { error: "dryRun must be true or false" })
      .transform((v) => v === "true" || v === "1")
      .optional(),
  })
  .strict();

export function parseReconcileQuery(
  params: URLSearchParams,
  defaults: Omit<ReconcileRunOptions, "clientId" | "dryRun">,
): { ok: true; options: ReconcileRunOptions } | { ok: false; error: string } {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in raw) return { ok: false, error: `${key} is given more than once` };
    raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const message = issue.code === "unrecognized_keys" ? `unknown parameter ${issue.keys.join(", ")}` : issue.message;
    return { ok: false, error: message };
  }
  const q = parsed.data;
  return {
    ok: true,
    options: {
      workspaceLimit: q.workspaceLimit ?? defaults.workspaceLimit,
      leadsPerWorkspace: q.leadsPerWorkspace ?? defaults.leadsPerWorkspace,
      staleDays: q.staleDays ?? defaults.staleDays,
      clientId: q.clientId?.toLowerCase() ?? null,
      dryRun: q.dryRun ?? false,
    },
  };
}
