// The delayed auto-send against the fake provider server (real HTTP) on a real database:
// it fires at its runAt through each provider's API, records the outbound Message the
// timing engine then measures, reschedules a 429 at its Retry-After without sending twice,
// sends nothing in sandbox mode and fails a rejected send visibly.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { computeChosenDelaySeconds } from "@/lib/background-jobs/delayed-auto-send";
import { processResponseTiming } from "@/lib/response-timing/processor";
import type { SendProvider } from "@/lib/providers/send-adapter";
import { MESSAGE_ID_COLUMN } from "@/lib/webhooks/provider-columns";
import { startFakeProviderServer, type FakeProviders } from "../helpers/fake-provider-server";
import {
  createDeliveryWorkspace,
  createSendConnection,
  drainAutoSends,
  seedAutoSend,
} from "../helpers/delivery-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;
let fake: FakeProviders;
let clientId: string;
const T0 = new Date("2026-10-14T15:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeProviderServer({ uniqueIds: true });
  clientId = (await createDeliveryWorkspace(db.prisma)).id;
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});
beforeEach(() => fake.reset());

const PATHS: Record<SendProvider, RegExp> = {
  GHL: /^\/conversations\/messages$/,
  SMARTLEAD: /^\/api\/v1\/campaigns\/12345\/reply-email-thread$/,
  INSTANTLY: /^\/api\/v2\/emails\/reply$/,
  UNIPILE: /^\/api\/v1\/chats\/chat-[^/]+\/messages$/,
};

describe("a due auto-send goes out once per provider", () => {
  for (const provider of ["GHL", "SMARTLEAD", "INSTANTLY", "UNIPILE"] as const) {
    it(`${provider}: one request, one outbound Message (sentBy ai, aiDraftId), draft SENT`, async () => {
      const connection = await createSendConnection(db.prisma, fake, { clientId, provider });
      const seeded = await seedAutoSend(db.prisma, { clientId, connection, inboundAt: at(0), runAt: at(200) });
      const result = await drainAutoSends(db.prisma, () => at(201));
      expect(result.claimed).toBe(1);
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]!.path).toMatch(PATHS[provider]);
      const body = fake.requests[0]!.body!;
      const text = JSON.stringify(body);
      expect(text).toContain("Tuesday at 3pm");

      const messages = await db.prisma.message.findMany({ where: { leadId: seeded.leadId, direction: "outbound" } });
      expect(messages).toHaveLength(1);
      const message = messages[0]!;
      expect(message).toMatchObject({ sentBy: "ai", aiDraftId: seeded.draftId, connectionId: connection.id });
      const column = MESSAGE_ID_COLUMN[provider]!;
      expect((message as Record<string, unknown>)[column]).toBeTruthy();
      expect((await db.prisma.aIDraft.findUniqueOrThrow({ where: { id: seeded.draftId } })).status).toBe("SENT");
      const send = await db.prisma.outboundSend.findFirstOrThrow({ where: { aiDraftId: seeded.draftId } });
      expect(send).toMatchObject({ status: "sent", messageId: message.id, attempts: 1, sentBy: "ai" });
      expect(send.idSource).toBe(provider === "SMARTLEAD" ? "local" : "provider");
      const job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: seeded.jobId } });
      expect(job).toMatchObject({ status: "SUCCEEDED", resultNote: "sent" });

      // Another run finds nothing due and sends nothing.
      await drainAutoSends(db.prisma, () => at(400));
      expect(fake.requests).toHaveLength(1);
    });
  }
});

