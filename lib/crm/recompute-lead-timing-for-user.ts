// "Recompute timing now" for a user: authorize the lead in the workspace, take one of the
// user's recompute slots (6 a minute, lib/response-timing/recompute-rate-limit.ts), then
// re-derive. Authorization comes first, so a tampered id neither uses up a slot nor learns
// anything; a refused slot computes nothing and never touches the cron's lock.
import type { Db } from "@/lib/prisma-client";
import { recomputeLeadTiming } from "@/lib/response-timing/recompute-lead-timing";
import { takeRecomputeSlot } from "@/lib/response-timing/recompute-rate-limit";
import { requireLeadAccess } from "./lead-access";

export type RecomputeSummary = { clientId: string; leadId: string; anchors: number; written: number; deleted: number };

export async function recomputeLeadTimingForUser({
  db,
  userId,
  input,
  lockWaitMs,
  now,
}: {
  db: Db;
  userId: string;
  input: unknown;
  lockWaitMs?: number;
  /** Injectable clock for the rate limit (tests). */
  now?: Date;
}): Promise<RecomputeSummary> {
  const { scope, leadId } = await requireLeadAccess(db, userId, input);
  await takeRecomputeSlot({ db, userId, now });
  const counts = await recomputeLeadTiming({ db, leadId, lockWaitMs });
  return {
    clientId: scope.clientId,
    leadId,
    anchors: counts.anchors,
    written: counts.written,
    deleted: counts.deleted,
  };
}
