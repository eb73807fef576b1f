// The user-facing entry points behind actions/delivery-actions.ts. The user comes from the
// session. A setter (any member) may cancel a lead's pending auto-send; resolving an
// unconfirmed send (the jobs page) is for admins. Every way of not being allowed ends in
// the same "not found".
import { z } from "zod";
import { canManageSettings, findClientScope } from "@/lib/auth/client-scope";
import { requireLeadAccess } from "@/lib/crm/lead-access";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";
import { cancelPendingAutoSends } from "./cancel-auto-sends";
import { resolveUnconfirmedSend, SEND_NOT_FOUND } from "./resolve-unconfirmed";

type Context = { db: Db; userId: string; input: unknown; now: Date };

const jobRef = z.object({ jobId: z.string().regex(UUID_PATTERN) });

export async function cancelAutoSendForUser(ctx: Context): Promise<{ clientId: string; leadId: string }> {
  const { scope, leadId } = await requireLeadAccess(ctx.db, ctx.userId, ctx.input);
  const ref = jobRef.safeParse(ctx.input);
  if (!ref.success) throw new SafeError("Auto-send not found.");
  const [done] = await cancelPendingAutoSends({
    db: ctx.db,
    leadId,
    jobId: ref.data.jobId.toLowerCase(),
    reason: "setterCanceled",
    now: ctx.now,
  });
  if (!done) throw new SafeError("This auto-send is no longer pending (it was sent, canceled or is going out now).");
  return { clientId: scope.clientId, leadId };
}

const resolveRef = z.object({
  clientId: z.string().regex(UUID_PATTERN),
  sendId: z.string().regex(UUID_PATTERN),
  sent: z.boolean(),
});

export async function resolveSendForUser(ctx: Context): Promise<{ clientId: string; status: "sent" | "failed" }> {
  const ref = resolveRef.safeParse(ctx.input);
  if (!ref.success) throw new SafeError(SEND_NOT_FOUND);
  const scope = await findClientScope(ctx.db, ctx.userId, ref.data.clientId);
  if (!scope || !canManageSettings(scope.role)) throw new SafeError(SEND_NOT_FOUND);
  const result = await resolveUnconfirmedSend({
    db: ctx.db,
    clientId: scope.clientId,
    sendId: ref.data.sendId.toLowerCase(),
    sent: ref.data.sent,
    userId: ctx.userId,
    now: ctx.now,
  });
  return { clientId: scope.clientId, status: result.status };
}
