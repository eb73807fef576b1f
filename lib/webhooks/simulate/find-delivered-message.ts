// After the app answered: the Message the delivery produced (it is committed before the
// ack), found by the provider's message id, so the CLI can link to its lead in the CRM.
import type { Db } from "@/lib/prisma-client";
import type { SimulateProvider } from "./types";

const MESSAGE_ID_COLUMN = {
  ghl: "ghlMessageId",
  unipile: "unipileMessageId",
  smartlead: "smartleadMessageId",
  instantly: "instantlyEmailId",
} as const satisfies Record<SimulateProvider, string>;

export type DeliveredMessage = { id: string; leadId: string; clientId: string; channel: string };

export async function findDeliveredMessage(args: {
  db: Db;
  provider: SimulateProvider;
  providerMessageIds: readonly string[];
}): Promise<DeliveredMessage | null> {
  if (args.providerMessageIds.length === 0) return null;
  return args.db.message.findFirst({
    where: { [MESSAGE_ID_COLUMN[args.provider]]: { in: [...args.providerMessageIds] } },
    select: { id: true, leadId: true, clientId: true, channel: true },
  });
}
