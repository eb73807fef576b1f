// "Recompute timing now" for a user: authorize the lead in the workspace, then re-derive.
import type { Db } from "@/lib/prisma-client";
import { recomputeLeadTiming } from "@/lib/response-timing/recompute-lead-timing";
import { requireLeadAccess } from "./lead-access";

export type RecomputeSummary = { clientId: string; leadId: string; anchors: number; written: number; deleted: number };

export async function recomputeLeadTimingForUser({
  db,
  userId,
  input,
  lockWaitMs,
}: {
  db: Db;
  userId: string;
  input: unknown;
  lockWaitMs?: number;
}): Promise<RecomputeSummary> {
  const { scope, leadId } = await requireLeadAccess(db, userId, input);
  const counts = await recomputeLeadTiming({ db, leadId, lockWaitMs });
  return {
    clientId: scope.clientId,
    leadId,
    anchors: counts.anchors,
    written: counts.written,
    deleted: counts.deleted,
  };
}
