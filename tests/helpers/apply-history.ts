import type { Db } from "@/lib/prisma-client";
import type { Op } from "./random-history";

const BASE_MS = Date.parse("2026-01-05T14:00:00.000Z");
export const historyTime = (seconds: number) => new Date(BASE_MS + seconds * 1000);

/** Writes one operation of a random history the way the app would. */
export async function applyOp(db: Db, clientId: string, op: Op): Promise<void> {
  if (op.kind === "message") {
    const m = op.message;
    await db.message.create({
      data: { ...m, clientId, body: "x", sentAt: historyTime(m.sentAt) },
    });
  } else if (op.kind === "draft") {
    await db.aIDraft.create({ data: { ...op.draft, clientId, content: "draft" } });
  } else if (op.kind === "job") {
    const j = op.job;
    await db.backgroundJob.create({
      data: {
        id: j.id,
        clientId,
        messageId: j.messageId,
        draftId: j.draftId,
        type: "AI_AUTO_SEND_DELAYED",
        status: j.status,
        runAt: historyTime(j.runAt),
        startedAt: j.startedAt === null ? null : historyTime(j.startedAt),
        finishedAt: j.finishedAt === null ? null : historyTime(j.finishedAt),
      },
    });
  } else {
    await db.backgroundJob.update({
      where: { id: op.jobId },
      data: { status: "SUCCEEDED", startedAt: historyTime(op.startedAt), finishedAt: historyTime(op.finishedAt) },
    });
  }
}

/** The derived table without its surrogate id and timestamps, in a stable order. */
export async function timingSnapshot(db: Db) {
  const rows = await db.responseTimingEvent.findMany({ orderBy: { inboundMessageId: "asc" } });
  return rows.map(({ id: _id, createdAt: _c, updatedAt: _u, ...rest }) => rest);
}

/** What a rebuild from scratch produces: empty table, every thread queued, processed to the end. */
export async function rebuildFromScratch(db: Db, process: () => Promise<{ exhausted: boolean }>) {
  await db.$executeRaw`TRUNCATE "ResponseTimingEvent"`;
  await db.$executeRaw`INSERT INTO "ResponseTimingQueue" ("leadId", "channel") SELECT DISTINCT "leadId", "channel" FROM "Message"`;
  for (let i = 0; i < 1000 && !(await process()).exhausted; i++);
}
