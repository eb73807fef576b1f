// The appointments backfill's progress file: a cursor per workspace (the last lead id of the
// last finished batch), the run's frozen start (so a resumed run sees the same stale cut-off)
// and the totals. Rewritten atomically after every batch (temp file, fsync, rename): a kill
// at any point leaves the previous or the new version, never half of one.
import { z } from "zod";
import { readJsonStateFile, writeJsonAtomically } from "@/lib/cli/json-state-file";

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
  return readJsonStateFile({
    file,
    schema: stateSchema,
    kind: "an appointments backfill state",
    fail: (message) => new AppointmentsStateError(message),
  });
}

export async function writeAppointmentsState(file: string, state: AppointmentsBackfillState): Promise<void> {
  await writeJsonAtomically(file, state, 2);
}
