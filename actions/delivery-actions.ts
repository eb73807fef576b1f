"use server";

// Delivery server actions: cancel a lead's pending AI auto-send (the CRM drawer, any member)
// and resolve a send whose outcome is unknown (settings → jobs, admins). Thin wrappers over
// lib/delivery/delivery-admin.ts, which validates the input and enforces workspace and role.
import { revalidatePath } from "next/cache";
import { runUserAction, type ActionResult } from "@/lib/auth/action-result";
import { db } from "@/lib/db";
import { cancelAutoSendForUser, resolveSendForUser } from "@/lib/delivery/delivery-admin";

export async function cancelAutoSend(input: {
  clientId: string;
  leadId: string;
  jobId: string;
}): Promise<ActionResult<{ canceled: true }>> {
  return runUserAction("delivery.cancelAutoSend", async (userId) => {
    const done = await cancelAutoSendForUser({ db, userId, input, now: new Date() });
    revalidatePath(`/w/${done.clientId}/crm`);
    return { canceled: true as const };
  });
}

export async function resolveSend(input: {
  clientId: string;
  sendId: string;
  sent: boolean;
}): Promise<ActionResult<{ status: "sent" | "failed" }>> {
  return runUserAction("delivery.resolveSend", async (userId) => {
    const done = await resolveSendForUser({ db, userId, input, now: new Date() });
    revalidatePath(`/w/${done.clientId}/settings/jobs`);
    return { status: done.status };
  });
}
