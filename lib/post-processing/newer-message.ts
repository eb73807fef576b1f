// "Is there anything after this message?" in thread order (sentAt, then id: docs/definitions.md),
// so equal timestamps are decided the same way everywhere.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";

export async function newerMessageExists(
  db: Db | Prisma.TransactionClient,
  message: { id: string; leadId: string; channel: string; sentAt: Date },
  scope: { sameChannel: boolean; inboundOnly: boolean },
): Promise<boolean> {
  const channel = scope.sameChannel ? message.channel : null;
  const [row] = await db.$queryRaw<{ exists: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "Message"
       WHERE "leadId" = ${message.leadId}::uuid
         AND (${channel}::text IS NULL OR "channel"::text = ${channel}::text)
         AND (NOT ${scope.inboundOnly} OR "direction" = 'inbound')
         AND ("sentAt", "id") > (${message.sentAt}::timestamptz, ${message.id}::uuid)
    ) AS "exists"`;
  return row?.exists ?? false;
}
