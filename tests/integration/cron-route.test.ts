// The response-timing cron route on a real database: the bearer check guards it, and an
// authorized GET or POST derives queued threads and reports the processor's counters.
// (CRON_SECRET unset and an unreachable database: cron-route-failures.test.ts.)
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/prisma-client";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser, createWorkspace } from "../helpers/fixtures";

const SECRET = "cron-secret-for-the-route-test-0123456789";
const ROUTE_URL = "http://localhost/api/cron/response-timing";

let db: TestDatabase;
let route: typeof import("@/app/api/cron/response-timing/route");
let clientId: string;
let userId: string;

function call(method: "GET" | "POST", authorization?: string): Promise<Response> {
  const headers = new Headers();
  if (authorization !== undefined) headers.set("authorization", authorization);
  const request = new Request(ROUTE_URL, { method, headers });
  return method === "GET" ? route.GET(request) : route.POST(request);
}

/** A lead with one inbound message and a setter reply `replyAfterMs` later. */
async function createThread(prisma: Db, replyAfterMs: number) {
  const lead = await prisma.lead.create({ data: { clientId, name: `Lead ${randomUUID().slice(0, 8)}` } });
  const inboundAt = new Date(Date.now() - 3_600_000);
  const inbound = await prisma.message.create({
    data: {
      clientId,
      leadId: lead.id,
      channel: "sms",
      direction: "inbound",
      body: "Hi, is this still available?",
      sentAt: inboundAt,
    },
  });
  const reply = await prisma.message.create({
    data: {
      clientId,
      leadId: lead.id,
      channel: "sms",
      direction: "outbound",
      body: "Yes! When suits you?",
      sentAt: new Date(inboundAt.getTime() + replyAfterMs),
      sentBy: "setter",
      sentByUserId: userId,
    },
  });
  return { lead, inbound, reply };
}

const RESULT_KEYS = [
  "anchorsDeleted",
  "anchorsWritten",
  "batches",
  "durationMs",
  "exhausted",
  "lockWaitMs",
  "processed",
  "skipped",
  "success",
];

beforeAll(async () => {
  db = await createTestDatabase();
  // lib/db.ts and lib/env.ts read the environment on first use: point them at this file's database.
  process.env.DATABASE_URL = db.url;
  process.env.BETTER_AUTH_SECRET = "test-secret-that-is-long-enough-0123456789";
  process.env.CRON_SECRET = SECRET;
  route = await import("@/app/api/cron/response-timing/route");
  clientId = (await createWorkspace(db.prisma, "Cron Co")).id;
  userId = (await createUser(db.prisma, "setter@cron.test", [{ clientId, role: "SETTER" }])).id;
});

afterAll(async () => {
  const { db: appDb } = await import("@/lib/db");
  await appDb.$disconnect();
  await db?.drop();
});

describe("route configuration", () => {
  it("is dynamic, allows a long run and serves GET and POST with one handler", () => {
    expect(route.dynamic).toBe("force-dynamic");
    expect(route.maxDuration).toBe(300);
    expect(route.GET).toBe(route.POST);
  });
});

describe("authorization", () => {
  it("answers 401 to every request without the exact bearer secret, and derives nothing", async () => {
    const thread = await createThread(db.prisma, 90_000);
    const refused = [
      undefined,
      "",
      `Bearer wrong-secret-of-some-length-0000`,
      "Bearer undefined",
      "Bearer ",
      `Basic ${SECRET}`,
      `bearer ${SECRET}`,
      `Bearer  ${SECRET}`,
      SECRET,
    ];
    for (const method of ["GET", "POST"] as const) {
      for (const authorization of refused) {
        const response = await call(method, authorization);
        expect(response.status, `${method} ${JSON.stringify(authorization)}`).toBe(401);
        expect(response.headers.get("cache-control")).toBe("no-store");
        expect(response.headers.get("www-authenticate")).toBe("Bearer");
        expect(await response.json()).toEqual({ success: false, error: "Unauthorized" });
      }
    }
    // Nothing ran: the thread is still queued (by the capture trigger) and has no event.
    expect(await db.prisma.responseTimingEvent.count()).toBe(0);
    const queued = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "ResponseTimingQueue" WHERE "leadId" = $1`,
      [thread.lead.id],
    );
    expect(queued[0]!.n).toBeGreaterThan(0);
  });
});

describe("an authorized run", () => {
  it("GET derives the queued threads and returns the processor's counters", async () => {
    const thread = await createThread(db.prisma, 45_000);
    const response = await call("GET", `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(RESULT_KEYS);
    // Two threads were queued: the one from the authorization test and this one.
    expect(body).toMatchObject({
      success: true,
      processed: 2,
      skipped: 0,
      exhausted: true,
      anchorsWritten: 2,
      anchorsDeleted: 0,
    });
    expect(body.batches).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(body.durationMs)).toBe(true);
    expect(body.durationMs).toBeGreaterThanOrEqual(0);

    const event = await db.prisma.responseTimingEvent.findUniqueOrThrow({
      where: { inboundMessageId: thread.inbound.id },
    });
    expect(event).toMatchObject({
      clientId,
      leadId: thread.lead.id,
      channel: "sms",
      setterResponseMessageId: thread.reply.id,
      setterSentByUserId: userId,
      setterResponseMs: 45_000n,
    });
    expect(await db.prisma.responseTimingEvent.count()).toBe(2);
  });

  it("a second GET finds nothing left to do", async () => {
    const response = await call("GET", `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      success: true,
      processed: 0,
      skipped: 0,
      exhausted: true,
      anchorsWritten: 0,
    });
  });

  it("POST behaves the same as GET", async () => {
    const thread = await createThread(db.prisma, 120_000);
    const response = await call("POST", `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(RESULT_KEYS);
    expect(body).toMatchObject({ success: true, processed: 1, skipped: 0, exhausted: true, anchorsWritten: 1 });
    const event = await db.prisma.responseTimingEvent.findUniqueOrThrow({
      where: { inboundMessageId: thread.inbound.id },
    });
    expect(event.setterResponseMessageId).toBe(thread.reply.id);
    expect(event.setterResponseMs).toBe(120_000n);
    expect(await db.prisma.responseTimingEvent.count()).toBe(3);
  });

  it("reports a run that another holder of the lock blocks as skipped, not as an error", async () => {
    await createThread(db.prisma, 10_000);
    const { RESPONSE_TIMING_LOCK } = await import("@/lib/response-timing/processor");
    const response = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RESPONSE_TIMING_LOCK})`;
      return call("GET", `Bearer ${SECRET}`);
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: true, processed: 0, skipped: 1, exhausted: false });
  });
});
