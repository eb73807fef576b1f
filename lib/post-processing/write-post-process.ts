// The post-process job's writes, all in one transaction and all idempotent, so a retry
// after a crash (or a second run of the same job) converges on the same rows: imported
// history (unique provider message id), the lead's sentiment and status, the draft
// (unique per trigger + channel), the delayed auto-send and lead-scoring jobs (unique
// dedupeKey) and the AIInteraction trail of the calls this run made.
import { enqueueJobs } from "@/lib/background-jobs/enqueue";
import type { Channel } from "@/lib/channels";
import type { BackgroundJobType, LeadSentiment, LeadStatus, Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import type { InteractionRecord } from "./ai-steps";
import type { HistoryImportRow, HistoryInbound } from "./history-sync";
import { writeHistoryImport } from "./history-sync";
import { nextLeadStatus } from "./lead-transition";
import { newerMessageExists } from "./newer-message";

export type PostProcessWrite = {
  job: { id: string; type: BackgroundJobType };
  source: string;
  inbound: HistoryInbound & { channel: Channel; sentAt: Date };
  sentiment: LeadSentiment;
  /** The draft to store when the thread still wants it; null when no answer is wanted. */
  draftContent: string | null;
  /** When the auto-send should run (scheduleAutoSendAt), decided before the transaction. */
  autoSendAt: Date | null;
  history: { rows: HistoryImportRow[]; providerContext: Prisma.InputJsonObject } | null;
  interactions: InteractionRecord[];
  now: Date;
};

export type PostProcessWritten = {
  leadFound: boolean;
  imported: number;
  /** False when a newer inbound of the lead already set its sentiment. */
  leadUpdated: boolean;
  status: LeadStatus | null;
  draft: { id: string; created: boolean } | null;
  /** Why no draft was stored although one was wanted. */
  draftSkipped: string | null;
  autoSendEnqueued: boolean;
};

const DRAFT = { id: true, status: true } as const;

export async function writePostProcess(db: Db, w: PostProcessWrite): Promise<PostProcessWritten> {
  const { inbound } = w;
  return db.$transaction(async (tx) => {
    const imported = w.history ? await writeHistoryImport(tx, { inbound, ...w.history }) : 0;

    // One post-process at a time per lead: the "latest inbound" test and the status move
    // below must see each other's writes.
    const [lead] = await tx.$queryRaw<{ status: LeadStatus; autoSendEnabled: boolean }[]>`
      SELECT l."status", c."autoSendEnabled" FROM "Lead" l JOIN "Client" c ON c."id" = l."clientId"
       WHERE l."id" = ${inbound.leadId}::uuid AND l."clientId" = ${inbound.clientId}::uuid
         FOR UPDATE OF l`;
    if (!lead) {
      return {
        leadFound: false,
        imported,
        leadUpdated: false,
        status: null,
        draft: null,
        draftSkipped: null,
        autoSendEnqueued: false,
      };
    }

    const leadUpdated = !(await newerMessageExists(tx, inbound, { sameChannel: false, inboundOnly: true }));
    let status = lead.status;
    if (leadUpdated) {
      status = nextLeadStatus(lead.status, w.sentiment);
      await tx.lead.update({
        where: { id: inbound.leadId },
        data: { sentiment: w.sentiment, sentimentAt: w.now, status },
      });
    }

    let draft: PostProcessWritten["draft"] = null;
    let draftSkipped: string | null = null;
    let autoSendEnqueued = false;
    if (w.draftContent !== null) {
      const key = { triggerMessageId: inbound.id, channel: inbound.channel };
      const newer = await newerMessageExists(tx, inbound, { sameChannel: true, inboundOnly: false });
      let stored = await tx.aIDraft.findUnique({ where: { triggerMessageId_channel: key }, select: DRAFT });
      if (stored) draft = { id: stored.id, created: false };
      else if (newer) draftSkipped = "a newer message is in the thread";
      else if (!lead.autoSendEnabled) draftSkipped = "auto-send was switched off";
      else {
        // skipDuplicates: a concurrent run of the same job may have inserted it meanwhile.
        const { count } = await tx.aIDraft.createMany({
          data: [{ clientId: inbound.clientId, leadId: inbound.leadId, ...key, content: w.draftContent }],
          skipDuplicates: true,
        });
        stored = await tx.aIDraft.findUniqueOrThrow({ where: { triggerMessageId_channel: key }, select: DRAFT });
        draft = { id: stored.id, created: count > 0 };
      }
      // A draft a setter already approved, sent or rejected is not auto-sent; nor is one
      // whose thread moved on.
      if (stored?.status === "PENDING" && !newer && lead.autoSendEnabled && w.autoSendAt) {
        autoSendEnqueued =
          (await enqueueJobs(tx, [
            {
              clientId: inbound.clientId,
              type: "AI_AUTO_SEND_DELAYED",
              runAt: w.autoSendAt,
              dedupeKey: `auto-send:${inbound.id}:${stored.id}`,
              leadId: inbound.leadId,
              messageId: inbound.id,
              draftId: stored.id,
            },
          ])) > 0;
      }
    }

    await enqueueJobs(tx, [
      {
        clientId: inbound.clientId,
        type: "LEAD_SCORING_POST_PROCESS",
        runAt: w.now,
        dedupeKey: `lead-scoring:${inbound.id}`,
        leadId: inbound.leadId,
        messageId: inbound.id,
      },
    ]);

    if (w.interactions.length) {
      await tx.aIInteraction.createMany({
        data: w.interactions.map((r) => ({
          ...r,
          clientId: inbound.clientId,
          leadId: inbound.leadId,
          messageId: inbound.id,
          backgroundJobId: w.job.id,
          source: w.source,
        })),
      });
    }
    return { leadFound: true, imported, leadUpdated, status, draft, draftSkipped, autoSendEnqueued };
  });
}
