// Undoes disableConnection: the same account, secrets and history, receiving again.
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";
import { CONNECTION_NOT_FOUND } from "./connection-errors";

export async function enableConnection({
  db,
  clientId,
  connectionId,
}: {
  db: Db;
  clientId: string;
  connectionId: string;
}): Promise<{ id: string }> {
  if (!UUID_PATTERN.test(clientId) || !UUID_PATTERN.test(connectionId)) throw new SafeError(CONNECTION_NOT_FOUND);
  const { count } = await db.providerConnection.updateMany({
    where: { id: connectionId, clientId },
    data: { disabledAt: null },
  });
  if (count !== 1) throw new SafeError(CONNECTION_NOT_FOUND);
  return { id: connectionId };
}
