"use server";

// CRM server actions: thin wrappers that take the user from the session and call the
// plain, tested functions in lib/crm (which validate input and enforce tenancy).
import { revalidatePath } from "next/cache";
import { runUserAction, type ActionResult } from "@/lib/auth/action-result";
import { sendSetterReplyForUser } from "@/lib/crm/send-setter-reply";
import { db } from "@/lib/db";

export type SendSetterReplyInput = { clientId: string; leadId: string; channel: string; body: string };

export async function sendSetterReply(
  input: SendSetterReplyInput,
): Promise<ActionResult<{ messageId: string; sentAt: string }>> {
  return runUserAction("crm.sendSetterReply", async (userId) => {
    const sent = await sendSetterReplyForUser({ db, userId, input, now: new Date() });
    revalidatePath(`/w/${sent.clientId}/crm`);
    return { messageId: sent.messageId, sentAt: sent.sentAt.toISOString() };
  });
}
