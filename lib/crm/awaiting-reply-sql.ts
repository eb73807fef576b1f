// "Awaiting reply" in SQL: the one rule the CRM's lead list (its filter) and the workspace
// overview (its card) share, so the number means the same on every page. A lead is
// waiting when some thread of theirs ends with an inbound message (ties on sentAt broken
// by id, docs/definitions.md), however old that message is. Per channel it is one index probe on
// Message(leadId, channel, sentAt).
import { Prisma } from "@/lib/generated/prisma/client";

/** For the lead row `l` (e.g. Prisma.raw("l")): some thread of the lead ends with an inbound message. */
export function awaitingReplySql(l: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (
  SELECT 1 FROM unnest(enum_range(NULL::"MessageChannel")) ch
   WHERE (SELECT m."direction" FROM "Message" m WHERE m."leadId" = ${l}."id" AND m."channel" = ch
           ORDER BY m."sentAt" DESC, m."id" DESC LIMIT 1) = 'inbound')`;
}
