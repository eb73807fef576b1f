// The AI path against a local OpenAI-compatible server (real HTTP through the AI SDK):
// answers are used and their tokens recorded; a slow answer, a 429, a 500 and an answer
// that does not match fall back to the built-in classifier/drafter/scorer, the job still
// succeeds, and AIInteraction keeps both the failed call and the fallback.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLeadScoringPostProcess } from "@/lib/background-jobs/handlers/lead-scoring-post-process";
import { createSmsInboundPostProcess } from "@/lib/background-jobs/handlers/sms-inbound-post-process";
import { draftReplyByTemplate } from "@/lib/post-processing/draft-reply";
import { createWorkspace } from "../helpers/fixtures";
import { startFakeOpenAi, type ChatRequest, type FakeAnswer, type FakeOpenAi } from "../helpers/fake-openai-server";
import {
  createLeadWithThread,
  enqueuePostProcess,
  jobContext,
  runHandler,
  testConfig,
} from "../helpers/post-process-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;
let fake: FakeOpenAi;
let clientId: string;
const T0 = new Date("2026-10-14T15:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

type Purpose = "classify" | "draft" | "score";
const purposeOf = (r: ChatRequest): Purpose =>
  r.text.includes("You classify") ? "classify" : r.text.includes("You write the next message") ? "draft" : "score";
let answers: Record<Purpose, FakeAnswer>;

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Alpha")).id;
  fake = await startFakeOpenAi((request) => answers[purposeOf(request)]);
});

afterEach(() => {
  fake.requests.length = 0;
});

afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

const handler = (timeoutMs = 5_000) =>
  createSmsInboundPostProcess(
    testConfig({ ai: { baseUrl: fake.baseUrl, apiKey: "sk-test", model: "test-model", timeoutMs } }),
  );

async function reply(name: string, body: string) {
  const { lead, messages } = await createLeadWithThread(db.prisma, {
    clientId,
    name,
    messages: [
      { direction: "outbound", body: "Hi! Want to see how Acme cuts your onboarding time?", sentAt: at(0) },
      { direction: "inbound", body, sentAt: at(60) },
    ],
  });
  return { lead, inbound: messages[1]! };
}

// Rows of one run share a createdAt (one transaction): order them as the calls happened,
// by run, then purpose, then the fallback after the failed call it replaced.
const PURPOSE_ORDER = ["classify", "draft", "score"];
const calls = async (jobId: string) =>
  (await db.prisma.aIInteraction.findMany({ where: { backgroundJobId: jobId } })).sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() ||
      PURPOSE_ORDER.indexOf(a.purpose) - PURPOSE_ORDER.indexOf(b.purpose) ||
      Number(a.outcome === "fallback") - Number(b.outcome === "fallback"),
  );
const summary = (rows: Awaited<ReturnType<typeof calls>>) =>
  rows.map((r) => ({ purpose: r.purpose, model: r.model, outcome: r.outcome }));

