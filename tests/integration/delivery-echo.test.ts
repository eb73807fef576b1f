// At most once, whatever happens around the call: the provider's echo of our send joins
// the same Message whether it arrives before or after the call returns; a timeout after
// the provider took the request (and a crash after the intent) never sends again — the
// echo settles it, or the send is marked unconfirmed for a person; SmartLead's id-less
// answer is matched to its echo by connection, lead and text.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { beginAutoSend } from "@/lib/delivery/auto-send-begin";
import { resolveUnconfirmedSend } from "@/lib/delivery/resolve-unconfirmed";
import type { SendProvider } from "@/lib/providers/send-adapter";
import { startFakeProviderServer, type AcceptedRequest, type FakeProviders } from "../helpers/fake-provider-server";
import {
  acceptedId,
  createDeliveryWorkspace,
  createSendConnection,
  DELIVERY_KEY,
  deliverEcho,
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

async function setup(provider: SendProvider, draft?: string) {
  const connection = await createSendConnection(db.prisma, fake, { clientId, provider });
  const seeded = await seedAutoSend(db.prisma, {
    clientId,
    connection,
    inboundAt: at(0),
    runAt: at(200),
    ...(draft ? { draft } : {}),
  });
  const lead = await db.prisma.lead.findUniqueOrThrow({ where: { id: seeded.leadId } });
  const echo = (accepted: AcceptedRequest, id = acceptedId(accepted.body), body?: string) =>
    deliverEcho(db.prisma, {
      connection: { ...connection, provider },
      lead,
      providerMessageId: id ?? `<echo-${seeded.draftId}@mail.example.org>`,
      body: body ?? "",
      sentAt: at(201),
      now: at(202),
    });
  return { connection, seeded, lead, echo };
}

const outbound = (leadId: string) => db.prisma.message.findMany({ where: { leadId, direction: "outbound" } });

describe("the echo joins the same Message", () => {
  it("GoHighLevel: the echo arrives before the call returns → one Message, the AI's", async () => {
    const { seeded, echo } = await setup("GHL");
    const draft = await db.prisma.aIDraft.findUniqueOrThrow({ where: { id: seeded.draftId } });
    fake.beforeAnswer = async (accepted) => void (await echo(accepted, undefined, draft.content));
    await drainAutoSends(db.prisma, () => at(201));
    const messages = await outbound(seeded.leadId);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ sentBy: "ai", aiDraftId: seeded.draftId });
    expect(messages[0]!.ghlMessageId).toBe(acceptedId(fake.accepted[0]!.body));
    expect(await db.prisma.outboundSend.findFirstOrThrow({ where: { aiDraftId: seeded.draftId } })).toMatchObject({
      status: "sent",
      messageId: messages[0]!.id,
    });
  });

  it("GoHighLevel: an echo whose text differs (the provider rewrote it) still joins by id", async () => {
    const { seeded, echo } = await setup("GHL");
    fake.beforeAnswer = async (accepted) => void (await echo(accepted, undefined, "rewritten by the provider"));
    await drainAutoSends(db.prisma, () => at(201));
    const messages = await outbound(seeded.leadId);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ sentBy: "ai", aiDraftId: seeded.draftId });
  });

  for (const provider of ["INSTANTLY", "UNIPILE"] as const) {
    it(`${provider}: the echo arrives after the call returned (twice) → one Message`, async () => {
      const { seeded, echo } = await setup(provider);
      await drainAutoSends(db.prisma, () => at(201));
      await echo(fake.accepted[0]!, undefined, "Thanks!");
      await echo(fake.accepted[0]!, undefined, "Thanks!");
      const messages = await outbound(seeded.leadId);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ sentBy: "ai", aiDraftId: seeded.draftId });
    });
  }

  it("SmartLead: no id in the answer; the echo (its own Message-ID, our text quoted above the thread) folds in", async () => {
    const { seeded, echo } = await setup("SMARTLEAD", "Happy to help.\n\nDoes Tuesday work?");
    await drainAutoSends(db.prisma, () => at(201));
    const before = await outbound(seeded.leadId);
    expect(before).toHaveLength(1);
    expect(before[0]!.smartleadMessageId).toMatch(/^smartlead-local-/);
    const stored = await echo(
      fake.accepted[0]!,
      "<real-1@mail.example.org>",
      "Happy to help. Does Tuesday work?\n> On Tue, Jordan wrote: ...",
    );
    const after = await outbound(seeded.leadId);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      id: before[0]!.id,
      sentBy: "ai",
      smartleadMessageId: "<real-1@mail.example.org>",
    });
    expect(stored.messageId).toBe(before[0]!.id);
    // A re-delivery of the same echo joins by id now.
    await echo(fake.accepted[0]!, "<real-1@mail.example.org>", "Happy to help. Does Tuesday work?");
    expect(await outbound(seeded.leadId)).toHaveLength(1);
  });

  it("an outbound that is not ours (other text) stays the system's", async () => {
    const { seeded, echo } = await setup("SMARTLEAD");
    await drainAutoSends(db.prisma, () => at(201));
    await echo(fake.accepted[0]!, "<other-1@mail.example.org>", "A different email the team sent by hand");
    const messages = await outbound(seeded.leadId);
    expect(messages.map((m) => m.sentBy).sort()).toEqual(["ai", "system"]);
  });
});

