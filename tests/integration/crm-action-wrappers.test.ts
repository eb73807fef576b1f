// The "use server" wrappers with a real better-auth session: the user comes from the
// session cookie (never from input), signed-out calls and tampered ids get a SafeError
// message, unexpected errors reach the browser only as a generic line, and a successful
// reply revalidates the CRM page. next/headers and next/cache are stubbed: there is no
// Next request here, only the request headers the wrappers read.
import { hashPassword } from "better-auth/crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser, createWorkspace } from "../helpers/fixtures";
import { createCrmLead } from "../helpers/crm-fixtures";

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: () => undefined,
    getAll: () => [],
    has: () => false,
    set: () => undefined,
    delete: () => undefined,
  }),
}));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

let db: TestDatabase;
let actions: typeof import("@/actions/crm-actions") & typeof import("@/actions/response-timing-actions");
let alpha: string;
let beta: string;
let setterId: string;
let leadA: string;
let leadB: string;
let cookie: string;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.BETTER_AUTH_SECRET = "test-secret-that-is-long-enough-0123456789";
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  beta = (await createWorkspace(db.prisma, "Beta")).id;
  setterId = (await createUser(db.prisma, "setter@alpha.test", [{ clientId: alpha, role: "SETTER" }])).id;
  await db.prisma.account.create({
    data: {
      id: "acc-setter",
      accountId: setterId,
      providerId: "credential",
      userId: setterId,
      password: await hashPassword("correct horse battery"),
    },
  });
  leadA = (await createCrmLead(db.prisma, { clientId: alpha, name: "Ann", messages: [["sms", "in", 0]] })).lead.id;
  leadB = (await createCrmLead(db.prisma, { clientId: beta, name: "Bea", messages: [["sms", "in", 0]] })).lead.id;
  // The reply goes out through a sandbox connection (records, delivers nothing).
  const sandbox = await db.prisma.providerConnection.create({
    data: { clientId: alpha, provider: "GHL", externalAccountId: "loc-alpha", mode: "sandbox" },
  });
  await db.prisma.message.updateMany({ where: { clientId: alpha }, data: { connectionId: sandbox.id } });

  const { getAuth } = await import("@/lib/auth/auth");
  const { headers } = await getAuth().api.signInEmail({
    body: { email: "setter@alpha.test", password: "correct horse battery" },
    returnHeaders: true,
  });
  cookie = headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  expect(cookie).toMatch(/session_token=/);
  actions = { ...(await import("@/actions/crm-actions")), ...(await import("@/actions/response-timing-actions")) };
});

afterAll(async () => {
  const { db: appDb } = await import("@/lib/db");
  await appDb.$disconnect();
  await db?.drop();
});

const signedIn = () => (request.headers = new Headers({ cookie }));
const signedOut = () => (request.headers = new Headers());

describe("server action wrappers", () => {
  it("refuse a signed-out caller and write nothing", async () => {
    signedOut();
    const before = await db.prisma.message.count();
    expect(await actions.sendSetterReply({ clientId: alpha, leadId: leadA, channel: "sms", body: "Hi" })).toEqual({
      ok: false,
      error: "Your session has ended. Sign in again.",
    });
    expect(await actions.recomputeLeadResponseTiming({ clientId: alpha, leadId: leadA })).toMatchObject({ ok: false });
    expect(await db.prisma.message.count()).toBe(before);
  });

  it("send as the session's user and revalidate the CRM page", async () => {
    signedIn();
    const result = await actions.sendSetterReply({ clientId: alpha, leadId: leadA, channel: "sms", body: "Hi Ann" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const row = await db.prisma.message.findUniqueOrThrow({ where: { id: result.data.messageId! } });
    expect(row).toMatchObject({
      sentBy: "setter",
      sentByUserId: setterId,
      body: "Hi Ann",
      clientId: alpha,
      leadId: leadA,
    });
    expect(revalidatePath).toHaveBeenCalledWith(`/w/${alpha}/crm`);

    const recomputed = await actions.recomputeLeadResponseTiming({ clientId: alpha, leadId: leadA });
    expect(recomputed).toEqual({ ok: true, data: { anchors: 1, written: 1, deleted: 0 } });
  });

  it("return validation messages and 'not found' for tampered ids", async () => {
    signedIn();
    expect(await actions.sendSetterReply({ clientId: alpha, leadId: leadA, channel: "sms", body: " " })).toEqual({
      ok: false,
      error: "Write a reply before sending.",
    });
    expect(await actions.sendSetterReply({ clientId: alpha, leadId: leadB, channel: "sms", body: "x" })).toEqual({
      ok: false,
      error: "Lead not found.",
    });
    expect(await actions.sendSetterReply({ clientId: beta, leadId: leadB, channel: "sms", body: "x" })).toEqual({
      ok: false,
      error: "Lead not found.",
    });
    expect(await actions.recomputeLeadResponseTiming({ clientId: beta, leadId: leadB })).toEqual({
      ok: false,
      error: "Lead not found.",
    });
    expect(await db.prisma.message.count({ where: { leadId: leadB } })).toBe(1);
  });

  it("hide unexpected errors behind a generic message and log them", async () => {
    signedIn();
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const hostile = {
      clientId: alpha,
      leadId: leadA,
      channel: "sms",
      get body(): string {
        throw new Error("secret internals");
      },
    };
    const result = await actions.sendSetterReply(hostile);
    expect(result).toEqual({ ok: false, error: "Something went wrong. Try again in a moment." });
    expect(logged).toHaveBeenCalledWith(
      "[crm.sendSetterReply] failed",
      expect.objectContaining({ message: "secret internals" }),
    );
    logged.mockRestore();
  });

  it("say 'try again in a minute' while the scheduled job holds the lock", async () => {
    signedIn();
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      const { RESPONSE_TIMING_LOCK } = await import("@/lib/response-timing/processor");
      const lock = Prisma.sql`SELECT pg_advisory_xact_lock(${RESPONSE_TIMING_LOCK})`;
      await holder.query("BEGIN");
      await holder.query(lock.text, lock.values);
      expect(await actions.recomputeLeadResponseTiming({ clientId: alpha, leadId: leadA })).toEqual({
        ok: false,
        error: "Timing is being recomputed by the scheduled job, try again in a minute.",
      });
      await holder.query("COMMIT");
    } finally {
      await holder.end();
    }
  });
});
