import { describe, expect, it } from "vitest";
import type { AnchorExportRow } from "./anchor-export";
import { formatPatternInTimeZone } from "@/lib/format";
import {
  ANCHOR_COLUMNS,
  anchorsCsv,
  csvText,
  exportFilename,
  localIsoString,
  tableCsv,
  textStream,
} from "./analytics-csv";
import { DEFAULT_ANALYTICS_QUERY } from "./analytics-window";
import { rateColumns } from "./response-timing-analytics";
import type { ResponseTimingAnalytics } from "./response-timing-types";

const BOM = "\uFEFF";

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

async function* pagesOf(...pages: AnchorExportRow[][]): AsyncGenerator<AnchorExportRow[]> {
  for (const page of pages) yield page;
}

const anchor = (over: Partial<AnchorExportRow>): AnchorExportRow => ({
  inboundMessageId: "m1",
  leadId: "l1",
  leadName: "Ann",
  channel: "sms",
  inboundSentAt: new Date("2026-03-08T06:59:00.000Z"),
  streakLength: 2,
  streakStartSentAt: new Date("2026-03-08T06:50:00.000Z"),
  setterResponseMs: 90_000,
  setterName: "Dana",
  aiResponseMs: null,
  aiChosenDelaySeconds: 200,
  aiDelayMinSeconds: 180,
  aiDelayMaxSeconds: 420,
  aiScheduledRunAt: null,
  aiActualDelaySeconds: 190,
  driftSeconds: -10,
  firstResponder: "setter",
  inboundInBusinessHours: true,
  setterResponseInBusinessHours: false,
  aiResponseInBusinessHours: null,
  bookingOutcome: "booked",
  ...over,
});

describe("csvText", () => {
  it.each([
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ["+1 555", "'+1 555"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tTab", "'\tTab"],
    ["Ann = fine", "Ann = fine"],
    ["", ""],
  ])("%j → %j", (input, output) => {
    expect(csvText(input)).toBe(output);
  });
});

describe("localIsoString", () => {
  it("matches date-fns format with TZDate around DST changes and at odd offsets", () => {
    const instants = [
      "2026-03-08T06:59:59.999Z",
      "2026-03-08T07:00:00.000Z",
      "2026-11-01T05:30:00.000Z",
      "2026-11-01T06:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
    ];
    for (const timeZone of ["America/New_York", "Europe/London", "Asia/Kolkata", "America/St_Johns", "UTC"]) {
      for (const at of instants) {
        expect(localIsoString(new Date(at), timeZone)).toBe(
          formatPatternInTimeZone(at, timeZone, "yyyy-MM-dd'T'HH:mm:ss.SSSxxx"),
        );
      }
    }
    expect(localIsoString(new Date("2026-11-01T06:30:00.000Z"), "America/New_York")).toBe(
      "2026-11-01T01:30:00.000-05:00",
    );
  });
});

describe("anchorsCsv", () => {
  it("writes the header and byte-order mark once, one row per anchor, guarded names, numbers as numbers", async () => {
    const chunks = await collect(
      anchorsCsv(
        pagesOf(
          [
            anchor({}),
            anchor({ inboundMessageId: "m2", leadName: "=cmd|' /C calc'!A0", setterName: null, driftSeconds: null }),
          ],
          [anchor({ inboundMessageId: "m3", leadName: "Bo, Jr." })],
        ),
        "America/New_York",
      ),
    );
    expect(chunks).toHaveLength(2);
    const text = chunks.join("");
    expect(text.startsWith(`${BOM}${ANCHOR_COLUMNS.join(",")}\r\n`)).toBe(true);
    expect(text.split(BOM)).toHaveLength(2);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      "m1,l1,Ann,sms,2026-03-08T06:59:00.000Z,2026-03-08T01:59:00.000-05:00,2,2026-03-08T06:50:00.000Z,90000,Dana,,200,180,420,,190,-10,setter,true,false,,booked",
    );
    expect(lines[2]).toContain(",'=cmd|' /C calc'!A0,");
    expect(lines[2]).toContain(",90000,,,200,");
    expect(lines[3]).toContain(',"Bo, Jr.",');
  });

  it("writes the header alone when there are no anchors", async () => {
    expect(await collect(anchorsCsv(pagesOf(), "Europe/London"))).toEqual([`${BOM}${ANCHOR_COLUMNS.join(",")}\r\n`]);
  });
});

