// The windowed GoHighLevel source of the backfill (docs/bookings.md, "Windowed GoHighLevel
// backfill"). Once per workspace the source is chosen and frozen in the state (a resumed run
// keeps it). With "calendars": the location's calendars are listed, then each calendar's events
// are asked chunk by chunk over the frozen window, paced like every GoHighLevel call (the
// X-RateLimit-* headers before each request, a 429's Retry-After), and the events of eligible
// leads' contacts are kept (ghl-event-picks.ts); after every chunk the kept events and then the
// state (next calendar index + chunk) are written atomically. The leads are then reconciled by
// the ordinary batch loop with a GoHighLevel reader that answers from what was kept, so every
// lead goes through reconcileLead → applyBooking (no second write path) and a lead without
// an event in the window takes the path of an empty per-lead answer.
import { isProviderApiError } from "@/lib/providers/provider-api-error";
import { ghlWindowChunks } from "@/lib/providers/ghl/calendar-window";
import { rateLimitWaitMs } from "@/lib/providers/rate-limit";
import type { BookingReader } from "../booking-connections";
import type { WorkspaceContext } from "../reconcile-workspace";
import { GhlEventPicks, ghlPicksPath, readGhlPicks, writeGhlPicks } from "./ghl-event-picks";
import { chooseGhlSource, earliestFirstInbound, eligibleGhlLeads, ghlWindow, type GhlSourceFlag } from "./ghl-source";
import type { GhlSourceCursor } from "./state-file";

export type GhlPhaseArgs = {
  db: Parameters<typeof eligibleGhlLeads>[0]["db"];
  clientId: string;
  context: WorkspaceContext;
  cursor: { ghl?: GhlSourceCursor };
  flag: GhlSourceFlag;
  threshold: number;
  /** The run's frozen start and stale rule: the same eligible leads as the batch loop. */
  startedAt: Date;
  staleDays: number;
  now: () => Date;
  stateFile: string | null;
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  shouldStop: () => boolean;
  /** Writes the state file (the cursor is part of it). */
  save: () => Promise<void>;
  log: (line: string) => void;
  elapsed: () => string;
};

export type GhlPhaseResult =
  | { ok: true; context: WorkspaceContext; invalidRecords: number }
  | { ok: false; stopped: "interrupted" | { connectionId: string; why: string } };

class ConnectionStop extends Error {}

/** A GoHighLevel reader answering from the kept events; "was it deleted?" still asks the live API. */
function windowedReader(live: BookingReader, picks: GhlEventPicks, now: () => Date): BookingReader {
  return {
    connectionId: live.connectionId,
    provider: "GHL",
    async appointmentsOf(lead) {
      if (!lead.ghlContactId) return null;
      return { appointments: picks.appointmentsOf(lead.ghlContactId), invalid: [] };
    },
    findAppointment: live.findAppointment,
    // No request per lead here: headers older than their window no longer hold the next one back.
    lastRateLimit() {
      const info = live.lastRateLimit();
      if (!info) return null;
      return now().getTime() - info.observedAt.getTime() < (info.windowMs ?? 10_000) ? info : null;
    },
  };
}

