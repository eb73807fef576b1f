// The inbound post-process handlers on real PostgreSQL with the built-in classifier and
// drafter (no model configured): sentiment, lead update, draft, the delayed auto-send at
// its deterministic runAt, the lead-scoring job, idempotent re-runs, and every reason
// not to draft. Handlers are called directly with a JobContext (no queue runner).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeDelayedAutoSendRunAt } from "@/lib/background-jobs/delayed-auto-send";
import { createAiAutoSendDelayed } from "@/lib/background-jobs/handlers/ai-auto-send-delayed";
import { createEmailInboundPostProcess } from "@/lib/background-jobs/handlers/email-inbound-post-process";
import { createInstantlyInboundPostProcess } from "@/lib/background-jobs/handlers/instantly-inbound-post-process";
import { createLeadScoringPostProcess } from "@/lib/background-jobs/handlers/lead-scoring-post-process";
import { createLinkedinInboundPostProcess } from "@/lib/background-jobs/handlers/linkedin-inbound-post-process";
import { createSmartleadInboundPostProcess } from "@/lib/background-jobs/handlers/smartlead-inbound-post-process";
import { createSmsInboundPostProcess } from "@/lib/background-jobs/handlers/sms-inbound-post-process";
import { PermanentJobError } from "@/lib/background-jobs/job-handler";
import { draftReplyByTemplate } from "@/lib/post-processing/draft-reply";
import { scoreLeadByRules } from "@/lib/post-processing/score-lead";
import { createWorkspace } from "../helpers/fixtures";
import {
  createLeadWithThread,
  enqueuePostProcess,
  jobContext,
  runHandler,
  testConfig,
} from "../helpers/post-process-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;
let clientId: string;
let quietClientId: string;
const T0 = new Date("2026-10-14T15:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const config = testConfig();
const sms = createSmsInboundPostProcess(config);

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Alpha")).id;
  const quiet = await createWorkspace(db.prisma, "Quiet");
  await db.prisma.client.update({ where: { id: quiet.id }, data: { autoSendEnabled: false } });
  quietClientId = quiet.id;
});

afterAll(async () => {
  await db?.drop();
});

async function thread(
  name: string,
  messages: Parameters<typeof createLeadWithThread>[1]["messages"],
  onClient = clientId,
) {
  const created = await createLeadWithThread(db.prisma, { clientId: onClient, name, messages });
  return {
    lead: created.lead,
    inbound: created.messages.find((m) => m.direction === "inbound")!,
    messages: created.messages,
  };
}

const jobsOf = (messageId: string) =>
  db.prisma.backgroundJob.findMany({ where: { messageId }, orderBy: { type: "asc" } });

