// live: sends reach the provider. sandbox: sends are recorded and delivered nowhere
// (the demo, staging, a trial). Webhooks are received the same way in both modes.
import type { ConnectionMode } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";
import { CONNECTION_NOT_FOUND } from "./connection-errors";
import { firstIssue, modeSchema } from "./connection-input";

export async function setConnectionMode({
  db,
  clientId,
  connectionId,
  mode,
}: {
  db: Db;
  clientId: string;
  connectionId: string;
  /** "live" or "sandbox", validated here. */
  mode: unknown;
}): Promise<{ id: string; mode: ConnectionMode }> {
  if (!UUID_PATTERN.test(clientId) || !UUID_PATTERN.test(connectionId)) throw new SafeError(CONNECTION_NOT_FOUND);
  const parsed = modeSchema.safeParse(mode);
  if (!parsed.success) throw new SafeError(firstIssue(parsed.error));
  const { count } = await db.providerConnection.updateMany({
    where: { id: connectionId, clientId },
    data: { mode: parsed.data },
  });
  if (count !== 1) throw new SafeError(CONNECTION_NOT_FOUND);
  return { id: connectionId, mode: parsed.data };
}
