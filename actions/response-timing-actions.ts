"use server";

// Response-timing server actions for the CRM drawer. The user comes from the session;
// lib/crm/recompute-lead-timing.ts validates the ids and scopes the lead to the workspace.
import { revalidatePath } from "next/cache";
import { SafeError } from "@/lib/auth/client-scope";
import { getSessionUser } from "@/lib/auth/session";
import { runAction, type ActionResult } from "@/lib/crm/action-result";
import { SIGNED_OUT } from "@/lib/crm/lead-access";
import { recomputeLeadTimingForUser } from "@/lib/crm/recompute-lead-timing";
import { db } from "@/lib/db";

export type RecomputeResult = { anchors: number; written: number; deleted: number };

export async function recomputeLeadResponseTiming(input: { clientId: string; leadId: string }): Promise<ActionResult<RecomputeResult>> {
  return runAction("response-timing.recomputeLead", async () => {
    const user = await getSessionUser();
    if (!user) throw new SafeError(SIGNED_OUT);
    const summary = await recomputeLeadTimingForUser({ db, userId: user.id, input });
    revalidatePath(`/w/${summary.clientId}/crm`);
    return { anchors: summary.anchors, written: summary.written, deleted: summary.deleted };
  });
}