describe("a meeting request on SMS", () => {
  let inboundId: string;
  let leadId: string;

  it("classifies, engages the lead, drafts and schedules the auto-send at inbound + chosen delay", async () => {
    const { lead, inbound } = await thread("Jordan Rivera", [
      { direction: "outbound", body: "Hi Jordan, want a quick demo of Acme?", sentAt: at(0) },
      {
        direction: "inbound",
        body: "Hi, got your text about the demo. Is Thursday at 3pm still open?",
        sentAt: at(60),
      },
    ]);
    inboundId = inbound.id;
    leadId = lead.id;
    const job = await enqueuePostProcess(db.prisma, inbound);
    const now = at(90);
    const note = await runHandler(db.prisma, sms, job, now);

    const stored = await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(stored).toMatchObject({ sentiment: "MEETING_REQUESTED", sentimentAt: now, status: "ENGAGED" });

    const drafts = await db.prisma.aIDraft.findMany({ where: { triggerMessageId: inbound.id } });
    expect(drafts).toHaveLength(1);
    const draft = drafts[0]!;
    expect(draft).toMatchObject({ channel: "sms", status: "PENDING", leadId: lead.id, clientId });
    expect(draft.content).toBe(
      draftReplyByTemplate({
        inboundMessageId: inbound.id,
        sentiment: "MEETING_REQUESTED",
        channel: "sms",
        leadName: "Jordan Rivera",
      }),
    );

    const runAt = computeDelayedAutoSendRunAt({
      inboundMessageId: inbound.id,
      inboundSentAt: at(60),
      minSeconds: 180,
      maxSeconds: 420,
    });
    const jobs = await jobsOf(inbound.id);
    expect(jobs.map((j) => j.type)).toEqual([
      "AI_AUTO_SEND_DELAYED",
      "SMS_INBOUND_POST_PROCESS",
      "LEAD_SCORING_POST_PROCESS",
    ]);
    expect(jobs[0]).toMatchObject({
      status: "PENDING",
      runAt,
      dedupeKey: `auto-send:${inbound.id}:${draft.id}`,
      draftId: draft.id,
      leadId: lead.id,
    });
    expect(jobs[2]).toMatchObject({
      status: "PENDING",
      runAt: now,
      dedupeKey: `lead-scoring:${inbound.id}`,
      leadId: lead.id,
    });
    expect(note).toBe(`sentiment MEETING_REQUESTED · draft created · auto-send at ${runAt.toISOString()}`);

    const calls = await db.prisma.aIInteraction.findMany({
      where: { backgroundJobId: job.id },
      orderBy: { purpose: "asc" },
    });
    expect(calls.map((c) => [c.purpose, c.model, c.outcome, c.source, c.messageId, c.leadId])).toEqual([
      ["classify", "builtin-rules", "success", "background-job/sms-inbound-post-process", inbound.id, lead.id],
      ["draft", "builtin-drafter", "success", "background-job/sms-inbound-post-process", inbound.id, lead.id],
    ]);
  });

  it("is idempotent on a re-run: same draft, same jobs, only the new classification is recorded", async () => {
    const job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { dedupeKey: `post-process:${inboundId}` } });
    const before = await db.prisma.aIDraft.findFirstOrThrow({ where: { triggerMessageId: inboundId } });
    const note = await runHandler(db.prisma, sms, job, at(120));
    expect(note).toBe("sentiment MEETING_REQUESTED · draft already there");
    expect(await db.prisma.aIDraft.findMany({ where: { triggerMessageId: inboundId } })).toEqual([before]);
    expect((await jobsOf(inboundId)).length).toBe(3);
    const calls = await db.prisma.aIInteraction.findMany({ where: { backgroundJobId: job.id } });
    expect(calls.map((c) => c.purpose).sort()).toEqual(["classify", "classify", "draft"]);
  });

  it("scores the lead from the LEAD_SCORING job", async () => {
    const job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { dedupeKey: `lead-scoring:${inboundId}` } });
    const now = at(150);
    const note = await runHandler(db.prisma, createLeadScoringPostProcess(config), job, now);
    const expected = scoreLeadByRules({
      lastInboundAt: at(60),
      inboundCount: 1,
      sentiment: "MEETING_REQUESTED",
      status: "ENGAGED",
      now,
    });
    expect(note).toBe(`score ${expected.score}`);
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id: leadId } })).toMatchObject({
      score: expected.score,
      scoredAt: now,
    });
    const calls = await db.prisma.aIInteraction.findMany({ where: { backgroundJobId: job.id } });
    expect(calls.map((c) => [c.purpose, c.model, c.outcome, c.source])).toEqual([
      ["score", "builtin-rules", "success", "background-job/lead-scoring-post-process"],
    ]);
  });

  it("the due auto-send of a thread without a connection is canceled and leaves the draft pending", async () => {
    const job = await db.prisma.backgroundJob.findFirstOrThrow({
      where: { messageId: inboundId, type: "AI_AUTO_SEND_DELAYED" },
    });
    expect(await runHandler(db.prisma, createAiAutoSendDelayed(), job, job.runAt)).toBe(
      "canceled: cannot send: no provider connection",
    );
    expect((await db.prisma.aIDraft.findFirstOrThrow({ where: { triggerMessageId: inboundId } })).status).toBe(
      "PENDING",
    );
    expect(await db.prisma.message.count({ where: { leadId, direction: "outbound", sentBy: "ai" } })).toBe(0);
  });
});

