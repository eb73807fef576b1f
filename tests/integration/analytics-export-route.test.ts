// The CSV export route over real better-auth sessions on a real database: the same
// numbers as the tab, one anchors row per anchor, and the same 404 for every workspace
// the caller may not read. (Fixture: tests/helpers/analytics-fixtures.ts.)
import { hashPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAnalyticsQuery } from "@/lib/analytics/analytics-window";
import { getResponseTimingAnalytics } from "@/lib/analytics/response-timing-analytics";
import { ANCHOR_COLUMNS } from "@/lib/analytics/analytics-csv";
import type { BucketRow } from "@/lib/analytics/response-timing-types";
import { buildAnalyticsFixture, type AnalyticsFixture } from "../helpers/analytics-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const PASSWORD = "correct horse battery";
// The fixture's 30-day window, as a custom range (the route runs on the real clock).
const RANGE = "range=custom&from=2026-04-02&to=2026-05-01";

let db: TestDatabase;
let fx: AnalyticsFixture;
let route: typeof import("@/app/w/[clientId]/analytics/export/route");
const cookies: Partial<Record<keyof AnalyticsFixture["users"], string>> = {};

async function signIn(key: keyof AnalyticsFixture["users"]): Promise<string> {
  const { getAuth } = await import("@/lib/auth/auth");
  const { headers } = await getAuth().api.signInEmail({
    body: { email: fx.users[key].email, password: PASSWORD },
    returnHeaders: true,
  });
  const setCookie = headers.getSetCookie();
  expect(setCookie.length).toBeGreaterThan(0);
  return setCookie.map((c) => c.split(";")[0]).join("; ");
}

function get(clientId: string, query: string, cookie?: string): Promise<Response> {
  const request = new Request(`http://localhost:3000/w/${clientId}/analytics/export?${query}`, {
    headers: cookie ? { cookie } : {},
  });
  return route.GET(request, { params: Promise.resolve({ clientId }) });
}

/** The body as sent, byte-order mark kept (Response.text() strips it). */
const bodyText = async (response: Response) =>
  new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());

/** The fixture's CSVs have no quoted cells: split plainly (and fail loudly if that changes). */
function parseCsv(text: string): string[][] {
  expect(text.startsWith("\uFEFF")).toBe(true);
  expect(text).not.toContain('"');
  return text
    .slice(1)
    .trimEnd()
    .split("\r\n")
    .map((line) => line.split(","));
}

const num = (v: number | null | undefined) =>
  v === null || v === undefined ? "" : String(Number.isInteger(v) ? v : Number(v.toFixed(6)));
const rateCells = (r: Omit<BucketRow, "key" | "label">) => [
  num(r.leads),
  num(r.booked),
  num(r.notBooked),
  num(r.pending),
  num(r.bookedNoTimestamp),
  num(r.eligible),
  num(r.bookingRate),
  num(r.ci?.low),
  num(r.ci?.high),
  String(r.lowSample),
];

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.BETTER_AUTH_SECRET = "test-secret-that-is-long-enough-0123456789";
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  fx = await buildAnalyticsFixture(db.prisma);
  const hash = await hashPassword(PASSWORD);
  for (const [key, user] of Object.entries(fx.users)) {
    await db.prisma.account.create({
      data: { id: `acc-${key}`, accountId: user.id, providerId: "credential", userId: user.id, password: hash },
    });
  }
  route = await import("@/app/w/[clientId]/analytics/export/route");
  for (const key of ["mia", "ava", "max"] as const) cookies[key] = await signIn(key);
});

afterAll(async () => {
  const { db: appDb } = await import("@/lib/db");
  await appDb.$disconnect();
  await db?.drop();
});

