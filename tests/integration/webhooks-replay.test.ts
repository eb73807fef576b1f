// `npm run webhooks:replay` on a real database: the library (joins, idempotence) and the CLI
// as a real child process (dry run writes nothing, a rejected event that now parses produces
// its message and flips to processed, a truncated raw body is reported, bad flags exit 2).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayWebhookEvents } from "@/lib/webhooks/replay";
import { ingestWebhook } from "@/lib/webhooks/ingest";
import { sha256Hex } from "@/lib/webhooks/raw-body";
import { runCli } from "../helpers/backfill-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import {
  generateGhlTestKeys,
  ghlBody,
  ghlConfig,
  ghlRequest,
  receivedJustAfter,
  rowCounts,
  signGhl,
} from "../helpers/ghl-webhook-fixtures";

const keys = generateGhlTestKeys();
const config = ghlConfig(keys);
const quiet = { warn: () => undefined, error: () => undefined };

let db: TestDatabase;
let clientId: string;
let connectionId: string;

/** A stored event as an older parser left it: rejected, with its raw body intact unless `truncated`. */
async function rejectedEvent(body: string, dedupeKey: string, options: { truncated?: boolean } = {}) {
  const raw = options.truncated ? body.slice(0, 40) : body;
  return db.prisma.webhookEvent.create({
    data: {
      provider: "GHL",
      connectionId,
      clientId,
      dedupeKey,
      eventType: "InboundMessage",
      receivedAt: receivedJustAfter(body),
      headers: { "content-type": "application/json" },
      rawBody: raw,
      rawBodyBytes: Buffer.byteLength(body),
      rawBodySha256: sha256Hex(body),
      rawBodyTruncated: options.truncated ?? false,
      status: "rejected",
      reason: "old parser: messageType unknown",
    },
  });
}

const cli = (args: string[]) => runCli("webhooks-replay.ts", args, { DATABASE_URL: db.url });

beforeAll(async () => {
  db = await createTestDatabase();
  clientId = (await createWorkspace(db.prisma, "Replay Co")).id;
  connectionId = (
    await db.prisma.providerConnection.create({
      data: { clientId, provider: "GHL", externalAccountId: "Xq3LpRt8vYb2NcK7WmZa" },
    })
  ).id;
  // A live delivery that produced its message.
  const body = ghlBody("InboundMessage.sms.json");
  const live = await ingestWebhook({
    request: ghlRequest(body, signGhl(body, keys)),
    provider: "GHL",
    db: db.prisma,
    config,
    now: receivedJustAfter(body),
    log: quiet,
  });
  expect(live.outcome).toBe("stored");
});

afterAll(async () => {
  await db?.drop();
});

describe("replayWebhookEvents", () => {
  it("a rejected event whose message already exists joins it (no second message); running again changes nothing", async () => {
    // Same messageId as the live delivery, stored under another key by an older parser.
    const event = await rejectedEvent(ghlBody("InboundMessage.sms.json", { webhookId: "older" }), "older-key");
    const before = await rowCounts(db.prisma);
    const now = new Date("2026-10-20T00:00:00Z");
    const summary = await replayWebhookEvents({
      db: db.prisma,
      provider: "GHL",
      status: "rejected",
      dryRun: false,
      now,
    });
    expect(summary).toMatchObject({ examined: 1, processed: 1, rejected: 0 });
    const after = await db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: event.id } });
    const message = await db.prisma.message.findFirstOrThrow({ where: { ghlMessageId: "Pk7RwX2nLqB9vTzM4cYe" } });
    expect(after).toMatchObject({
      status: "processed",
      messageId: message.id,
      replayCount: 1,
      lastReplayedAt: now,
      reason: null,
    });
    expect(await rowCounts(db.prisma)).toEqual(before);

    const again = await replayWebhookEvents({ db: db.prisma, provider: "GHL", dryRun: false, now });
    expect(again).toMatchObject({ examined: 2, unchanged: 2, processed: 0 });
    expect((await db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).replayCount).toBe(1);
    expect(await rowCounts(db.prisma)).toEqual(before);
  });
});