export async function prepareGhlSource(a: GhlPhaseArgs): Promise<GhlPhaseResult> {
  const live = a.context.readers.get("GHL");
  const unchanged = { ok: true as const, context: a.context, invalidRecords: 0 };
  if (!live || a.cursor.ghl?.source === "contacts") return unchanged;
  // The eligible GoHighLevel leads are only needed to count them (auto) or to list for them.
  const needed = a.flag !== "contacts" && live.calendars;
  const eligible = needed
    ? await eligibleGhlLeads({
        db: a.db,
        clientId: a.clientId,
        now: a.startedAt,
        staleDays: a.staleDays,
        available: a.context.available,
      })
    : [];
  if (!a.cursor.ghl) {
    const choice = chooseGhlSource({ flag: a.flag, reader: live, eligible: eligible.length, threshold: a.threshold });
    const earliest =
      choice.source === "calendars"
        ? await earliestFirstInbound(
            a.db,
            eligible.map((l) => l.id),
          )
        : null;
    const window = earliest ? ghlWindow(earliest, a.now()) : null;
    a.cursor.ghl = {
      source: choice.source,
      windowStart: window?.start.toISOString() ?? null,
      windowEnd: window?.end.toISOString() ?? null,
      calendarIds: null,
      calendarIndex: 0,
      chunkIndex: 0,
      // Nothing to list when no lead needs it.
      collected: choice.source === "contacts" || !window,
    };
    const span = window ? `, window ${window.start.toISOString()} → ${window.end.toISOString()}` : "";
    a.log(`workspace ${a.clientId}: GoHighLevel source: ${choice.source} (${choice.why}${span})`);
    await a.save();
  }
  const cursor = a.cursor.ghl;
  if (cursor.source === "contacts" || !live.calendars) return unchanged;

  const picks = new GhlEventPicks(new Map(eligible.map((l) => [l.ghlContactId!, l.ghlAppointmentId])));
  const file = a.stateFile ? ghlPicksPath(a.stateFile, a.clientId) : null;
  const begun = cursor.collected || cursor.calendarIndex > 0 || cursor.chunkIndex > 0;
  if (begun && cursor.windowStart && !(file && (await readGhlPicks(file, a.clientId, picks)))) {
    // The kept events are gone (no state file, or it was removed): list the window again.
    a.log(`workspace ${a.clientId}: GoHighLevel events of the earlier run not found; listing the window again`);
    Object.assign(cursor, { calendarIds: null, calendarIndex: 0, chunkIndex: 0, collected: false });
  }
  const calendars = live.calendars;
  let invalidRecords = 0;
  try {
    if (!cursor.collected) {
      cursor.calendarIds ??= (await paced(a, live, () => calendars.list())).map((c) => c.id);
      const chunks = ghlWindowChunks({ start: new Date(cursor.windowStart!), end: new Date(cursor.windowEnd!) });
      while (cursor.calendarIndex < cursor.calendarIds.length) {
        if (a.shouldStop()) {
          await a.save();
          return { ok: false, stopped: "interrupted" };
        }
        const calendarId = cursor.calendarIds[cursor.calendarIndex]!;
        const chunk = chunks[cursor.chunkIndex];
        const listed = chunk ? await paced(a, live, () => calendars.events({ calendarId, ...chunk })) : null;
        const matched = listed ? picks.add(listed.appointments) : 0;
        invalidRecords += listed?.invalid.length ?? 0;
        a.log(
          `[ghl calendars] workspace ${a.clientId}: calendar ${cursor.calendarIndex + 1}/${cursor.calendarIds.length}, ` +
            `chunk ${Math.min(cursor.chunkIndex + 1, chunks.length)}/${chunks.length}: ${listed?.appointments.length ?? 0} events, ` +
            `${matched} of eligible leads, ${listed?.invalid.length ?? 0} unreadable; elapsed ${a.elapsed()}s`,
        );
        if (cursor.chunkIndex + 1 < chunks.length) cursor.chunkIndex += 1;
        else Object.assign(cursor, { calendarIndex: cursor.calendarIndex + 1, chunkIndex: 0 });
        cursor.collected = cursor.calendarIndex >= cursor.calendarIds.length;
        // The kept events first: the state never points past what the side file holds.
        if (file) await writeGhlPicks(file, a.clientId, picks);
        await a.save();
      }
      cursor.collected = true;
      await a.save();
    }
  } catch (error) {
    if (error instanceof ConnectionStop)
      return { ok: false, stopped: { connectionId: live.connectionId, why: error.message } };
    if (!isProviderApiError(error)) throw error;
    return { ok: false, stopped: { connectionId: live.connectionId, why: error.message } };
  }
  const readers = new Map(a.context.readers).set("GHL", windowedReader(live, picks, a.now));
  return { ok: true, context: { ...a.context, readers }, invalidRecords };
}

/** One GoHighLevel request, paced as the per-lead loop paces them (reconcile-workspace.ts). */
async function paced<T>(a: GhlPhaseArgs, reader: BookingReader, request: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const wait = rateLimitWaitMs(reader.lastRateLimit());
    if (wait > a.maxWaitMs)
      throw new ConnectionStop(`rate limit reached; waiting ${Math.ceil(wait / 1000)} s for the next run`);
    if (wait > 0) await a.sleep(wait);
    try {
      return await request();
    } catch (error) {
      const retry = isProviderApiError(error) && error.kind === "rate-limited" && attempt < 2;
      if (!retry || (error.retryAfterMs ?? Infinity) > a.maxWaitMs) throw error;
      await a.sleep(error.retryAfterMs ?? 0);
    }
  }
}
