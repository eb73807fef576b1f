// Who a simulated booking event is for: the workspace's GoHighLevel or Calendly connection
// and an existing lead (booking events never create one: an unknown invitee would only wait
// in PendingAppointmentEvent), with what the provider would know of them (GoHighLevel: the
// contact id; Calendly: the email), the appointment acted on and the slot's start.
import { TZDate } from "@date-fns/tz";
import type { AppointmentStatus, Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import { parseProviderInstant } from "@/lib/providers/iso-instant";
import { normalizeEmail, normalizePhone } from "@/lib/webhooks/normalize-identity";
import { actsOnExisting, takesStart, type AppointmentEvent, type AppointmentProviderSlug } from "./appointment-events";
import {
  findSimulateConnection,
  SimulateTargetError,
  workspaceWords,
  type SimulateConnection,
} from "./find-connection";

const NAME = { ghl: "GoHighLevel", calendly: "Calendly" } as const;
const DAY_MS = 86_400_000;

export const APPOINTMENT_LEAD_SELECT = {
  id: true,
  name: true,
  email: true,
  phone: true,
  ghlContactId: true,
  ghlAppointmentId: true,
  calendlyInviteeUri: true,
  appointmentStatus: true,
  appointmentProvider: true,
  appointmentStartAt: true,
  appointmentBookedAt: true,
  appointmentProviderUpdatedAt: true,
} as const satisfies Prisma.LeadSelect;

export type AppointmentLead = Prisma.LeadGetPayload<{ select: typeof APPOINTMENT_LEAD_SELECT }>;

export type AppointmentTarget = {
  connection: SimulateConnection;
  lead: AppointmentLead;
  /** The appointment acted on (null for a create). `isStored`: it is the lead's current one. */
  existing: { id: string; startAt: Date; bookedAt: Date | null; isStored: boolean } | null;
  /** The new slot (create, update, reschedule), else null. */
  startAt: Date | null;
  /** The stored appointment's provider time, so the simulated event is newer. */
  storedUpdatedAt: Date | null;
};

/** 10:00 tomorrow on the wall clock of `timeZone`. */
export function tomorrowAtTen(now: Date, timeZone: string): Date {
  const today = new TZDate(now.getTime(), timeZone);
  return new Date(
    new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + 1, 10, 0, 0, 0, timeZone).getTime(),
  );
}

/** Which lead a default pick takes: the provider's identity, and (per event) a booking of this provider or none. */
function defaultPick(provider: AppointmentProviderSlug, event: AppointmentEvent): Prisma.LeadWhereInput[] {
  const identity: Prisma.LeadWhereInput =
    provider === "ghl" ? { ghlContactId: { not: null } } : { email: { not: null } };
  if (!actsOnExisting(event)) return [{ ...identity, appointmentStatus: null }, identity];
  const current: Prisma.LeadWhereInput = {
    ...identity,
    appointmentProvider: provider === "ghl" ? "GHL" : "CALENDLY",
    ...(provider === "ghl" ? { ghlAppointmentId: { not: null } } : { calendlyInviteeUri: { not: null } }),
  };
  const wanted: AppointmentStatus[] = event === "no-show-deleted" ? ["NO_SHOW"] : ["BOOKED", "RESCHEDULED"];
  return [{ ...current, appointmentStatus: { in: wanted } }, current];
}

