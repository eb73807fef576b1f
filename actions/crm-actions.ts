"use server";

// CRM server actions: thin wrappers that take the user from the session and call the
// plain, tested functions in lib/crm (which validate input and enforce tenancy).
import { revalidatePath } from "next/cache";
import { SafeError } from "@/lib/auth/client-scope";
import { getSessionUser } from "@/lib/auth/session";
import { runAction, type ActionResult } from "@/lib/crm/action-result";
import { SIGNED_OUT } from "@/lib/crm/lead-access";
import { sendSetterReplyForUser } from "@/lib/crm/send-setter-reply";
import { db } from "@/lib/db";

export type SendSetterReplyInput = { clientId: string; leadId: string; channel: string; body: string };

export async function sendSetterReply(input: SendSetterReplyInput): Promise<ActionResult<{ messageId: string; sentAt: string }>> {
  return runAction("crm.sendSetterReply", async () => {
    const user = await getSessionUser();
    if (!user) throw new SafeError(SIGNED_OUT);
    const sent = await sendSetterReplyForUser({ db, userId: user.id, input, now: new Date() });
    revalidatePath(`/w/${sent.clientId}/crm`);
    return { messageId: sent.messageId, sentAt: sent.sentAt.toISOString() };
  });
}
