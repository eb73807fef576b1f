// The backfill's progress file: rewritten atomically (temp file + rename) after every
// committed batch, so a crash leaves either the previous or the new version, never half
// of one, and --resume continues after the last committed batch.
import { z } from "zod";
import { readJsonStateFile, writeJsonAtomically } from "@/lib/cli/json-state-file";

export const STATE_VERSION = 1;

const totalsSchema = z.object({
  threads: z.number().int().min(0),
  anchors: z.number().int().min(0),
  written: z.number().int().min(0),
  deleted: z.number().int().min(0),
});
export type BackfillTotals = z.infer<typeof totalsSchema>;

/** (first in-window message of a thread) — threads are paged in this order. */
const cursorSchema = z.object({ sentAt: z.iso.datetime({ offset: true }), id: z.guid() });
export type BackfillCursor = z.infer<typeof cursorSchema>;

const stateSchema = z.object({
  version: z.literal(STATE_VERSION),
  mode: z.enum(["dry-run", "apply"]),
  /** Window start, frozen at the first run so a resumed run pages through the same threads. */
  from: z.iso.datetime({ offset: true }),
  lookbackDays: z.number().int().min(1),
  clientId: z.guid().nullable(),
  batchSize: z.number().int().min(1),
  /** The path of the run that wrote the file (absent in files of earlier versions: batched). */
  path: z.enum(["bulk", "batched"]).optional(),
  /** Last thread of the last committed batch; null before the first batch. */
  cursor: cursorSchema.nullable(),
  batchesDone: z.number().int().min(0),
  totals: totalsSchema,
  updatedAt: z.iso.datetime({ offset: true }),
});
export type BackfillState = z.infer<typeof stateSchema>;

export class StateFileError extends Error {
  override name = "StateFileError";
}

export async function readStateFile(file: string): Promise<BackfillState> {
  return readJsonStateFile({
    file,
    schema: stateSchema,
    kind: `a backfill state (version ${STATE_VERSION})`,
    fail: (message) => new StateFileError(message),
  });
}

export async function writeStateFile(file: string, state: BackfillState): Promise<void> {
  await writeJsonAtomically(file, state, 2);
}

/** Why `state` cannot be resumed with these flags, or null when it can. */
export function resumeMismatch(
  state: BackfillState,
  flags: { mode: string; clientId: string | null; lookbackDays?: number },
): string | null {
  if (state.mode !== flags.mode) {
    return `The state file records a ${state.mode === "apply" ? "--apply" : "--dry-run"} run; resume it with ${state.mode === "apply" ? "--apply" : "--dry-run"}, or start a new run without --resume.`;
  }
  if (state.clientId !== flags.clientId) {
    return `The state file records ${state.clientId ? `--client-id ${state.clientId}` : "all workspaces"}, not ${flags.clientId ? `--client-id ${flags.clientId}` : "all workspaces"}; resume with the same --client-id, or start a new run.`;
  }
  if (flags.lookbackDays !== undefined && flags.lookbackDays !== state.lookbackDays) {
    return `The state file records --lookback-days ${state.lookbackDays} (window from ${state.from}); drop --lookback-days or pass the same value to resume.`;
  }
  return null;
}