describe("unknown outcome: never sent twice", () => {
  it("timeout after the provider took it, then its echo → exactly one provider message and one Message", async () => {
    const { seeded, echo } = await setup("INSTANTLY");
    fake.answer = () => ({ kind: "hang", accepted: true });
    await drainAutoSends(db.prisma, () => at(201), { sendTimeoutMs: 300 });
    expect(fake.accepted).toHaveLength(1);
    let job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: seeded.jobId } });
    expect(job.status).toBe("PENDING");
    expect(job.resultNote).toContain("waiting for the provider's echo");
    expect(await db.prisma.outboundSend.findFirstOrThrow({ where: { aiDraftId: seeded.draftId } })).toMatchObject({
      status: "sending",
      lastErrorKind: "unknown-outcome",
    });
    expect(await outbound(seeded.leadId)).toHaveLength(0);

    // Retries before and after the echo: none calls the provider again.
    fake.answer = () => ({ kind: "ok" });
    await drainAutoSends(db.prisma, () => at(240), { sendTimeoutMs: 300 });
    const draft = await db.prisma.aIDraft.findUniqueOrThrow({ where: { id: seeded.draftId } });
    await echo(fake.accepted[0]!, undefined, draft.content);
    await echo(fake.accepted[0]!, undefined, draft.content);
    await drainAutoSends(db.prisma, () => at(300), { sendTimeoutMs: 300 });
    await drainAutoSends(db.prisma, () => at(900), { sendTimeoutMs: 300 });
    expect(fake.requests).toHaveLength(1);
    const messages = await outbound(seeded.leadId);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ sentBy: "ai", aiDraftId: seeded.draftId });
    job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: seeded.jobId } });
    expect(job.status).toBe("SUCCEEDED");
    expect((await db.prisma.aIDraft.findUniqueOrThrow({ where: { id: seeded.draftId } })).status).toBe("SENT");
  });

  it("no echo: unconfirmed after the grace period, then a person resolves it as sent", async () => {
    const { seeded } = await setup("UNIPILE");
    fake.answer = () => ({ kind: "drop" });
    await drainAutoSends(db.prisma, () => at(201), { sendTimeoutMs: 300 });
    for (const s of [240, 300, 400, 500]) await drainAutoSends(db.prisma, () => at(s));
    const send = await db.prisma.outboundSend.findFirstOrThrow({ where: { aiDraftId: seeded.draftId } });
    expect(send.status).toBe("unconfirmed");
    expect(fake.requests).toHaveLength(1);
    const job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: seeded.jobId } });
    expect(job).toMatchObject({ status: "SUCCEEDED" });
    expect(job.resultNote).toContain("unconfirmed");

    const user = await db.prisma.user.create({
      data: { id: "u-checker", name: "Checker", email: "checker@example.org" },
    });
    await resolveUnconfirmedSend({
      db: db.prisma,
      clientId,
      sendId: send.id,
      sent: true,
      userId: user.id,
      now: at(600),
    });
    const messages = await outbound(seeded.leadId);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ sentBy: "ai", aiDraftId: seeded.draftId, sentAt: send.attemptedAt });
    await expect(
      resolveUnconfirmedSend({ db: db.prisma, clientId, sendId: send.id, sent: false, userId: user.id, now: at(601) }),
    ).rejects.toThrow(/already/);
  });

  it("a crash after the intent was recorded: the rescued job reconciles and never calls the provider", async () => {
    const { seeded } = await setup("GHL");
    const job = await db.prisma.backgroundJob.update({
      where: { id: seeded.jobId },
      data: { status: "RUNNING", attempts: 1, lockedBy: "dead-runner", lockedAt: at(201), lockedUntil: at(230) },
    });
    // The dead run got as far as recording its intent.
    await db.prisma.$transaction((tx) =>
      beginAutoSend(tx, { job, now: at(201), key: () => DELIVERY_KEY, maxSlotWaitMs: 0 }),
    );
    for (const s of [240, 300, 600]) await drainAutoSends(db.prisma, () => at(s));
    expect(fake.requests).toHaveLength(0);
    const send = await db.prisma.outboundSend.findFirstOrThrow({ where: { aiDraftId: seeded.draftId } });
    expect(send.status).toBe("unconfirmed");
    await resolveUnconfirmedSend({ db: db.prisma, clientId, sendId: send.id, sent: false, userId: null, now: at(700) });
    expect(await db.prisma.outboundSend.findUniqueOrThrow({ where: { id: send.id } })).toMatchObject({
      status: "failed",
    });
    expect(await outbound(seeded.leadId)).toHaveLength(0);
  });
});
