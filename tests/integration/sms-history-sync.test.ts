// SMS history sync against a local fake GoHighLevel: a short reply with no outbound in
// its thread imports the conversation (paged, bounded by pages and messages), dedupes
// against messages a webhook already stored, attributes outbound to members, moves
// lastInboundAt/lastOutboundAt forward, and fails soft on 401 and 429.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSmsInboundPostProcess } from "@/lib/background-jobs/handlers/sms-inbound-post-process";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { createUser, createWorkspace } from "../helpers/fixtures";
import { startFakeGhl, type FakeGhl, type FakeGhlMessage } from "../helpers/fake-ghl-server";
import {
  createLeadWithThread,
  enqueuePostProcess,
  runHandler,
  TEST_ENCRYPTION_KEY,
  testConfig,
} from "../helpers/post-process-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import type { PostProcessConfig } from "@/lib/post-processing/post-process-config";

let db: TestDatabase;
let ghl: FakeGhl;
let clientId: string;
let setterId: string;
const T0 = new Date("2026-10-14T15:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const iso = (seconds: number) => at(seconds).toISOString();

beforeAll(async () => {
  db = await createTestDatabase();
  ghl = await startFakeGhl();
  clientId = (await createWorkspace(db.prisma, "Alpha")).id;
  setterId = (await createUser(db.prisma, "dana@example.com", [{ clientId, role: "SETTER" }])).id;
  await db.prisma.memberProviderIdentity.create({
    data: { clientId, userId: setterId, provider: "GHL", externalUserId: "ghl-user-dana" },
  });
});

afterEach(() => {
  ghl.requests.length = 0;
  ghl.pageSize = 20;
  ghl.envelope = "wrapped";
  ghl.failPage = null;
});

afterAll(async () => {
  await ghl?.close();
  await db?.drop();
});

async function connection(options: { mode?: "live" | "sandbox"; apiKey?: string | null } = {}) {
  const apiKey = options.apiKey === undefined ? "ghl-test-key" : options.apiKey;
  return db.prisma.providerConnection.create({
    data: {
      clientId,
      provider: "GHL",
      externalAccountId: `loc-${randomUUID()}`,
      mode: options.mode ?? "live",
      apiKeyEnc: apiKey ? encryptSecret(apiKey, TEST_ENCRYPTION_KEY) : null,
      apiBaseUrl: ghl.baseUrl,
    },
  });
}

/** A lead whose only message is a short SMS reply that came in by webhook. */
async function shortReply(opts: {
  body?: string;
  connectionId: string;
  history: FakeGhlMessage[];
  before?: "outbound";
}) {
  const conversationId = `conv-${randomUUID()}`;
  const inboundGhlId = `in-${randomUUID()}`;
  ghl.conversations.set(conversationId, [
    { id: inboundGhlId, direction: "inbound", body: opts.body ?? "yes", dateAdded: iso(1000) },
    ...opts.history,
  ]);
  const { lead, messages } = await createLeadWithThread(db.prisma, {
    clientId,
    name: "Jordan Rivera",
    messages: [
      ...(opts.before ? [{ direction: "outbound" as const, body: "Hi from Leadclock", sentAt: at(10) }] : []),
      {
        direction: "inbound",
        body: opts.body ?? "yes",
        sentAt: at(1000),
        ghlMessageId: inboundGhlId,
        connectionId: opts.connectionId,
        providerContext: { contactId: "contact-1", conversationId },
      },
    ],
  });
  return { lead, inbound: messages.at(-1)!, conversationId };
}

const campaign = (n: number, seconds: number): FakeGhlMessage => ({
  id: `h-${randomUUID()}-${n}`,
  direction: n % 2 ? "outbound" : "inbound",
  body: `history ${n}`,
  dateAdded: iso(seconds),
});

async function run(inbound: Parameters<typeof enqueuePostProcess>[1], config: PostProcessConfig = testConfig()) {
  return runHandler(
    db.prisma,
    createSmsInboundPostProcess(config),
    await enqueuePostProcess(db.prisma, inbound),
    at(1030),
  );
}

describe("history sync", () => {
  it("imports the conversation page by page, attributes outbound, and still drafts", async () => {
    const conn = await connection();
    const history: FakeGhlMessage[] = [
      {
        id: `dana-${randomUUID()}`,
        direction: "outbound",
        body: "Shall we talk Thursday?",
        dateAdded: iso(900),
        userId: "ghl-user-dana",
      },
      { id: `lead-${randomUUID()}`, direction: "inbound", body: "Who is this?", dateAdded: iso(500) },
      {
        id: `camp-${randomUUID()}`,
        direction: "outbound",
        body: "Hi Jordan, quick question",
        dateAdded: iso(100),
        userId: "someone-else",
      },
      {
        id: `react-${randomUUID()}`,
        direction: "inbound",
        body: "👍",
        dateAdded: iso(950),
        messageType: "TYPE_SMS_REACTION",
      },
    ];
    ghl.pageSize = 2;
    const { lead, inbound, conversationId } = await shortReply({ connectionId: conn.id, history });
    const note = await run(inbound);

    expect(note).toContain("history sync: 3 imported of 4 fetched in 3 page(s)");
    expect(note).toContain("draft created");
    expect(ghl.requests.map((r) => [r.conversationId, r.authorization, r.version, r.type])).toEqual(
      Array(3).fill([conversationId, "Bearer ghl-test-key", "2021-04-15", "TYPE_SMS"]),
    );
    const firstPageLast = history[0]!.id;
    expect(ghl.requests.map((r) => r.lastMessageId)).toEqual([null, firstPageLast, history[2]!.id]);

    const thread = await db.prisma.message.findMany({ where: { leadId: lead.id }, orderBy: { sentAt: "asc" } });
    expect(thread.map((m) => [m.body, m.direction, m.sentBy, m.sentByUserId, m.connectionId])).toEqual([
      ["Hi Jordan, quick question", "outbound", "system", null, conn.id],
      ["Who is this?", "inbound", null, null, conn.id],
      ["Shall we talk Thursday?", "outbound", "setter", setterId, conn.id],
      ["yes", "inbound", null, null, conn.id],
    ]);
    expect(thread[0]!.providerContext).toEqual({ conversationId, contactId: "contact-1", importedBy: "history-sync" });
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({
      lastOutboundAt: at(900),
      lastInboundAt: at(500),
      sentiment: "POSITIVE",
    });
  });

  it("dedupes against a message a webhook already stored, and a second run imports nothing", async () => {
    const conn = await connection();
    const shared: FakeGhlMessage = {
      id: `shared-${randomUUID()}`,
      direction: "inbound",
      body: "hello?",
      dateAdded: iso(300),
    };
    const { lead, inbound } = await shortReply({ connectionId: conn.id, history: [campaign(1, 400), shared] });
    // The webhook stored this one first (same provider message id).
    await db.prisma.message.create({
      data: {
        clientId,
        leadId: lead.id,
        channel: "sms",
        direction: "inbound",
        body: "webhook copy",
        sentAt: at(300),
        ghlMessageId: shared.id,
      },
    });
    const job = await enqueuePostProcess(db.prisma, inbound);
    const handler = createSmsInboundPostProcess(testConfig());
    // Fetched: the reply itself, the campaign outbound and the shared inbound; only the outbound is new.
    expect(await runHandler(db.prisma, handler, job, at(1030))).toContain(
      "history sync: 1 imported of 3 fetched in 1 page(s)",
    );
    expect(await db.prisma.message.count({ where: { ghlMessageId: shared.id } })).toBe(1);
    expect((await db.prisma.message.findUniqueOrThrow({ where: { ghlMessageId: shared.id } })).body).toBe(
      "webhook copy",
    );
    expect(await db.prisma.message.count({ where: { ghlMessageId: inbound.ghlMessageId } })).toBe(1);
    // Now an outbound is in the thread: a re-run does not sync again and changes nothing.
    expect(await runHandler(db.prisma, handler, job, at(1040))).not.toContain("history sync");
    expect(await db.prisma.message.count({ where: { leadId: lead.id } })).toBe(3);
    expect(ghl.requests).toHaveLength(1);
  });

  it("is bounded by GHL_EXPORT_MAX_PAGES", async () => {
    const conn = await connection();
    const history = Array.from({ length: 10 }, (_, i) => campaign(i, 900 - i * 10));
    ghl.pageSize = 3;
    const { inbound } = await shortReply({ connectionId: conn.id, history });
    const config = testConfig();
    config.historySync.maxPages = 2;
    const note = await run(inbound, config);
    expect(ghl.requests).toHaveLength(2);
    expect(note).toContain("history sync: 5 imported of 6 fetched in 2 page(s), stopped at max-pages");
  });

  it("is bounded by GHL_EXPORT_MAX_MESSAGES (and asks for no more than it keeps)", async () => {
    const conn = await connection();
    const history = Array.from({ length: 10 }, (_, i) => campaign(i, 900 - i * 10));
    const { lead, inbound } = await shortReply({ connectionId: conn.id, history });
    const config = testConfig();
    config.historySync.maxMessages = 4;
    const note = await run(inbound, config);
    expect(ghl.requests.map((r) => r.limit)).toEqual(["4"]);
    expect(note).toContain("history sync: 3 imported of 4 fetched in 1 page(s), stopped at max-messages");
    expect(await db.prisma.message.count({ where: { leadId: lead.id } })).toBe(4);
  });

  it("reads the documented unwrapped page shape too", async () => {
    const conn = await connection();
    ghl.envelope = "unwrapped";
    const { inbound } = await shortReply({ connectionId: conn.id, history: [campaign(1, 500)] });
    expect(await run(inbound)).toContain("history sync: 1 imported of 2 fetched in 1 page(s)");
  });

  it("skips a reply that already answers an outbound in its thread, and a long reply", async () => {
    const conn = await connection();
    const answered = await shortReply({ connectionId: conn.id, history: [campaign(1, 500)], before: "outbound" });
    expect(await run(answered.inbound)).not.toContain("history sync");
    const long = await shortReply({
      connectionId: conn.id,
      history: [],
      body: "Thanks for the note, Thursday afternoon would work",
    });
    expect(await run(long.inbound)).not.toContain("history sync");
    expect(ghl.requests).toHaveLength(0);
  });

  it("is switched off by SMS_POST_PROCESS_HISTORY_SYNC_ENABLED=false and by the job payload", async () => {
    const conn = await connection();
    const { inbound } = await shortReply({ connectionId: conn.id, history: [campaign(1, 500)] });
    const config = testConfig();
    config.historySync.enabled = false;
    expect(await run(inbound, config)).toContain(
      "history sync skipped: disabled by SMS_POST_PROCESS_HISTORY_SYNC_ENABLED",
    );
    const other = await shortReply({ connectionId: conn.id, history: [campaign(1, 500)] });
    const job = await enqueuePostProcess(db.prisma, other.inbound, "SMS_INBOUND_POST_PROCESS", {
      payload: { historySync: false },
    });
    expect(await runHandler(db.prisma, createSmsInboundPostProcess(testConfig()), job, at(1030))).toContain(
      "history sync skipped: disabled for this job",
    );
    expect(ghl.requests).toHaveLength(0);
  });

  it("skips sandbox connections and connections without an API key", async () => {
    const sandbox = await shortReply({ connectionId: (await connection({ mode: "sandbox" })).id, history: [] });
    expect(await run(sandbox.inbound)).toContain("history sync skipped: sandbox connection");
    const keyless = await shortReply({ connectionId: (await connection({ apiKey: null })).id, history: [] });
    expect(await run(keyless.inbound)).toContain("history sync skipped: connection has no API key");
    expect(ghl.requests).toHaveLength(0);
  });

  it("a 401 (wrong key) is noted and the job still classifies and drafts", async () => {
    const conn = await connection({ apiKey: "revoked-key" });
    const { lead, inbound } = await shortReply({ connectionId: conn.id, history: [campaign(1, 500)] });
    const note = await run(inbound);
    expect(note).toContain("history sync: 0 imported of 0 fetched in 1 page(s), stopped: GoHighLevel answered 401");
    expect(note).toContain("draft created");
    expect(await db.prisma.message.count({ where: { leadId: lead.id } })).toBe(1);
  });

  it("a 429 on a later page keeps what was fetched before it", async () => {
    const conn = await connection();
    ghl.pageSize = 2;
    ghl.failPage = { page: 2, status: 429 };
    const { inbound } = await shortReply({
      connectionId: conn.id,
      history: [campaign(1, 500), campaign(2, 400), campaign(3, 300)],
    });
    expect(await run(inbound)).toContain(
      "history sync: 1 imported of 2 fetched in 2 page(s), stopped: GoHighLevel answered 429",
    );
  });

  it("a later outbound found in the history means the lead was answered already: no draft", async () => {
    const conn = await connection();
    const answeredInGhl: FakeGhlMessage = {
      id: `late-${randomUUID()}`,
      direction: "outbound",
      body: "Great, booked you in",
      dateAdded: iso(1010),
      userId: "ghl-user-dana",
    };
    const { inbound } = await shortReply({ connectionId: conn.id, history: [] });
    ghl.conversations
      .get((inbound.providerContext as { conversationId: string }).conversationId)!
      .unshift(answeredInGhl);
    const note = await run(inbound);
    expect(note).toContain("no draft: a newer message is in the thread");
    expect(await db.prisma.aIDraft.count({ where: { triggerMessageId: inbound.id } })).toBe(0);
  });
});