describe("scheduling and concurrency", () => {
  it("a late post-process schedules the auto-send at now, never in the past", async () => {
    const { inbound } = await thread("Late Larry", [{ direction: "inbound", body: "Yes please", sentAt: at(0) }]);
    const now = at(3600);
    await runHandler(db.prisma, sms, await enqueuePostProcess(db.prisma, inbound), now);
    const job = await db.prisma.backgroundJob.findFirstOrThrow({
      where: { messageId: inbound.id, type: "AI_AUTO_SEND_DELAYED" },
    });
    expect(job.runAt).toEqual(now);
  });

  it("two runs of the same job at once write one draft and one auto-send job", async () => {
    const { inbound } = await thread("Twin Tess", [{ direction: "inbound", body: "Sounds good", sentAt: at(0) }]);
    const job = await enqueuePostProcess(db.prisma, inbound);
    await Promise.all([sms(jobContext(db.prisma, job, at(30))), sms(jobContext(db.prisma, job, at(31)))]);
    expect(await db.prisma.aIDraft.count({ where: { triggerMessageId: inbound.id } })).toBe(1);
    expect(
      await db.prisma.backgroundJob.count({ where: { messageId: inbound.id, type: "AI_AUTO_SEND_DELAYED" } }),
    ).toBe(1);
  });
});

