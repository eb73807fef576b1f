// "Awaiting reply" in SQL: the one rule the CRM's lead list (its filter) and the workspace
// overview (its card) share, so the number means the same on every page. A lead is
// waiting when some thread of theirs ends with an inbound message (ties on sentAt broken
// by id, docs/definitions.md), however old that message is.
//
// The rule is stored: Lead."awaitingReply", recomputed by triggers on Message in the same
// transaction as every insert, delete or move of a message (migration
// 20261202040000_analytics_speed holds the trigger's copy of the derivation below), so it is
// exact at every commit and a filter on it is an index range instead of probes per lead.
import { Prisma } from "@/lib/generated/prisma/client";

/** For the lead row `l` (e.g. Prisma.raw("l")): the stored flag, exact at every commit. */
export function awaitingReplySql(l: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${l}."awaitingReply"`;
}

/**
 * The derivation from Message the stored flag follows (one index probe per channel on
 * Message(leadId, channel, sentAt)): used to rebuild the flag and to test the trigger.
 */
export function awaitingReplyFromMessagesSql(l: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (
  SELECT 1 FROM unnest(enum_range(NULL::"MessageChannel")) ch
   WHERE (SELECT m."direction" FROM "Message" m WHERE m."leadId" = ${l}."id" AND m."channel" = ch
           ORDER BY m."sentAt" DESC, m."id" DESC LIMIT 1) = 'inbound')`;
}