describe("with a configured model", () => {
  it("uses its classification and draft, and records model, tokens and the request it sent", async () => {
    answers = {
      classify: { content: '{"sentiment":"meeting requested"}', usage: { prompt: 120, completion: 8 } },
      draft: {
        content: "  Hi Jordan! Thursday 3pm works. Shall I send an invite?  ",
        usage: { prompt: 150, completion: 14 },
      },
      score: { content: '{"score": 80}' },
    };
    const { lead, inbound } = await reply("Jordan Rivera", "Is Thursday at 3pm still open?");
    const job = await enqueuePostProcess(db.prisma, inbound);
    const note = await runHandler(db.prisma, handler(), job, at(90));

    expect(note?.startsWith("sentiment MEETING_REQUESTED · draft created")).toBe(true);
    const draft = await db.prisma.aIDraft.findFirstOrThrow({ where: { triggerMessageId: inbound.id } });
    expect(draft.content).toBe("Hi Jordan! Thursday 3pm works. Shall I send an invite?");
    expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).sentiment).toBe("MEETING_REQUESTED");

    const rows = await calls(job.id);
    expect(
      rows.map((r) => [r.purpose, r.model, r.outcome, r.promptTokens, r.completionTokens, r.totalTokens, r.error]),
    ).toEqual([
      ["classify", "test-model", "success", 120, 8, 128, null],
      ["draft", "test-model", "success", 150, 14, 164, null],
    ]);
    expect(rows.every((r) => r.source === "background-job/sms-inbound-post-process" && r.latencyMs >= 0)).toBe(true);

    const [classify, drafting] = fake.requests;
    expect(classify!.authorization).toBe("Bearer sk-test");
    expect(classify!.body.model).toBe("test-model");
    expect(classify!.body.response_format).toEqual({ type: "json_object" });
    expect(classify!.text).toContain("Us: Hi! Want to see how Acme cuts your onboarding time?");
    expect(classify!.text).toContain("Is Thursday at 3pm still open?");
    expect(drafting!.body.response_format).toBeUndefined();
    expect(drafting!.text).toContain("The lead's first name is Jordan");
  });

  it("a slow model times out: recorded as timeout, the built-in answers (outcome fallback)", async () => {
    answers = {
      classify: { content: '{"sentiment":"NEGATIVE"}', delayMs: 3_000 },
      draft: { content: "Great, talk soon!", usage: { prompt: 10, completion: 4 } },
      score: { content: '{"score": 1}' },
    };
    const { lead, inbound } = await reply("Tim Slow", "Sounds good, tell me more");
    const job = await enqueuePostProcess(db.prisma, inbound);
    await runHandler(db.prisma, handler(200), job, at(90));
    expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).sentiment).toBe("POSITIVE");
    const rows = await calls(job.id);
    expect(summary(rows)).toEqual([
      { purpose: "classify", model: "test-model", outcome: "timeout" },
      { purpose: "classify", model: "builtin-rules", outcome: "fallback" },
      { purpose: "draft", model: "test-model", outcome: "success" },
    ]);
    expect(rows[0]!.error).toBe("no answer within 200 ms");
    expect(rows[0]!.totalTokens).toBeNull();
  });

  it("429 on every call: rate_limited rows, built-in sentiment and template draft, the job succeeds", async () => {
    answers = {
      classify: { status: 429, message: "Rate limit reached for requests", type: "rate_limit_error" },
      draft: { status: 429, message: "Rate limit reached for requests", type: "rate_limit_error" },
      score: { status: 429, message: "Rate limit reached for requests", type: "rate_limit_error" },
    };
    const { inbound } = await reply("Rita Rate", "Yes, I'm interested");
    const job = await enqueuePostProcess(db.prisma, inbound);
    const note = await runHandler(db.prisma, handler(), job, at(90));
    expect(note?.startsWith("sentiment POSITIVE · draft created")).toBe(true);
    const draft = await db.prisma.aIDraft.findFirstOrThrow({ where: { triggerMessageId: inbound.id } });
    expect(draft.content).toBe(
      draftReplyByTemplate({
        inboundMessageId: inbound.id,
        sentiment: "POSITIVE",
        channel: "sms",
        leadName: "Rita Rate",
      }),
    );
    const rows = await calls(job.id);
    expect(summary(rows)).toEqual([
      { purpose: "classify", model: "test-model", outcome: "rate_limited" },
      { purpose: "classify", model: "builtin-rules", outcome: "fallback" },
      { purpose: "draft", model: "test-model", outcome: "rate_limited" },
      { purpose: "draft", model: "builtin-drafter", outcome: "fallback" },
    ]);
    expect(rows[0]!.error).toContain("Rate limit reached for requests");
  });

  it("500 and an answer outside the labels are errors with the built-in as fallback", async () => {
    answers = {
      classify: { content: '{"sentiment":"MAYBE"}', usage: { prompt: 30, completion: 5 } },
      draft: { status: 500, message: "The server had an error while processing your request" },
      score: { content: "{}" },
    };
    const { inbound } = await reply("Erin Error", "Who is this?");
    const job = await enqueuePostProcess(db.prisma, inbound);
    await runHandler(db.prisma, handler(), job, at(90));
    const rows = await calls(job.id);
    expect(summary(rows)).toEqual([
      { purpose: "classify", model: "test-model", outcome: "error" },
      { purpose: "classify", model: "builtin-rules", outcome: "fallback" },
      { purpose: "draft", model: "test-model", outcome: "error" },
      { purpose: "draft", model: "builtin-drafter", outcome: "fallback" },
    ]);
    expect(rows[0]!.error).toContain("did not match");
    expect(rows[2]!.error).toContain("The server had an error");
  });

  it("scores with the model, and with the built-in points when the model fails", async () => {
    answers = {
      classify: { content: '{"sentiment":"POSITIVE"}' },
      draft: { content: "Hi!" },
      score: { content: '{"score": 81.4}', usage: { prompt: 60, completion: 4 } },
    };
    const { lead, inbound } = await reply("Sid Score", "Yes");
    const job = await db.prisma.backgroundJob.create({
      data: { clientId, type: "LEAD_SCORING_POST_PROCESS", runAt: at(60), leadId: lead.id, messageId: inbound.id },
    });
    const scoring = createLeadScoringPostProcess(
      testConfig({ ai: { baseUrl: fake.baseUrl, apiKey: "sk-test", model: "test-model", timeoutMs: 5_000 } }),
    );
    expect(await runHandler(db.prisma, scoring, job, at(90))).toBe("score 81");
    expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).score).toBe(81);

    answers.score = { status: 500, message: "boom" };
    await runHandler(db.prisma, scoring, job, at(120));
    const rows = await calls(job.id);
    expect(rows.map((r) => [r.model, r.outcome, r.totalTokens])).toEqual([
      ["test-model", "success", 64],
      ["test-model", "error", null],
      ["builtin-rules", "fallback", null],
    ]);
    const rescored = await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(rescored.score).not.toBe(81);
    expect(rescored.scoredAt).toEqual(at(120));
  });

  it("when the job's own deadline fires mid-call the run is abandoned and nothing is written", async () => {
    answers = {
      classify: { content: '{"sentiment":"POSITIVE"}', delayMs: 5_000 },
      draft: { content: "Hi!" },
      score: { content: "{}" },
    };
    const { lead, inbound } = await reply("Abe Abort", "Yes");
    const job = await enqueuePostProcess(db.prisma, inbound);
    const controller = new AbortController();
    const running = handler(30_000)(jobContext(db.prisma, job, at(90), controller.signal));
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(new Error("job timed out"));
    await expect(running).rejects.toThrow("job timed out");
    expect(await db.prisma.aIInteraction.count({ where: { backgroundJobId: job.id } })).toBe(0);
    expect(await db.prisma.aIDraft.count({ where: { leadId: lead.id } })).toBe(0);
    expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).sentiment).toBeNull();
  });
});