describe("GET /w/[clientId]/analytics/export", () => {
  it("exports each table with the tab's numbers", async () => {
    const { query } = parseAnalyticsQuery(new URLSearchParams(RANGE));
    const data = await getResponseTimingAnalytics({ db: db.prisma, clientId: fx.a.id, query, now: new Date() });
    const expected = {
      "setter-buckets": data.setterBuckets.map((r) => [r.label, ...rateCells(r)]),
      "delay-buckets": data.delayBuckets.map((r) => [r.label, ...rateCells(r)]),
      "drift-buckets": data.driftBuckets.map((r) => [r.label, ...rateCells(r)]),
      "first-responder": data.firstResponder.map((r) => [r.key, ...rateCells(r), num(r.medianMs), num(r.p90Ms)]),
      setters: data.setters.map((s) => [
        s.setterName,
        num(s.anchorsAnswered),
        num(s.medianMs),
        num(s.p90Ms),
        num(s.within5mShare),
        ...rateCells(s),
      ]),
    };
    expect(expected["delay-buckets"]).toHaveLength(10);
    for (const [table, rows] of Object.entries(expected)) {
      const response = await get(fx.a.id, `table=${table}&${RANGE}`, cookies.mia);
      expect(response.status, table).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toBe(
        `attachment; filename="response-timing-${table}-2026-04-02_2026-05-01.csv"`,
      );
      expect(response.headers.get("cache-control")).toBe("no-store");
      const [header, ...body] = parseCsv(await bodyText(response));
      expect(header!.slice(-3), table).toEqual(
        table === "first-responder" ? ["lowSample", "medianMs", "p90Ms"] : ["ciLow", "ciHigh", "lowSample"],
      );
      expect(body, table).toEqual(rows);
    }
  });

  it("streams one anchors row per anchor in the window, filters applied", async () => {
    const response = await get(fx.a.id, `table=anchors&${RANGE}`, cookies.mia);
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(await bodyText(response));
    expect(header).toEqual([...ANCHOR_COLUMNS]);
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r[2])).toEqual(["Gus", "Hal", "Ed", "Di", "Ann", "Ann", "Fay", "Bob", "Ed", "Cy"]);
    expect(rows[0]!.slice(4, 6)).toEqual(["2026-04-02T04:00:00.000Z", "2026-04-02T00:00:00.000-04:00"]);
    const ben = parseCsv(
      await bodyText(await get(fx.a.id, `table=anchors&${RANGE}&setter=${fx.users.ben.id}`, cookies.mia)),
    );
    expect(ben.slice(1).map((r) => r[9])).toEqual(["Ben Setter", "Ben Setter", "Ben Setter"]);
    const email = parseCsv(
      await bodyText(await get(fx.a.id, `table=anchors&${RANGE}&channel=email&bh=1`, cookies.mia)),
    );
    expect(email).toHaveLength(1); // Bob's only anchor is outside business hours: header only
  });

  it("answers 404 alike for another workspace, a setter, an unknown or malformed id", async () => {
    const attempts: [string | undefined, string][] = [
      [cookies.mia, fx.b.id],
      [cookies.max, fx.a.id],
      [cookies.ava, fx.a.id],
      [cookies.mia, "00000000-0000-4000-8000-000000000000"],
      [cookies.mia, "..%2F..%2Fetc"],
    ];
    for (const [cookie, clientId] of attempts) {
      const response = await get(clientId, `table=anchors&${RANGE}`, cookie);
      expect(response.status, clientId).toBe(404);
      expect(await response.json()).toEqual({ error: "Not found" });
    }
  });

  it("answers 401 without a session and 400 to bad parameters", async () => {
    const anonymous = await get(fx.a.id, `table=anchors&${RANGE}`);
    expect(anonymous.status).toBe(401);
    expect(
      await (await get(fx.a.id, `table=anchors&${RANGE}`, "better-auth.session_token=forged.value")).json(),
    ).toEqual({ error: "Unauthorized" });
    const noTable = await get(fx.a.id, RANGE, cookies.mia);
    expect(noTable.status).toBe(400);
    expect((await noTable.json()).error).toMatch(/^table must be one of setter-buckets, /);
    const badRange = await get(fx.a.id, "table=setters&range=custom&from=2026-05-01&to=2026-04-01", cookies.mia);
    expect(badRange.status).toBe(400);
    expect(await badRange.json()).toEqual({ error: "Invalid custom range: from must not be after to." });
  });
});
