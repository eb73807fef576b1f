// A disabled connection answers its webhooks 401 and sends nothing; it stays listed
// (with its history) and can be enabled again. Disabling twice keeps the first time.
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";
import { CONNECTION_NOT_FOUND } from "./connection-errors";

export async function disableConnection({
  db,
  clientId,
  connectionId,
  now = new Date(),
}: {
  db: Db;
  clientId: string;
  connectionId: string;
  now?: Date;
}): Promise<{ id: string; disabledAt: Date; alreadyDisabled: boolean }> {
  if (!UUID_PATTERN.test(clientId) || !UUID_PATTERN.test(connectionId)) throw new SafeError(CONNECTION_NOT_FOUND);
  const { count } = await db.providerConnection.updateMany({
    where: { id: connectionId, clientId, disabledAt: null },
    data: { disabledAt: now },
  });
  if (count === 1) return { id: connectionId, disabledAt: now, alreadyDisabled: false };
  const existing = await db.providerConnection.findFirst({
    where: { id: connectionId, clientId },
    select: { disabledAt: true },
  });
  if (!existing?.disabledAt) throw new SafeError(CONNECTION_NOT_FOUND);
  return { id: connectionId, disabledAt: existing.disabledAt, alreadyDisabled: true };
}
