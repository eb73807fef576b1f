// The CRM lead list on real PostgreSQL: search, each filter, both sorts, pagination, the
// capped count, "awaiting reply since" (streak start, oldest across channels, ties on
// sentAt broken by id) and tenancy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COUNT_CAP, listLeads, type LeadListFilters } from "@/lib/crm/lead-list";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { createCrmLead } from "../helpers/crm-fixtures";
import { at } from "../helpers/timing-fixtures";

let db: TestDatabase;
let alpha: { id: string };

const names = async (filters: LeadListFilters = {}, page = 1, pageSize = 50) =>
  (await listLeads({ db: db.prisma, clientId: alpha.id, page, filters, pageSize })).rows.map((r) => r.name);

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await createWorkspace(db.prisma, "Alpha");
  const beta = await createWorkspace(db.prisma, "Beta");
  const big = await createWorkspace(db.prisma, "Big");
  const c = alpha.id;
  // Answered on SMS; waiting on email since the streak's first message (t=100), not its last.
  await createCrmLead(db.prisma, {
    clientId: c,
    name: "Ann Lee",
    email: "ann@ACME.test",
    phone: "+12125550101",
    messages: [
      ["sms", "in", 0],
      ["sms", "out", 60],
      ["email", "in", 100],
      ["email", "in", 200],
    ],
  });
  await createCrmLead(db.prisma, {
    clientId: c,
    name: "Bob Stone",
    phone: "+14155550199",
    messages: [
      ["sms", "in", 300],
      ["sms", "out", 400],
    ],
    appointmentStatus: "BOOKED",
  });
  // Two waiting threads: LinkedIn since 30 (after an answered streak), SMS since 5 → 5 on SMS.
  await createCrmLead(db.prisma, {
    clientId: c,
    name: "Cy Park",
    email: "cy@park.test",
    messages: [
      ["linkedin", "in", 10],
      ["linkedin", "out", 20],
      ["linkedin", "in", 30],
      ["linkedin", "in", 40],
      ["sms", "in", 5],
    ],
    appointmentStatus: "CANCELED",
    appointmentCanceledAt: at(50),
  });
  await createCrmLead(db.prisma, { clientId: c, name: "Dee 100%_done", appointmentStatus: "COMPLETED" });
  // Same sentAt, inbound first by id: the outbound is last, nobody waits.
  await createCrmLead(db.prisma, {
    clientId: c,
    name: "Eve Moss",
    email: "eve@moss.test",
    messages: [
      ["email", "in", 500],
      ["email", "out", 500],
    ],
  });
  // Same sentAt, outbound first by id: the inbound is last, the lead waits.
  await createCrmLead(db.prisma, {
    clientId: c,
    name: "Fay Wu",
    messages: [
      ["sms", "out", 600],
      ["sms", "in", 600],
    ],
  });
  // Booked per status but canceled per timestamp: not booked.
  await createCrmLead(db.prisma, {
    clientId: c,
    name: "Gus Hale",
    messages: [
      ["sms", "in", 700],
      ["sms", "out", 800],
    ],
    appointmentStatus: "BOOKED",
    appointmentCanceledAt: at(900),
  });
  await createCrmLead(db.prisma, {
    clientId: beta.id,
    name: "Ann Other",
    email: "ann@acme.test",
    messages: [["sms", "in", 1000]],
  });
  await db.prisma.lead.createMany({
    data: Array.from({ length: COUNT_CAP + 5 }, (_, i) => ({ clientId: big.id, name: `Bulk ${i}` })),
  });
});

afterAll(async () => {
  await db?.drop();
});

describe("listLeads: sort and pagination", () => {
  it("sorts by last activity, newest first, leads without activity last", async () => {
    expect(await names()).toEqual([
      "Gus Hale",
      "Fay Wu",
      "Eve Moss",
      "Bob Stone",
      "Ann Lee",
      "Cy Park",
      "Dee 100%_done",
    ]);
  });

  it("sorts oldest first on request, still with no-activity leads last", async () => {
    expect(await names({ sort: "oldest" })).toEqual([
      "Cy Park",
      "Ann Lee",
      "Bob Stone",
      "Eve Moss",
      "Fay Wu",
      "Gus Hale",
      "Dee 100%_done",
    ]);
  });

  it("pages with exact totals when unfiltered", async () => {
    const first = await listLeads({ db: db.prisma, clientId: alpha.id, page: 1, pageSize: 2 });
    expect(first).toMatchObject({ total: 7, totalIsExact: true, pageCount: 4, hasPrevious: false, hasNext: true });
    expect(first.rows.map((r) => r.name)).toEqual(["Gus Hale", "Fay Wu"]);
    expect(await names({}, 2, 2)).toEqual(["Eve Moss", "Bob Stone"]);
    const last = await listLeads({ db: db.prisma, clientId: alpha.id, page: 4, pageSize: 2 });
    expect(last.rows.map((r) => r.name)).toEqual(["Dee 100%_done"]);
    expect(last).toMatchObject({ hasPrevious: true, hasNext: false });
    expect(await names({}, 5, 2)).toEqual([]);
  });

  it("caps filtered counts at COUNT_CAP and still knows whether a next page exists", async () => {
    const big = await db.prisma.client.findFirstOrThrow({ where: { name: "Big" } });
    const result = await listLeads({ db: db.prisma, clientId: big.id, page: 1, filters: { q: "bulk" } });
    expect(result).toMatchObject({ total: COUNT_CAP, totalIsExact: false, pageCount: null, hasNext: true });
    expect((await listLeads({ db: db.prisma, clientId: big.id, page: 1 })).total).toBe(COUNT_CAP + 5);
  });

  it("counts a search the same on its last page and on a page past the end (no row to carry the count)", async () => {
    const onPage = await listLeads({ db: db.prisma, clientId: alpha.id, page: 1, filters: { q: "a" } });
    expect(onPage.rows.length).toBeGreaterThan(0);
    const past = await listLeads({ db: db.prisma, clientId: alpha.id, page: 99, filters: { q: "a" } });
    expect(past.rows).toEqual([]);
    expect({ total: past.total, exact: past.totalIsExact }).toEqual({ total: onPage.total, exact: true });
  });
});

