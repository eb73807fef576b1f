// LEAD_SCORING_POST_PROCESS: the lead's 0–100 score (Lead.score, scoredAt) after a reply
// was post-processed. Computed from the lead's current state, so a late or repeated run
// just writes the freshest score; the model is asked when configured, the built-in
// points (lib/post-processing/score-lead.ts) otherwise or when it fails.
import { scoreLead } from "@/lib/post-processing/ai-steps";
import type { PostProcessConfig } from "@/lib/post-processing/post-process-config";
import { jobSource, PermanentJobError, type JobHandler } from "../job-handler";

const CONTEXT_MESSAGES = 10;

export function createLeadScoringPostProcess(config: PostProcessConfig): JobHandler {
  return async ({ db, job, now, signal }) => {
    if (!job.leadId) throw new PermanentJobError("LEAD_SCORING_POST_PROCESS job has no leadId");
    const lead = await db.lead.findFirst({
      where: { id: job.leadId, clientId: job.clientId },
      select: { id: true, status: true, sentiment: true, lastInboundAt: true },
    });
    if (!lead) return { note: "skipped: the lead no longer exists" };
    const [inbound, recent] = await Promise.all([
      db.message.aggregate({
        where: { leadId: lead.id, clientId: job.clientId, direction: "inbound" },
        _count: { _all: true },
        _max: { sentAt: true },
      }),
      db.message.findMany({
        where: { leadId: lead.id, clientId: job.clientId },
        orderBy: [{ sentAt: "desc" }, { id: "desc" }],
        take: CONTEXT_MESSAGES,
        select: { direction: true, body: true },
      }),
    ]);
    const latest = [lead.lastInboundAt, inbound._max.sentAt].filter((d): d is Date => d !== null);
    const at = now();
    const scored = await scoreLead({
      ai: config.ai,
      signal,
      facts: {
        lastInboundAt: latest.length ? new Date(Math.max(...latest.map((d) => d.getTime()))) : null,
        inboundCount: inbound._count._all,
        sentiment: lead.sentiment,
        status: lead.status,
        now: at,
      },
      context: recent.reverse(),
    });
    const source = jobSource(job.type);
    await db.$transaction([
      db.lead.update({ where: { id: lead.id }, data: { score: scored.value, scoredAt: at } }),
      db.aIInteraction.createMany({
        data: scored.interactions.map((r) => ({
          ...r,
          clientId: job.clientId,
          leadId: lead.id,
          messageId: job.messageId,
          backgroundJobId: job.id,
          source,
        })),
      }),
    ]);
    return { note: `score ${scored.value}` };
  };
}
