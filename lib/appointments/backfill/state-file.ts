// The appointments backfill's progress file: a cursor per workspace (the last lead id of the
// last finished batch), the run's frozen start (so a resumed run sees the same stale cut-off)
// and the totals. Rewritten atomically after every batch (temp file, fsync, rename): a kill
// at any point leaves the previous or the new version, never half of one.
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

export const APPOINTMENTS_STATE_VERSION = 1;

const iso = z.iso.datetime({ offset: true });

/**
 * Where a workspace's GoHighLevel leads are answered from (run-backfill.ts, ghl-calendars-phase.ts):
 * "contacts" = one request per lead; "calendars" = the location's events listed calendar by
 * calendar over a frozen window, in chunks: calendarIndex/chunkIndex are the next chunk to ask.
 */
const ghlCursor = z.object({
  source: z.enum(["contacts", "calendars"]),
  windowStart: iso.nullable(),
  windowEnd: iso.nullable(),
  calendarIds: z.array(z.string().min(1)).nullable(),
  calendarIndex: z.number().int().min(0),
  chunkIndex: z.number().int().min(0),
  collected: z.boolean(),
});

export type GhlSourceCursor = z.infer<typeof ghlCursor>;

const cursor = z.object({ afterLeadId: z.guid().nullable(), done: z.boolean(), ghl: ghlCursor.optional() });

const stateSchema = z.object({
  version: z.literal(APPOINTMENTS_STATE_VERSION),
  kind: z.literal("backfill-appointments"),
  mode: z.enum(["dry-run", "apply"]),
  clientId: z.guid().nullable(),
  staleDays: z.number().int().min(0),
  /** --ghl-source of the run (files written before the flag existed: auto). */
  ghlSource: z.enum(["auto", "contacts", "calendars"]).default("auto"),
  startedAt: z.iso.datetime({ offset: true }),
  cursors: z.record(z.string(), cursor),
  leadsDone: z.number().int().min(0),
  totals: z.record(z.string(), z.unknown()),
  updatedAt: z.iso.datetime({ offset: true }),
});

export type AppointmentsBackfillState = z.output<typeof stateSchema>;

export class AppointmentsStateError extends Error {
  override name = "AppointmentsStateError";
}

export async function readAppointmentsState(file: string): Promise<AppointmentsBackfillState> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    throw new AppointmentsStateError(
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? `State file ${file} does not exist: nothing to resume. Run without --resume to start (it writes the file).`
        : `Cannot read state file ${file}: ${(error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppointmentsStateError(`State file ${file} is not valid JSON; start a fresh run without --resume.`);
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppointmentsStateError(
      `State file ${file} is not an appointments backfill state: ${issue?.path.join(".") || "file"}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

export async function writeAppointmentsState(file: string, state: AppointmentsBackfillState): Promise<void> {
  await writeJsonAtomically(file, state, 2);
}

/** Temp file, fsync, rename: a kill leaves the previous or the new version, never half of one. */
export async function writeJsonAtomically(file: string, value: unknown, indent?: number): Promise<void> {
  const target = path.resolve(file);
  const temp = `${target}.${process.pid}.tmp`;
  const handle = await fs.open(temp, "w");
  try {
    await handle.writeFile(`${JSON.stringify(value, null, indent)}\n`, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, target);
}