describe("timing", () => {
  it("fires at its runAt, and the timing engine shows aiResponseMs and the drift for it", async () => {
    const connection = await createSendConnection(db.prisma, fake, { clientId, provider: "GHL" });
    const seeded = await seedAutoSend(db.prisma, { clientId, connection, inboundAt: at(0), runAt: at(9_999) });
    const chosen = computeChosenDelaySeconds(seeded.inboundId, 180, 420);
    await db.prisma.backgroundJob.update({ where: { id: seeded.jobId }, data: { runAt: at(chosen) } });

    await drainAutoSends(db.prisma, () => at(chosen - 1));
    expect(fake.requests).toHaveLength(0);
    await drainAutoSends(db.prisma, () => at(chosen + 2));
    expect(fake.requests).toHaveLength(1);

    await processResponseTiming({
      db: db.prisma,
      now: at(chosen + 60),
      batchSize: 50,
      maxMs: 60_000,
      lookbackDays: 30,
    });
    const event = await db.prisma.responseTimingEvent.findUniqueOrThrow({
      where: { inboundMessageId: seeded.inboundId },
    });
    expect(Number(event.aiResponseMs)).toBe((chosen + 2) * 1000);
    expect(event.aiChosenDelaySeconds).toBe(chosen);
    expect(event.aiActualDelaySeconds).toBe(chosen + 2);
    expect(event.aiActualDelaySeconds! - event.aiChosenDelaySeconds!).toBe(2); // the drift
    expect(event.aiBackgroundJobId).toBe(seeded.jobId);
    expect(event.aiScheduledRunAt).toEqual(at(chosen));
  });
});

describe("provider answers", () => {
  it("a 429 reschedules the job at its Retry-After and the send goes out once, later", async () => {
    const connection = await createSendConnection(db.prisma, fake, { clientId, provider: "INSTANTLY" });
    const seeded = await seedAutoSend(db.prisma, { clientId, connection, inboundAt: at(0), runAt: at(200) });
    fake.answer = () => (fake.requests.length === 1 ? { kind: "rate-limited", retryAfter: "30" } : { kind: "ok" });

    await drainAutoSends(db.prisma, () => at(201));
    let job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: seeded.jobId } });
    expect(job).toMatchObject({ status: "PENDING", runAt: at(231), attempts: 1, maxAttempts: 5 });
    expect(await db.prisma.outboundSend.findFirstOrThrow({ where: { aiDraftId: seeded.draftId } })).toMatchObject({
      status: "waiting",
      lastErrorKind: "rate-limited",
    });
    await drainAutoSends(db.prisma, () => at(220)); // not due yet
    expect(fake.requests).toHaveLength(1);

    await drainAutoSends(db.prisma, () => at(232));
    expect(fake.requests).toHaveLength(2);
    expect(fake.accepted).toHaveLength(1);
    job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: seeded.jobId } });
    expect(job.status).toBe("SUCCEEDED");
    expect(await db.prisma.message.count({ where: { leadId: seeded.leadId, direction: "outbound" } })).toBe(1);
  });

  it("a 400 fails the job visibly and records no Message", async () => {
    const connection = await createSendConnection(db.prisma, fake, { clientId, provider: "GHL" });
    const seeded = await seedAutoSend(db.prisma, { clientId, connection, inboundAt: at(0), runAt: at(200) });
    fake.answer = () => ({ kind: "error", status: 400, message: "contactId is invalid" });
    await drainAutoSends(db.prisma, () => at(201));
    const job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: seeded.jobId } });
    expect(job.status).toBe("FAILED");
    expect(job.lastError).toContain("contactId is invalid");
    expect(await db.prisma.outboundSend.findFirstOrThrow({ where: { aiDraftId: seeded.draftId } })).toMatchObject({
      status: "failed",
    });
    expect(await db.prisma.message.count({ where: { leadId: seeded.leadId, direction: "outbound" } })).toBe(0);
    expect((await db.prisma.aIDraft.findUniqueOrThrow({ where: { id: seeded.draftId } })).status).toBe("PENDING");
  });

  it("sandbox sends reach no server and record a synthetic provider id", async () => {
    const connection = await createSendConnection(db.prisma, fake, { clientId, provider: "UNIPILE", mode: "sandbox" });
    const seeded = await seedAutoSend(db.prisma, { clientId, connection, inboundAt: at(0), runAt: at(200) });
    await drainAutoSends(db.prisma, () => at(201));
    expect(fake.connections).toBe(0);
    expect(fake.requests).toHaveLength(0);
    const message = await db.prisma.message.findFirstOrThrow({
      where: { leadId: seeded.leadId, direction: "outbound" },
    });
    expect(message.unipileMessageId).toMatch(/^sandbox-/);
    expect(message.sentBy).toBe("ai");
    const job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: seeded.jobId } });
    expect(job.resultNote).toBe("sent (sandbox: nothing delivered)");
  });
});
