// CSV files of the Response Timing tab: one per table (the same columns the tab shows)
// and the per-anchor export, streamed page by page. csv-stringify does the quoting; text
// cells that a spreadsheet would run as a formula (= + - @, tab, CR first) get a leading
// apostrophe (OWASP "CSV injection"). Numbers are never altered, so negative drift stays
// a number.
import { TZDate } from "@date-fns/tz";
import { stringify } from "csv-stringify/sync";
import type { AnchorExportRow } from "./anchor-export";
import type { AnalyticsWindow, BucketRow, ExportTable, ResponseTimingAnalytics } from "./response-timing-types";

type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet shows as text, never evaluates. */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function cell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number")
    return Number.isFinite(value) ? String(Number.isInteger(value) ? value : Number(value.toFixed(6))) : "";
  return csvText(value);
}

function toCsv(header: readonly string[], rows: Cell[][], first = true): string {
  return stringify(
    rows.map((row) => row.map(cell)),
    { header: first, columns: [...header], bom: first, record_delimiter: "windows" },
  );
}

const RATE_HEADER = [
  "leads",
  "booked",
  "notBooked",
  "pending",
  "bookedNoTimestamp",
  "eligible",
  "bookingRate",
  "ciLow",
  "ciHigh",
  "lowSample",
] as const;

const rateCells = (r: Omit<BucketRow, "key" | "label">): Cell[] => [
  r.leads,
  r.booked,
  r.notBooked,
  r.pending,
  r.bookedNoTimestamp,
  r.eligible,
  r.bookingRate,
  r.ci?.low,
  r.ci?.high,
  r.lowSample,
];

/** CSV of one of the tab's tables. */
export function tableCsv(table: Exclude<ExportTable, "anchors">, data: ResponseTimingAnalytics): string {
  switch (table) {
    case "setter-buckets":
    case "delay-buckets":
    case "drift-buckets": {
      const rows =
        table === "setter-buckets"
          ? data.setterBuckets
          : table === "delay-buckets"
            ? data.delayBuckets
            : data.driftBuckets;
      return toCsv(
        ["bucket", ...RATE_HEADER],
        rows.map((r) => [r.label, ...rateCells(r)]),
      );
    }
    case "first-responder":
      return toCsv(
        ["responder", ...RATE_HEADER, "medianMs", "p90Ms"],
        data.firstResponder.map((r) => [r.key, ...rateCells(r), r.medianMs, r.p90Ms]),
      );
    case "setters":
      return toCsv(
        ["setter", "anchorsAnswered", "medianMs", "p90Ms", "within5mShare", ...RATE_HEADER],
        data.setters.map((s) => [
          s.setterName,
          s.anchorsAnswered,
          s.medianMs,
          s.p90Ms,
          s.within5mShare,
          ...rateCells(s),
        ]),
      );
  }
}

export const ANCHOR_COLUMNS = [
  "inboundMessageId",
  "leadId",
  "leadName",
  "channel",
  "inboundSentAt",
  "inboundLocal",
  "streakLength",
  "streakStartSentAt",
  "setterResponseMs",
  "setterName",
  "aiResponseMs",
  "aiChosenDelaySeconds",
  "aiDelayMinSeconds",
  "aiDelayMaxSeconds",
  "aiScheduledRunAt",
  "aiActualDelaySeconds",
  "driftSeconds",
  "firstResponder",
  "inboundInBusinessHours",
  "setterResponseInBusinessHours",
  "aiResponseInBusinessHours",
  "bookingOutcome",
] as const;

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/**
 * ISO 8601 wall clock with offset in `timeZone` ("2026-03-08T01:59:00.000-05:00"): what
 * formatPatternInTimeZone(date, timeZone, "yyyy-MM-dd'T'HH:mm:ss.SSSxxx") gives, built from
 * TZDate's getters because date-fns `format` costs ~3× more and this runs once per row.
 */
export function localIsoString(date: Date, timeZone: string): string {
  const d = new TZDate(date.getTime(), timeZone);
  const offset = -d.getTimezoneOffset();
  const abs = Math.abs(offset);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `.${pad(d.getMilliseconds(), 3)}${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

function anchorCells(r: AnchorExportRow, timeZone: string): Cell[] {
  return [
    r.inboundMessageId,
    r.leadId,
    r.leadName,
    r.channel,
    iso(r.inboundSentAt),
    localIsoString(r.inboundSentAt, timeZone),
    r.streakLength,
    iso(r.streakStartSentAt),
    r.setterResponseMs,
    r.setterName,
    r.aiResponseMs,
    r.aiChosenDelaySeconds,
    r.aiDelayMinSeconds,
    r.aiDelayMaxSeconds,
    iso(r.aiScheduledRunAt),
    r.aiActualDelaySeconds,
    r.driftSeconds,
    r.firstResponder,
    r.inboundInBusinessHours,
    r.setterResponseInBusinessHours,
    r.aiResponseInBusinessHours,
    r.bookingOutcome,
  ];
}

/** The per-anchor CSV, one chunk per page (the header and byte-order mark in the first chunk, even with no rows). */
export async function* anchorsCsv(pages: AsyncIterable<AnchorExportRow[]>, timeZone: string): AsyncGenerator<string> {
  let first = true;
  for await (const page of pages) {
    yield toCsv(
      ANCHOR_COLUMNS,
      page.map((row) => anchorCells(row, timeZone)),
      first,
    );
    first = false;
  }
  if (first) yield toCsv(ANCHOR_COLUMNS, [], true);
}

/** `response-timing-<table>-<fromDate>_<toDate>.csv` (local days, both included). */
export function exportFilename(table: ExportTable, window: Pick<AnalyticsWindow, "fromDate" | "toDate">): string {
  return `response-timing-${table}-${window.fromDate}_${window.toDate}.csv`;
}

/** A byte stream of text chunks, pulled one at a time (backpressure: the next page is read when the client takes this one). */
export function textStream(
  chunks: AsyncIterable<string>,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
