// AI_AUTO_SEND_DELAYED: in this version delivery through the providers is not wired yet
// (the next issue), so when the job comes due it completes with the note "delivery not
// configured" and leaves the draft PENDING, where a setter can still send it by hand.
// The job's runAt, startedAt and finishedAt are already what the timing engine measures.
import type { JobHandler } from "../job-handler";

export const DELIVERY_NOT_CONFIGURED = "delivery not configured";

export function createAiAutoSendDelayed(): JobHandler {
  return async ({ db, job }) => {
    if (!job.draftId) return { note: "skipped: the job has no draft" };
    const draft = await db.aIDraft.findFirst({
      where: { id: job.draftId, clientId: job.clientId },
      select: { status: true },
    });
    if (!draft) return { note: "skipped: the draft no longer exists" };
    if (draft.status !== "PENDING") return { note: `skipped: the draft is ${draft.status.toLowerCase()}` };
    return { note: DELIVERY_NOT_CONFIGURED };
  };
}