describe("no draft", () => {
  it("when the workspace has auto-send off (the lead is still classified and scored)", async () => {
    const { lead, inbound } = await thread(
      "Quiet Quinn",
      [{ direction: "inbound", body: "Yes, interested", sentAt: at(0) }],
      quietClientId,
    );
    const note = await runHandler(db.prisma, sms, await enqueuePostProcess(db.prisma, inbound), at(10));
    // A short SMS reply with no outbound would import history; this lead has no GoHighLevel connection.
    expect(note).toBe("sentiment POSITIVE · no draft: auto-send off · history sync skipped: no GoHighLevel connection");
    expect(await db.prisma.aIDraft.count({ where: { leadId: lead.id } })).toBe(0);
    expect((await jobsOf(inbound.id)).map((j) => j.type)).toEqual([
      "SMS_INBOUND_POST_PROCESS",
      "LEAD_SCORING_POST_PROCESS",
    ]);
    expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).sentiment).toBe("POSITIVE");
  });

  it("for a NEGATIVE reply (SmartLead), which marks the lead not interested", async () => {
    const { lead, inbound } = await thread("Nora No", [
      { channel: "email", direction: "inbound", body: "Not interested, please remove me.", sentAt: at(0) },
    ]);
    const job = await enqueuePostProcess(db.prisma, inbound, "SMARTLEAD_INBOUND_POST_PROCESS");
    const note = await runHandler(db.prisma, createSmartleadInboundPostProcess(config), job, at(5));
    expect(note).toBe("sentiment NEGATIVE · no draft: no answer wanted");
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({
      sentiment: "NEGATIVE",
      status: "NOT_INTERESTED",
    });
    expect(await db.prisma.aIDraft.count({ where: { leadId: lead.id } })).toBe(0);
  });

  it("for an Instantly auto_reply_received delivery, whatever its words (OUT_OF_OFFICE, status kept)", async () => {
    const { lead, inbound } = await thread("Otto Office", [
      { channel: "email", direction: "inbound", body: "Yes! Happy to chat when I am back.", sentAt: at(0) },
    ]);
    await db.prisma.webhookEvent.create({
      data: {
        provider: "INSTANTLY",
        clientId,
        dedupeKey: `instantly:${inbound.id}`,
        eventType: "auto_reply_received",
        receivedAt: at(0),
        headers: {},
        rawBody: "{}",
        rawBodyBytes: 2,
        rawBodySha256: "0".repeat(64),
        status: "processed",
        messageId: inbound.id,
      },
    });
    const job = await enqueuePostProcess(db.prisma, inbound, "INSTANTLY_INBOUND_POST_PROCESS");
    const note = await runHandler(db.prisma, createInstantlyInboundPostProcess(config), job, at(5));
    expect(note).toBe("sentiment OUT_OF_OFFICE · no draft: no answer wanted");
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({
      sentiment: "OUT_OF_OFFICE",
      status: "CONTACTED",
    });
  });

  it("for a reply the webhook pipeline flagged as an auto-reply in the job payload", async () => {
    const { inbound } = await thread("Paula Payload", [
      { channel: "email", direction: "inbound", body: "Sounds great, count me in", sentAt: at(0) },
    ]);
    const job = await enqueuePostProcess(db.prisma, inbound, "INSTANTLY_INBOUND_POST_PROCESS", {
      payload: { isAutoReply: true },
    });
    expect(await runHandler(db.prisma, createInstantlyInboundPostProcess(config), job, at(5))).toBe(
      "sentiment OUT_OF_OFFICE · no draft: no answer wanted",
    );
  });

  it("for an out-of-office text on GoHighLevel email", async () => {
    const { inbound } = await thread("Vera Vacation", [
      { channel: "email", direction: "inbound", subject: "Out of Office", body: "Back on Monday.", sentAt: at(0) },
    ]);
    const job = await enqueuePostProcess(db.prisma, inbound, "EMAIL_INBOUND_POST_PROCESS");
    expect(await runHandler(db.prisma, createEmailInboundPostProcess(config), job, at(5))).toBe(
      "sentiment OUT_OF_OFFICE · no draft: no answer wanted",
    );
  });

  it("when a setter already answered after the reply", async () => {
    const { lead, inbound } = await thread("Sam Setter", [
      { direction: "inbound", body: "Tell me more", sentAt: at(0) },
      { direction: "outbound", body: "Sure, here is more", sentAt: at(20), sentBy: "setter" },
    ]);
    const note = await runHandler(db.prisma, sms, await enqueuePostProcess(db.prisma, inbound), at(30));
    expect(note).toBe("sentiment POSITIVE · no draft: a newer message is in the thread");
    expect(await db.prisma.aIDraft.count({ where: { leadId: lead.id } })).toBe(0);
  });

  it("when a newer inbound is in the thread (its own job drafts), at the same second too", async () => {
    // Thread order is (sentAt, id): at the same second the larger id is the newer message.
    const { lead, messages } = await thread("Tie Tina", [
      { id: "7e570000-0000-4000-8000-000000000002", direction: "inbound", body: "Yes", sentAt: at(0) },
      {
        id: "7e570000-0000-4000-8000-000000000001",
        direction: "inbound",
        body: "Can we talk tomorrow?",
        sentAt: at(0),
      },
    ]);
    const [newer, older] = messages;
    const noteOld = await runHandler(db.prisma, sms, await enqueuePostProcess(db.prisma, older!), at(5));
    expect(noteOld).toBe(
      "sentiment MEETING_REQUESTED · lead kept (a newer reply decides) · no draft: a newer message is in the thread",
    );
    await runHandler(db.prisma, sms, await enqueuePostProcess(db.prisma, newer!), at(6));
    expect((await db.prisma.aIDraft.findMany({ where: { leadId: lead.id } })).map((d) => d.triggerMessageId)).toEqual([
      newer!.id,
    ]);
  });
});