describe("listLeads: search", () => {
  it("matches name, email and phone case-insensitively, in this workspace only", async () => {
    expect(await names({ q: "ann" })).toEqual(["Ann Lee"]);
    expect(await names({ q: "acme" })).toEqual(["Ann Lee"]);
    expect(await names({ q: "PARK.TEST" })).toEqual(["Cy Park"]);
    expect(await names({ q: "+1415" })).toEqual(["Bob Stone"]);
  });

  it("matches formatted phone numbers by their digits", async () => {
    expect(await names({ q: "(212) 555-0101" })).toEqual(["Ann Lee"]);
    expect(await names({ q: "555 01" })).toEqual(["Bob Stone", "Ann Lee"]);
  });

  it("treats LIKE wildcards as literal text", async () => {
    expect(await names({ q: "%" })).toEqual(["Dee 100%_done"]);
    expect(await names({ q: "0%_d" })).toEqual(["Dee 100%_done"]);
    expect(await names({ q: "_" })).toEqual(["Dee 100%_done"]);
    expect(await names({ q: "zzz" })).toEqual([]);
  });
});

describe("listLeads: filters", () => {
  it("filters by channel: the lead has messages on it", async () => {
    expect(await names({ channel: "sms" })).toEqual(["Gus Hale", "Fay Wu", "Bob Stone", "Ann Lee", "Cy Park"]);
    expect(await names({ channel: "email" })).toEqual(["Eve Moss", "Ann Lee"]);
    expect(await names({ channel: "linkedin" })).toEqual(["Cy Park"]);
  });

  it("filters booked (status not canceled, no cancellation) and not booked", async () => {
    expect(await names({ booked: "yes" })).toEqual(["Bob Stone", "Dee 100%_done"]);
    expect(await names({ booked: "no" })).toEqual(["Gus Hale", "Fay Wu", "Eve Moss", "Ann Lee", "Cy Park"]);
  });

  it("filters leads awaiting a reply on some channel", async () => {
    expect(await names({ awaiting: true })).toEqual(["Fay Wu", "Ann Lee", "Cy Park"]);
  });

  it("combines filters with search and sort", async () => {
    expect(await names({ awaiting: true, channel: "sms", sort: "oldest" })).toEqual(["Cy Park", "Ann Lee", "Fay Wu"]);
    expect(await names({ awaiting: true, booked: "no", q: "a" })).toEqual(["Fay Wu", "Ann Lee", "Cy Park"]);
    const counted = await listLeads({ db: db.prisma, clientId: alpha.id, page: 1, filters: { awaiting: true } });
    expect(counted).toMatchObject({ total: 3, totalIsExact: true, pageCount: 1 });
  });
});

describe("listLeads: row facts", () => {
  it("gives channels, booked, last activity and the oldest open streak start", async () => {
    const rows = (await listLeads({ db: db.prisma, clientId: alpha.id, page: 1 })).rows;
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get("Ann Lee")).toMatchObject({
      channels: ["sms", "email"],
      booked: false,
      lastActivityAt: at(200),
      awaitingSince: at(100),
      awaitingChannel: "email",
    });
    expect(byName.get("Cy Park")).toMatchObject({
      channels: ["sms", "linkedin"],
      awaitingSince: at(5),
      awaitingChannel: "sms",
    });
    expect(byName.get("Fay Wu")).toMatchObject({ awaitingSince: at(600), awaitingChannel: "sms" });
    expect(byName.get("Eve Moss")).toMatchObject({ awaitingSince: null, awaitingChannel: null });
    expect(byName.get("Bob Stone")).toMatchObject({ booked: true, awaitingSince: null, lastActivityAt: at(400) });
    expect(byName.get("Dee 100%_done")).toMatchObject({
      channels: [],
      booked: true,
      lastActivityAt: null,
      awaitingSince: null,
    });
    expect(byName.get("Gus Hale")).toMatchObject({ booked: false });
  });
});
