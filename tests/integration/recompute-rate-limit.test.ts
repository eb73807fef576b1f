// "Recompute timing now" is limited to 6 a minute per user, across workspaces, in the
// database (so every server instance sees the same count). Real PostgreSQL, injected `now`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recomputeLeadTimingForUser } from "@/lib/crm/recompute-lead-timing-for-user";
import { LEAD_NOT_FOUND } from "@/lib/crm/lead-access";
import {
  RECOMPUTE_LIMIT,
  RecomputeRateLimitedError,
  recomputeRateKey,
  takeRecomputeSlot,
} from "@/lib/response-timing/recompute-rate-limit";
import { SafeError } from "@/lib/safe-error";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser, createWorkspace } from "../helpers/fixtures";
import { createCrmLead } from "../helpers/crm-fixtures";

const t0 = new Date("2026-03-10T12:00:00.000Z");
const after = (ms: number) => new Date(t0.getTime() + ms);
let db: TestDatabase;
let alpha: string;
let beta: string;
let leadA: string;
let leadB: string;

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  beta = (await createWorkspace(db.prisma, "Beta")).id;
  leadA = (await createCrmLead(db.prisma, { clientId: alpha, name: "Ann", messages: [["sms", "in", 0]] })).lead.id;
  leadB = (await createCrmLead(db.prisma, { clientId: beta, name: "Bob", messages: [["sms", "in", 0]] })).lead.id;
});

afterAll(async () => {
  await db?.drop();
});

const member = (email: string, clientIds: string[]) =>
  createUser(
    db.prisma,
    email,
    clientIds.map((clientId) => ({ clientId, role: "SETTER" as const })),
  ).then((u) => u.id);

const recompute = (userId: string, clientId: string, leadId: string, now: Date) =>
  recomputeLeadTimingForUser({ db: db.prisma, userId, input: { clientId, leadId }, now });

describe("the recompute rate limit", () => {
  it("allows 6 a minute; the 7th is refused with when to retry and computes nothing; a minute later it runs", async () => {
    const userId = await member("six@rate.test", [alpha]);
    expect(RECOMPUTE_LIMIT).toBe(6);
    for (let i = 0; i < 6; i++) await recompute(userId, alpha, leadA, after(i * 1000));

    // A new answered email queues its thread: a refused click must leave it queued and the row unwritten.
    for (const [direction, sentAt] of [
      ["inbound", t0],
      ["outbound", after(5000)],
    ] as const)
      await db.prisma.message.create({
        data: {
          clientId: alpha,
          leadId: leadA,
          channel: "email",
          direction,
          body: direction,
          sentAt,
          sentBy: direction === "outbound" ? "system" : null,
        },
      });
    const events = await db.prisma.responseTimingEvent.count({ where: { leadId: leadA } });
    const attempt = recompute(userId, alpha, leadA, after(10_000));
    await expect(attempt).rejects.toBeInstanceOf(RecomputeRateLimitedError);
    await expect(attempt).rejects.toBeInstanceOf(SafeError);
    await expect(attempt).rejects.toThrow("You can recompute 6 times a minute; try again in 50 s.");
    expect(await db.prisma.responseTimingQueue.count({ where: { leadId: leadA } })).toBeGreaterThan(0);
    expect(await db.prisma.responseTimingEvent.count({ where: { leadId: leadA } })).toBe(events);

    // Sliding window: the oldest click leaves it exactly a minute later, the next one a second after that.
    await expect(recompute(userId, alpha, leadA, after(59_999))).rejects.toThrow("try again in 1 s.");
    expect(await recompute(userId, alpha, leadA, after(60_000))).toMatchObject({ leadId: leadA, written: 1 });
    expect(await db.prisma.responseTimingQueue.count({ where: { leadId: leadA } })).toBe(0);
    await expect(recompute(userId, alpha, leadA, after(60_500))).rejects.toThrow("try again in 1 s.");
    await recompute(userId, alpha, leadA, after(61_000));
  });

  it("counts per user across workspaces; other users are not affected", async () => {
    const both = await member("both@rate.test", [alpha, beta]);
    const other = await member("other@rate.test", [alpha]);
    for (let i = 0; i < 3; i++) await recompute(both, alpha, leadA, t0);
    for (let i = 0; i < 3; i++) await recompute(both, beta, leadB, t0);
    await expect(recompute(both, beta, leadB, t0)).rejects.toThrow("try again in 60 s.");
    await expect(recompute(both, alpha, leadA, t0)).rejects.toThrow("try again in 60 s.");
    await recompute(other, alpha, leadA, t0);
  });

  it("a click that is not authorized is 'not found' and uses up no slot", async () => {
    const userId = await member("tamper@rate.test", [alpha]);
    for (let i = 0; i < 10; i++)
      await expect(recompute(userId, beta, leadB, t0)).rejects.toThrow(new SafeError(LEAD_NOT_FOUND));
    for (let i = 0; i < 6; i++) await recompute(userId, alpha, leadA, t0);
    await expect(recompute(userId, alpha, leadA, t0)).rejects.toBeInstanceOf(RecomputeRateLimitedError);
  });

  it("ten clicks at the same instant (many server instances) let exactly six through", async () => {
    const userId = await member("burst@rate.test", [alpha]);
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, () => takeRecomputeSlot({ db: db.prisma, userId, now: t0 })),
    );
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(6);
    for (const s of settled.filter((s) => s.status === "rejected"))
      expect((s as PromiseRejectedResult).reason).toBeInstanceOf(RecomputeRateLimitedError);
    const row = await db.prisma.responseTimingState.findUniqueOrThrow({ where: { key: recomputeRateKey(userId) } });
    expect(row.value).toEqual(Array.from({ length: 6 }, () => t0.getTime()));
  });

  it("a damaged state row counts as no recent clicks instead of failing", async () => {
    const userId = await member("damaged@rate.test", [alpha]);
    await db.prisma.responseTimingState.create({
      data: { key: recomputeRateKey(userId), value: { not: "an array" } },
    });
    await takeRecomputeSlot({ db: db.prisma, userId, now: t0 });
    const row = await db.prisma.responseTimingState.findUniqueOrThrow({ where: { key: recomputeRateKey(userId) } });
    expect(row.value).toEqual([t0.getTime()]);
  });
});