describe("tableCsv", () => {
  const tally = { booked: 1, notBooked: 2, pending: 3, bookedNoTimestamp: 0 };
  const data = {
    window: { from: "", to: "", timezone: "UTC", fromDate: "2026-03-01", toDate: "2026-03-30" },
    query: DEFAULT_ANALYTICS_QUERY,
    minEligible: 20,
    delayWindow: { minSeconds: 180, maxSeconds: 420 },
    setterBuckets: [{ key: "under-1m", label: "< 1m", ...rateColumns(tally) }],
    delayBuckets: [],
    driftBuckets: [
      {
        key: "under-30s",
        label: "< 30s",
        ...rateColumns({ booked: 0, notBooked: 0, pending: 0, bookedNoTimestamp: 1 }),
      },
    ],
    firstResponder: [{ key: "setter", label: "Setter first", ...rateColumns(tally), medianMs: 61_000.5, p90Ms: 1e6 }],
    setters: [
      {
        setterId: "u1",
        setterName: "@Dana",
        anchorsAnswered: 4,
        medianMs: 1000,
        p90Ms: 2000,
        within5mShare: 0.75,
        ...rateColumns(tally),
      },
    ],
  } as unknown as ResponseTimingAnalytics;

  it("has the columns of each table", () => {
    expect(tableCsv("setter-buckets", data)).toBe(
      `${BOM}bucket,leads,booked,notBooked,pending,bookedNoTimestamp,eligible,bookingRate,ciLow,ciHigh,lowSample\r\n` +
        "< 1m,6,1,2,3,0,3,0.333333,0.061492,0.79234,true\r\n",
    );
    expect(tableCsv("drift-buckets", data)).toContain("< 30s,1,0,0,0,1,0,,,,true\r\n");
    expect(tableCsv("delay-buckets", data)).toBe(
      `${BOM}bucket,leads,booked,notBooked,pending,bookedNoTimestamp,eligible,bookingRate,ciLow,ciHigh,lowSample\r\n`,
    );
    expect(tableCsv("first-responder", data)).toMatch(
      /^\uFEFFresponder,leads,.*,lowSample,medianMs,p90Ms\r\nsetter,6,1,2,3,0,3,.*,true,61000.5,1000000\r\n$/,
    );
    expect(tableCsv("setters", data)).toMatch(
      /^\uFEFFsetter,anchorsAnswered,medianMs,p90Ms,within5mShare,leads,.*\r\n'@Dana,4,1000,2000,0.75,6,1,2,3,0,3,/,
    );
  });

  it("names files after the table and the local days", () => {
    expect(exportFilename("anchors", { fromDate: "2026-03-01", toDate: "2026-03-30" })).toBe(
      "response-timing-anchors-2026-03-01_2026-03-30.csv",
    );
  });
});

describe("textStream", () => {
  it("encodes chunks on demand and reports a failing source", async () => {
    expect(await new Response(textStream(pagesText(["a,", "b\r\n"]), () => undefined)).text()).toBe("a,b\r\n");
    const errors: unknown[] = [];
    async function* broken() {
      yield "x";
      throw new Error("boom");
    }
    await expect(new Response(textStream(broken(), (e) => errors.push(e))).text()).rejects.toThrow();
    expect(errors).toHaveLength(1);
  });
});

async function* pagesText(chunks: string[]) {
  for (const chunk of chunks) yield chunk;
}
