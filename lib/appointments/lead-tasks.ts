// Follow-up tasks (LeadTask) from the CRM: a setter marks one done with one click. Any member
// of the workspace may (setters are who follow up); a task of another workspace, a malformed id
// or a task already done answers the same way, so ids reveal nothing.
import { z } from "zod";
import { findClientScope } from "@/lib/auth/client-scope";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";

export const TASK_NOT_FOUND = "Task not found (it may already be done).";

const input = z.object({ clientId: z.string().regex(UUID_PATTERN), taskId: z.string().regex(UUID_PATTERN) });

export async function completeLeadTaskForUser(args: {
  db: Db;
  userId: string;
  input: unknown;
  now: Date;
}): Promise<{ clientId: string; taskId: string; leadId: string }> {
  const parsed = input.safeParse(args.input);
  if (!parsed.success) throw new SafeError(TASK_NOT_FOUND);
  const scope = await findClientScope(args.db, args.userId, parsed.data.clientId);
  if (!scope) throw new SafeError(TASK_NOT_FOUND);
  const taskId = parsed.data.taskId.toLowerCase();
  const done = await args.db.leadTask.updateManyAndReturn({
    where: { id: taskId, clientId: scope.clientId, doneAt: null },
    data: { doneAt: args.now, doneByUserId: args.userId },
    select: { leadId: true },
  });
  if (done.length === 0) throw new SafeError(TASK_NOT_FOUND);
  return { clientId: scope.clientId, taskId, leadId: done[0]!.leadId };
}
