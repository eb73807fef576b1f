"use server";

// Response-timing server actions for the CRM drawer. The user comes from the session;
// lib/crm/recompute-lead-timing-for-user.ts validates the ids and scopes the lead to the workspace.
import { revalidatePath } from "next/cache";
import { runUserAction, type ActionResult } from "@/lib/auth/action-result";
import { recomputeLeadTimingForUser } from "@/lib/crm/recompute-lead-timing-for-user";
import { db } from "@/lib/db";

export type RecomputeResult = { anchors: number; written: number; deleted: number };

export async function recomputeLeadResponseTiming(input: {
  clientId: string;
  leadId: string;
}): Promise<ActionResult<RecomputeResult>> {
  return runUserAction("response-timing.recomputeLead", async (userId) => {
    const summary = await recomputeLeadTimingForUser({ db, userId, input });
    revalidatePath(`/w/${summary.clientId}/crm`);
    return { anchors: summary.anchors, written: summary.written, deleted: summary.deleted };
  });
}