async function findLead(
  db: Db,
  args: { provider: AppointmentProviderSlug; event: AppointmentEvent; lead: string | null },
  connection: SimulateConnection,
): Promise<AppointmentLead> {
  const where = workspaceWords(connection.clientId);
  if (args.lead) {
    const email = normalizeEmail(args.lead);
    const phone = email ? null : normalizePhone(args.lead, connection.defaultCountry);
    if (!email && !phone)
      throw new SimulateTargetError(
        `--lead must be an email address or a phone number, got ${JSON.stringify(args.lead)}`,
      );
    const found = await db.lead.findFirst({
      where: {
        clientId: connection.clientId,
        ...(email ? { email: { equals: email, mode: "insensitive" } } : { phone }),
      },
      orderBy: { createdAt: "asc" },
      select: APPOINTMENT_LEAD_SELECT,
    });
    if (found) return found;
    throw new SimulateTargetError(
      `No lead with ${email ?? phone} in ${where}. Booking events never create a lead (an unknown invitee waits ` +
        `until the lead writes in), so send a message first: npm run webhooks:simulate -- --provider ` +
        `${args.provider === "ghl" ? "ghl" : "smartlead"} --lead ${args.lead}`,
    );
  }
  const order: Prisma.LeadOrderByWithRelationInput[] = actsOnExisting(args.event)
    ? [{ appointmentProviderUpdatedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }]
    : [{ lastInboundAt: { sort: "desc", nulls: "last" } }, { id: "asc" }];
  for (const filter of defaultPick(args.provider, args.event)) {
    const found = await db.lead.findFirst({
      where: { clientId: connection.clientId, ...filter },
      orderBy: order,
      select: APPOINTMENT_LEAD_SELECT,
    });
    if (found) return found;
  }
  throw new SimulateTargetError(
    actsOnExisting(args.event)
      ? `No lead in ${where} has a current ${NAME[args.provider]} appointment; book one first ` +
          `(--event ${args.provider === "ghl" ? "appointment-create" : "invitee-created"}) or pass --lead.`
      : `No lead in ${where} has a ${args.provider === "ghl" ? "GoHighLevel contact id" : "email address"}; pass --lead.`,
  );
}

export async function findAppointmentTarget(args: {
  db: Db;
  provider: AppointmentProviderSlug;
  event: AppointmentEvent;
  clientId: string | null;
  lead: string | null;
  /** --start as typed (an offset, or the workspace's wall clock). */
  start: string | null;
  appointmentId: string | null;
  encryptionKey: Buffer;
  now: Date;
}): Promise<AppointmentTarget> {
  const { db, provider, event, now } = args;
  const connection = await findSimulateConnection({ ...args, provider: provider === "ghl" ? "GHL" : "CALENDLY" });
  const lead = await findLead(db, args, connection);
  if (provider === "ghl" && !lead.ghlContactId)
    throw new SimulateTargetError(
      `Lead ${lead.name} has no GoHighLevel contact id, so a GoHighLevel appointment cannot name them. ` +
        `Send them a GoHighLevel message first (npm run webhooks:simulate -- --provider ghl --lead ...), ` +
        "pick a lead that came in through GoHighLevel, or use --provider calendly.",
    );
  if (provider === "calendly" && !lead.email)
    throw new SimulateTargetError(
      `Lead ${lead.name} has no email address, and Calendly names invitees by email. Pick a lead with one.`,
    );

  const zone = connection.timeZone;
  const start = args.start ? parseProviderInstant(args.start, zone)?.at : null;
  if (args.start && !start) throw new SimulateTargetError(`--start ${args.start} is not a date-time`);
  const storedId = provider === "ghl" ? lead.ghlAppointmentId : lead.calendlyInviteeUri;
  const stored = storedId && lead.appointmentProvider === (provider === "ghl" ? "GHL" : "CALENDLY");
  let existing: AppointmentTarget["existing"] = null;
  if (actsOnExisting(event)) {
    const id = args.appointmentId ?? (stored ? storedId : null);
    if (!id)
      throw new SimulateTargetError(
        `Lead ${lead.name} has no current ${NAME[provider]} appointment to act on; book one first ` +
          `(--event ${provider === "ghl" ? "appointment-create" : "invitee-created"}) or pass --appointment-id.`,
      );
    const isStored = Boolean(stored && id === storedId);
    existing = {
      id,
      // Another appointment than the stored one: its slot is unknown here, so tomorrow's stands in.
      startAt: (isStored ? lead.appointmentStartAt : null) ?? tomorrowAtTen(now, zone),
      bookedAt: isStored ? lead.appointmentBookedAt : null,
      isStored,
    };
  }
  let startAt: Date | null = null;
  if (takesStart(event)) {
    // A move without --start: one day after the current slot (a different start, so it is a reschedule).
    startAt = start ?? (existing?.isStored ? new Date(existing.startAt.getTime() + DAY_MS) : tomorrowAtTen(now, zone));
  }
  return { connection, lead, existing, startAt, storedUpdatedAt: lead.appointmentProviderUpdatedAt };
}