describe("the lead", () => {
  it("a booked lead saying no stays MEETING_BOOKED", async () => {
    const created = await createLeadWithThread(db.prisma, {
      clientId,
      name: "Booked Bo",
      status: "MEETING_BOOKED",
      messages: [{ direction: "inbound", body: "Not interested anymore", sentAt: at(0) }],
    });
    await runHandler(db.prisma, sms, await enqueuePostProcess(db.prisma, created.messages[0]!), at(5));
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id: created.lead.id } })).toMatchObject({
      status: "MEETING_BOOKED",
      sentiment: "NEGATIVE",
    });
  });

  it("an older reply processed late does not overwrite the newer reply's sentiment", async () => {
    const { lead, messages } = await thread("Order Olga", [
      { direction: "inbound", body: "Not interested", sentAt: at(0) },
      { channel: "linkedin", direction: "inbound", body: "Actually yes, I'm interested", sentAt: at(100) },
    ]);
    const [first, second] = messages;
    await runHandler(
      db.prisma,
      createLinkedinInboundPostProcess(config),
      await enqueuePostProcess(db.prisma, second!),
      at(110),
    );
    const note = await runHandler(db.prisma, sms, await enqueuePostProcess(db.prisma, first!), at(120));
    expect(note).toBe(
      "sentiment NEGATIVE · lead kept (a newer reply decides) · no draft: no answer wanted · history sync skipped: no GoHighLevel connection",
    );
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({
      sentiment: "POSITIVE",
      status: "ENGAGED",
    });
    const draft = await db.prisma.aIDraft.findFirstOrThrow({ where: { leadId: lead.id } });
    expect(draft).toMatchObject({ triggerMessageId: second!.id, channel: "linkedin" });
  });
});

describe("skips and wiring errors", () => {
  it("skips with a note when the message is gone or is outbound", async () => {
    const { inbound, messages } = await thread("Gone Gail", [
      { direction: "inbound", body: "Yes", sentAt: at(0) },
      { direction: "outbound", body: "Great", sentAt: at(10) },
    ]);
    const job = await enqueuePostProcess(db.prisma, inbound);
    const ghost = { ...job, messageId: "00000000-0000-4000-8000-000000000000" };
    expect(await sms(jobContext(db.prisma, ghost, at(20)))).toEqual({ note: "skipped: the message no longer exists" });
    const outbound = { ...job, messageId: messages[1]!.id };
    expect(await sms(jobContext(db.prisma, outbound, at(20)))).toEqual({
      note: "skipped: the message is not an inbound reply",
    });
  });

  it("a run abandoned at its timeout writes nothing, even with the built-in classifier", async () => {
    const { lead, inbound } = await thread("Late Lou", [{ direction: "inbound", body: "Yes, call me", sentAt: at(0) }]);
    const job = await enqueuePostProcess(db.prisma, inbound);
    const timedOut = new AbortController();
    timedOut.abort(new Error("timed out after 60000 ms"));
    await expect(sms(jobContext(db.prisma, job, at(5), timedOut.signal))).rejects.toThrow("timed out");
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({ sentiment: null });
    expect(await db.prisma.aIDraft.count({ where: { triggerMessageId: inbound.id } })).toBe(0);
    expect(await db.prisma.aIInteraction.count({ where: { messageId: inbound.id } })).toBe(0);
    expect((await jobsOf(inbound.id)).map((j) => j.type)).toEqual(["SMS_INBOUND_POST_PROCESS"]);
  });

  it("refuses a message on another channel than its job type (a wiring bug) as permanent", async () => {
    const { inbound } = await thread("Wired Wes", [
      { channel: "email", direction: "inbound", body: "Yes", sentAt: at(0) },
    ]);
    const job = await enqueuePostProcess(db.prisma, inbound, "SMS_INBOUND_POST_PROCESS");
    await expect(sms(jobContext(db.prisma, job, at(5)))).rejects.toThrow(PermanentJobError);
    await expect(sms(jobContext(db.prisma, job, at(5)))).rejects.toThrow("expects sms messages, got email");
  });
});
