// The chunks a long GoHighLevel `GET /calendars/events` window is asked in. The API documents
// no maximum range and no paging (apps/calendars.json: locationId, an owner, startTime/endTime
// in epoch millis, one `events` array), so one answer holds every event of the range: chunks of
// at most 31 days keep each answer bounded. Chunks are half-open [start, end) and adjacent, so
// an event starting exactly on a boundary is asked once (an event GoHighLevel returns in two
// chunks anyway is harmless: readers reduce by id and update time).
export const GHL_EVENTS_CHUNK_MS = 31 * 86_400_000;

export type GhlWindowChunk = { startTime: Date; endTime: Date };

export function ghlWindowChunks(args: { start: Date; end: Date; chunkMs?: number }): GhlWindowChunk[] {
  const start = args.start.getTime();
  const end = args.end.getTime();
  const size = args.chunkMs ?? GHL_EVENTS_CHUNK_MS;
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new Error("window bounds must be dates");
  if (!Number.isInteger(size) || size <= 0) throw new Error("chunk size must be a positive whole number of ms");
  const chunks: GhlWindowChunk[] = [];
  for (let at = start; at < end; at += size) {
    chunks.push({ startTime: new Date(at), endTime: new Date(Math.min(at + size, end)) });
  }
  return chunks;
}
