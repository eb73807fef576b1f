// Which source answers a workspace's GoHighLevel leads in the backfill (docs/bookings.md,
// "Windowed GoHighLevel backfill"): "contacts" asks GET /contacts/{id}/appointments lead by
// lead; "calendars" lists the location's events calendar by calendar over one window, which
// costs (calendars × window chunks) requests instead of one per lead. `auto` takes calendars
// above `threshold` eligible GoHighLevel leads. The window: from 30 days before the earliest
// first inbound message of those leads (a booking follows a reply) to a year ahead.
import type { Db } from "@/lib/prisma-client";
import type { BookingReader } from "../booking-connections";
import { eligibleLeads, providerFor, type EligibleLead } from "../eligible-leads";

export type GhlSourceFlag = "auto" | "contacts" | "calendars";

export const GHL_CALENDARS_AUTO_THRESHOLD = 200;
export const GHL_WINDOW_LOOKBACK_MS = 30 * 86_400_000;
export const GHL_WINDOW_LOOKAHEAD_MS = 365 * 86_400_000;
const ALL = 10_000_000;

/** The workspace's eligible leads GoHighLevel answers for (a contact id, not a Calendly booking). */
export async function eligibleGhlLeads(args: {
  db: Db;
  clientId: string;
  now: Date;
  staleDays: number;
  available: { ghl: boolean; calendly: boolean };
}): Promise<EligibleLead[]> {
  const leads = await eligibleLeads({
    db: args.db,
    clientId: args.clientId,
    now: args.now,
    staleDays: args.staleDays,
    limit: ALL,
    providers: args.available,
    afterId: null,
  });
  return leads.filter((lead) => lead.ghlContactId && providerFor(lead, args.available) === "GHL");
}

/** The earliest first inbound message of these leads (their lastInboundAt when no message is stored). */
export async function earliestFirstInbound(db: Db, leadIds: readonly string[]): Promise<Date | null> {
  if (leadIds.length === 0) return null;
  const [row] = await db.$queryRaw<{ earliest: Date | null }[]>`
    SELECT MIN(COALESCE(f."firstInboundAt", l."lastInboundAt")) AS "earliest"
      FROM "Lead" l
      LEFT JOIN LATERAL (
        SELECT MIN(m."sentAt") AS "firstInboundAt" FROM "Message" m
         WHERE m."leadId" = l."id" AND m."direction" = 'inbound'
      ) f ON true
     WHERE l."id" = ANY(${leadIds as string[]}::uuid[])`;
  return row?.earliest ?? null;
}

export function ghlWindow(earliest: Date, now: Date): { start: Date; end: Date } {
  return {
    start: new Date(earliest.getTime() - GHL_WINDOW_LOOKBACK_MS),
    end: new Date(now.getTime() + GHL_WINDOW_LOOKAHEAD_MS),
  };
}

export function chooseGhlSource(args: {
  flag: GhlSourceFlag;
  reader: BookingReader;
  eligible: number;
  threshold: number;
}): { source: "contacts" | "calendars"; why: string } {
  if (args.flag === "contacts") return { source: "contacts", why: "--ghl-source contacts" };
  // The demo's sandbox connections have no API to list.
  if (!args.reader.calendars) return { source: "contacts", why: "the connection cannot list calendars (sandbox)" };
  if (args.flag === "calendars") return { source: "calendars", why: "--ghl-source calendars" };
  return args.eligible > args.threshold
    ? { source: "calendars", why: `auto: ${args.eligible} eligible GoHighLevel leads > ${args.threshold}` }
    : { source: "contacts", why: `auto: ${args.eligible} eligible GoHighLevel leads <= ${args.threshold}` };
}
