"use server";

// CRM server actions: thin wrappers that take the user from the session and call the
// plain, tested functions in lib/crm (which validate input and enforce tenancy).
import { revalidatePath } from "next/cache";
import { runUserAction, type ActionResult } from "@/lib/auth/action-result";
import { sendSetterReplyForUser } from "@/lib/crm/send-setter-reply";
import { loadEncryptionKey } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";

export type SendSetterReplyInput = {
  clientId: string;
  leadId: string;
  channel: string;
  body: string;
  /** One per composed reply (crypto.randomUUID()); "Try again" sends the same key. */
  attemptKey?: string;
};

export type SendSetterReplyAnswer = {
  state: "sent" | "sending" | "failed";
  messageId: string | null;
  sentAt: string | null;
  detail: string | null;
};

export async function sendSetterReply(input: SendSetterReplyInput): Promise<ActionResult<SendSetterReplyAnswer>> {
  return runUserAction("crm.sendSetterReply", async (userId) => {
    const sent = await sendSetterReplyForUser({ db, userId, input, now: () => new Date(), key: loadEncryptionKey });
    revalidatePath(`/w/${sent.clientId}/crm`);
    return {
      state: sent.state,
      messageId: sent.messageId,
      sentAt: sent.sentAt ? sent.sentAt.toISOString() : null,
      detail: sent.detail,
    };
  });
}
