// A setter's reply from the CRM drawer, sent through the lead's connection for that
// channel, inline with a short timeout (docs/sending.md "Setter replies"). The drawer gets
// one of three answers: sent (the outbound Message is recorded, sentBy 'setter' with the
// user's id), sending (the provider may have it: its echo or a person on the jobs page
// settles it, and it is never sent again) or failed (definitely not sent; "Try again"
// re-uses the same attempt key, so a second click can never send twice). A thread without
// a connection that can send says so and records nothing.
import { z } from "zod";
import { SafeError } from "@/lib/safe-error";
import type { Db } from "@/lib/prisma-client";
import { CHANNEL_LABEL, CHANNELS } from "@/lib/channels";
import { UUID_PATTERN } from "@/lib/uuid";
import { sendSetterReplyNow, type SetterSendState } from "@/lib/delivery/setter-send";
import { requireLeadAccess } from "./lead-access";

export const MAX_REPLY_LENGTH = 5000;

const replySchema = z.object({
  channel: z.enum(CHANNELS, { error: "Choose a channel to reply on." }),
  body: z
    .string({ error: "Write a reply before sending." })
    .trim()
    .min(1, "Write a reply before sending.")
    .max(MAX_REPLY_LENGTH, `Replies are limited to ${MAX_REPLY_LENGTH.toLocaleString("en-US")} characters.`),
  /** One per reply the setter composes; "Try again" sends it again. */
  attemptKey: z.string().regex(UUID_PATTERN, "Reload the page and try again.").optional(),
});

export type SentReply = {
  state: SetterSendState;
  sendId: string | null;
  messageId: string | null;
  clientId: string;
  leadId: string;
  channel: string;
  sentAt: Date | null;
  /** Why it was not sent (failed), or what is still unknown (sending). */
  detail: string | null;
};

export async function sendSetterReplyForUser({
  db,
  userId,
  input,
  now,
  key,
  timeoutMs,
}: {
  db: Db;
  userId: string;
  input: unknown;
  now: Date | (() => Date);
  /** The connections' encryption key (loadEncryptionKey()); read only for a live send. */
  key: () => Buffer;
  /** The provider call's timeout (default 8 s: the setter is waiting). */
  timeoutMs?: number;
}): Promise<SentReply> {
  const { scope, leadId } = await requireLeadAccess(db, userId, input);
  const parsed = replySchema.safeParse(input);
  if (!parsed.success) throw new SafeError(parsed.error.issues[0]?.message ?? "Check the reply.");
  const { channel, body } = parsed.data;
  const clientId = scope.clientId;
  const clock = typeof now === "function" ? now : () => now;

  // Replies go on a conversation the lead already has: we hold no address to start a new one.
  const onChannel = await db.message.findFirst({ where: { leadId, clientId, channel }, select: { id: true } });
  if (!onChannel) throw new SafeError(`This lead has no ${CHANNEL_LABEL[channel]} conversation to reply on.`);

  const sent = await sendSetterReplyNow({
    db,
    clientId,
    leadId,
    userId,
    channel,
    body,
    attemptKey: parsed.data.attemptKey ?? null,
    key,
    now: clock,
    timeoutMs: timeoutMs ?? 8_000,
  });
  if (sent.state === "no-connection") {
    throw new SafeError(
      `This lead's ${CHANNEL_LABEL[channel]} conversation has no connection that can send (${sent.detail}). Nothing was sent.`,
    );
  }
  return { ...sent, state: sent.state, clientId, leadId, channel };
}
