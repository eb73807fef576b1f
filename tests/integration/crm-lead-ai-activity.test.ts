// The CRM drawer shows a delivery's outcome as soon as its jobs ran: the reply with its
// sentiment, the AI draft and the scheduled auto-send (in the workspace's zone), then the
// auto-send's note once it ran (here: canceled, the thread has no connection), read from AIDraft and
// BackgroundJob because no timing row exists before an outbound answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeDelayedAutoSendRunAt } from "@/lib/background-jobs/delayed-auto-send";
import { createAiAutoSendDelayed } from "@/lib/background-jobs/handlers/ai-auto-send-delayed";
import { createSmsInboundPostProcess } from "@/lib/background-jobs/handlers/sms-inbound-post-process";
import { activityInFlight, autoSendLabel, postProcessLabel } from "@/lib/crm/ai-activity-labels";
import { getLeadDetail } from "@/lib/crm/lead-detail";
import { formatInTimeZone } from "@/lib/format";
import { createWorkspace } from "../helpers/fixtures";

const NO_CONNECTION = "canceled: cannot send: no provider connection";
import { createLeadWithThread, enqueuePostProcess, runHandler, testConfig } from "../helpers/post-process-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const TZ = "America/Chicago";
let db: TestDatabase;
let clientId: string;
const T0 = new Date("2026-10-14T15:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Alpha", TZ)).id;
});

afterAll(async () => {
  await db?.drop();
});

describe("the drawer's AI replies", () => {
  it("shows a processed reply's sentiment, draft and scheduled auto-send, then the note after it ran", async () => {
    const { lead, messages } = await createLeadWithThread(db.prisma, {
      clientId,
      name: "Jordan Rivera",
      messages: [
        { direction: "outbound", body: "Hi Jordan, a quick demo?", sentAt: at(0) },
        { direction: "inbound", body: "Is Thursday at 3pm still open?", sentAt: at(60) },
      ],
    });
    const inbound = messages[1]!;
    const job = await enqueuePostProcess(db.prisma, inbound);

    const queued = (await getLeadDetail({ db: db.prisma, clientId, leadId: lead.id }))!;
    expect(queued.aiActivity).toHaveLength(1);
    expect(queued.aiActivity[0]).toMatchObject({ sentiment: null, postProcess: { status: "PENDING" }, draft: null });
    expect(postProcessLabel(queued.aiActivity[0]!.postProcess).tone).toBe("waiting");
    expect(activityInFlight(queued.aiActivity, at(61))).toBe(true);

    await runHandler(db.prisma, createSmsInboundPostProcess(testConfig()), job, at(70));
    const detail = (await getLeadDetail({ db: db.prisma, clientId, leadId: lead.id }))!;
    expect(detail.timing).toEqual([]);
    expect(detail.lead.sentiment).toBe("MEETING_REQUESTED");
    const item = detail.aiActivity[0]!;
    const runAt = computeDelayedAutoSendRunAt({
      inboundMessageId: inbound.id,
      inboundSentAt: at(60),
      minSeconds: 180,
      maxSeconds: 420,
    });
    expect(item).toMatchObject({
      inboundMessageId: inbound.id,
      channel: "sms",
      excerpt: "Is Thursday at 3pm still open?",
      sentiment: "MEETING_REQUESTED",
      postProcess: { status: "SUCCEEDED" },
      draft: { status: "PENDING" },
      autoSend: { status: "PENDING", runAt, note: null },
    });
    expect(item.draft!.content.startsWith("Hi Jordan, ")).toBe(true);
    expect(autoSendLabel(item.autoSend!, TZ, at(70))).toEqual({
      text: `scheduled for ${formatInTimeZone(runAt, TZ)}`,
      tone: "waiting",
    });
    expect(formatInTimeZone(runAt, TZ)).toMatch(/CDT$/);

    const sendJob = await db.prisma.backgroundJob.findFirstOrThrow({
      where: { messageId: inbound.id, type: "AI_AUTO_SEND_DELAYED" },
    });
    await runHandler(db.prisma, createAiAutoSendDelayed(), sendJob, runAt);
    const after = (await getLeadDetail({ db: db.prisma, clientId, leadId: lead.id }))!.aiActivity[0]!;
    expect(after.autoSend).toMatchObject({ status: "SUCCEEDED", note: NO_CONNECTION, finishedAt: runAt });
    expect(after.draft!.status).toBe("PENDING");
    expect(autoSendLabel(after.autoSend!, TZ, runAt).text).toBe(`ran ${formatInTimeZone(runAt, TZ)}: ${NO_CONNECTION}`);
    expect(activityInFlight([after], runAt)).toBe(false);
  });

  it("lists nothing for replies that no job touched (seeded history)", async () => {
    const { lead } = await createLeadWithThread(db.prisma, {
      clientId,
      name: "Quiet Quinn",
      messages: [{ direction: "inbound", body: "Old reply", sentAt: at(0) }],
    });
    expect((await getLeadDetail({ db: db.prisma, clientId, leadId: lead.id }))!.aiActivity).toEqual([]);
  });
});
