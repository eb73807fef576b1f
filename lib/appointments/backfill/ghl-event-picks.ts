// What the windowed GoHighLevel backfill keeps of the events it lists, per contact of an
// eligible lead: the appointment reconcile-lead.ts would pick from the contact's full list
// (currentAppointment, reduced event by event: for GoHighLevel it is the latest provider
// update, first seen on ties, so reducing chunk by chunk picks what one list would), plus the
// latest version of the lead's stored appointment id when the window holds it (so "still
// listed" is decided as on the full list and no needless "was it deleted?" lookup is made).
// Kept in a side file next to the state file, rewritten atomically after every chunk, so a
// resumed run continues with what the killed one had collected.
import fs from "node:fs/promises";
import { z } from "zod";
import type { ProviderAppointment } from "@/lib/providers/provider-appointment";
import { providerAppointmentJson } from "../appointment-json";
import { currentAppointment } from "../reconcile-lead";
import { writeJsonAtomically } from "@/lib/cli/json-state-file";

type Kept = { best: ProviderAppointment; stored: ProviderAppointment | null };

/** contactId → what is kept; `storedIds` maps each eligible contact to its lead's stored ghlAppointmentId. */
export class GhlEventPicks {
  private kept = new Map<string, Kept>();
  constructor(private readonly storedIds: ReadonlyMap<string, string | null>) {}

  /** Adds one chunk's events; answers how many belonged to an eligible lead. */
  add(events: readonly ProviderAppointment[]): number {
    let matched = 0;
    for (const event of events) {
      const contactId = event.contactId;
      if (!contactId || !this.storedIds.has(contactId)) continue;
      matched += 1;
      const kept = this.kept.get(contactId);
      const storedId = this.storedIds.get(contactId);
      const isStored = storedId !== null && event.appointmentId === storedId;
      if (!kept) {
        this.kept.set(contactId, { best: event, stored: isStored ? event : null });
        continue;
      }
      kept.best = currentAppointment([kept.best, event])!;
      if (isStored) kept.stored = kept.stored ? currentAppointment([kept.stored, event])! : event;
    }
    return matched;
  }

  /** The contact's appointments as a list answer would give them ([] when the window had none). */
  appointmentsOf(contactId: string): ProviderAppointment[] {
    const kept = this.kept.get(contactId);
    if (!kept) return [];
    // Same id: `best` is already the latest version of the stored appointment.
    return kept.stored && kept.stored.appointmentId !== kept.best.appointmentId
      ? [kept.best, kept.stored]
      : [kept.best];
  }

  get size() {
    return this.kept.size;
  }

  toJson() {
    return Object.fromEntries(this.kept);
  }

  load(json: Record<string, { best: ProviderAppointment; stored: ProviderAppointment | null }>) {
    this.kept = new Map(Object.entries(json).filter(([contactId]) => this.storedIds.has(contactId)));
  }
}

const appointment = providerAppointmentJson.extend({ provider: z.literal("GHL") });
const picksFile = z.object({
  version: z.literal(1),
  kind: z.literal("backfill-appointments-ghl-events"),
  clientId: z.string(),
  picks: z.record(z.string(), z.object({ best: appointment, stored: appointment.nullable() })),
});

export const ghlPicksPath = (stateFile: string, clientId: string) => `${stateFile}.ghl-${clientId}.json`;

export async function writeGhlPicks(file: string, clientId: string, picks: GhlEventPicks) {
  await writeJsonAtomically(file, {
    version: 1,
    kind: "backfill-appointments-ghl-events",
    clientId,
    picks: picks.toJson(),
  });
}

/** Loads the side file into `picks`; false when it is missing or not one (the caller starts the listing over). */
export async function readGhlPicks(file: string, clientId: string, picks: GhlEventPicks): Promise<boolean> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch {
    return false;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return false;
  }
  const parsed = picksFile.safeParse(json);
  if (!parsed.success || parsed.data.clientId !== clientId) return false;
  picks.load(parsed.data.picks);
  return true;
}

export async function removeGhlPicks(file: string) {
  await fs.rm(file, { force: true });
}