describe("the webhooks:replay CLI", () => {
  it("--dry-run reports and changes nothing; a real run produces the message; a truncated body cannot be replayed", async () => {
    const fixable = await rejectedEvent(
      ghlBody("InboundMessage.sms.json", { messageId: "ReplayMe", webhookId: "w-replay" }),
      "ReplayMe",
    );
    const truncated = await rejectedEvent(ghlBody("InboundMessage.sms.json", { messageId: "Cut" }), "Cut", {
      truncated: true,
    });
    const before = await rowCounts(db.prisma);
    const snapshot = async () => db.prisma.webhookEvent.findMany({ orderBy: { id: "asc" } });
    const eventsBefore = await snapshot();

    const dry = await cli(["--provider", "ghl", "--status", "rejected", "--dry-run"]);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("dry run, nothing is written");
    expect(dry.stdout).toContain(`${fixable.id} (ReplayMe): rejected → would be processed`);
    expect(dry.stdout).toMatch(
      new RegExp(`${truncated.id} \\(Cut\\): cannot be replayed: raw body was cut at 40 of \\d+ bytes`),
    );
    expect(dry.stdout).toContain(
      "Summary: 2 examined, 0 unchanged, would be 1 processed, would be 0 rejected, would be 0 ignored, 1 cannot be replayed.",
    );
    expect(await rowCounts(db.prisma)).toEqual(before);
    expect(await snapshot()).toEqual(eventsBefore);

    const run = await cli(["--provider", "GHL", "--status", "rejected", "--since", "2026-10-01"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`${fixable.id} \\(ReplayMe\\): rejected → processed \\(message [0-9a-f-]{36}\\)`),
    );
    expect(run.stdout).toContain(
      "Summary: 2 examined, 0 unchanged, 1 processed, 0 rejected, 0 ignored, 1 cannot be replayed.",
    );
    const message = await db.prisma.message.findUniqueOrThrow({ where: { ghlMessageId: "ReplayMe" } });
    expect(await db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: fixable.id } })).toMatchObject({
      status: "processed",
      messageId: message.id,
      replayCount: 1,
    });
    expect(
      await db.prisma.backgroundJob.count({ where: { messageId: message.id, type: "SMS_INBOUND_POST_PROCESS" } }),
    ).toBe(1);
    expect(await db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: truncated.id } })).toMatchObject({
      status: "rejected",
      replayCount: 0,
    });
    expect(await rowCounts(db.prisma)).toEqual({ ...before, messages: before.messages + 1, jobs: before.jobs + 1 });

    // Idempotent: everything again, nothing changes.
    const settled = await rowCounts(db.prisma);
    const again = await cli(["--provider", "ghl"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      "Summary: 4 examined, 3 unchanged, 0 processed, 0 rejected, 0 ignored, 1 cannot be replayed.",
    );
    expect(await rowCounts(db.prisma)).toEqual(settled);
  });

  it("bad flags print the usage and exit 2", async () => {
    const results = await Promise.all([
      cli([]),
      cli(["--provider", "hubspot"]),
      cli(["--provider", "ghl", "--since", "yesterday"]),
      cli(["--provider", "ghl", "--status", "duplicate"]),
      cli(["--provider", "ghl", "--frobnicate"]),
      cli(["--provider", "ghl", "extra"]),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2]);
    for (const result of results) expect(result.stderr).toContain("Usage: npm run webhooks:replay");
    expect(results[0]!.stderr).toContain("--provider is required");
    expect(results[1]!.stderr).toContain("--provider must be one of ghl, unipile, smartlead, instantly, calendly");
    expect(results[2]!.stderr).toContain("--since must be an ISO date");
    expect(results[3]!.stderr).toContain("--status must be processed, ignored or rejected");
  });
});
