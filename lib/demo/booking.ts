// Booking outcome of a lead. The chance of a booking falls with the delay of the first
// answer, which is the correlation the Response Timing tab is built to show.
import { addMessage, DAY, HOUR, MINUTE, SECOND, type LeadContext } from "./lead-context";
import { bookingConfirmationBody } from "./text";

export type Booking = {
  bookedAt: number | null;
  canceledAt: number | null;
  startAt: number;
  status: "BOOKED" | "RESCHEDULED" | "CANCELED" | "COMPLETED" | "NO_SHOW";
  checkedAt: number;
  provider: "GHL" | "CALENDLY";
  ghlAppointmentId: string | null;
  calendlyInviteeUri: string | null;
  calendlyScheduledEventUri: string | null;
};

function bookingChance(firstResponseSeconds: number): number {
  if (firstResponseSeconds < 5 * 60) return 0.36;
  if (firstResponseSeconds < 15 * 60) return 0.28;
  if (firstResponseSeconds < 60 * 60) return 0.21;
  if (firstResponseSeconds < 4 * 60 * 60) return 0.14;
  if (firstResponseSeconds < 24 * 60 * 60) return 0.09;
  return 0.05;
}

export function decideBooking(ctx: LeadContext): Booking | null {
  const { rng, now, ws, firstResponse } = ctx;
  let firstInbound = Infinity;
  for (const m of ctx.messages) if (m.direction === "inbound" && m.sentAt < firstInbound) firstInbound = m.sentAt;
  if (firstInbound === Infinity) return null;

  // Unanswered leads still book now and then, through a calendar link in the opener.
  const from = firstResponse?.respondedAt ?? firstInbound;
  const chance = firstResponse ? bookingChance((firstResponse.respondedAt - firstResponse.anchorAt) / 1000) : 0.02;
  if (!rng.chance(chance)) return null;
  const bookedAt = Math.round(from + rng.logNormal(4 * HOUR, 1.2));
  if (bookedAt > now) return null; // not happened yet: the lead is still pending

  let startAt = Math.ceil((bookedAt + rng.between(1, 10) * DAY) / (15 * MINUTE)) * 15 * MINUTE;
  let status: Booking["status"] = "BOOKED";
  let canceledAt: number | null = null;
  const roll = rng.float();
  if (roll < 0.12) {
    const at = Math.round(bookedAt + (startAt - bookedAt) * rng.between(0.1, 0.9));
    if (at <= now) [status, canceledAt] = ["CANCELED", at];
  } else if (roll < 0.2) {
    status = "RESCHEDULED";
    startAt += rng.int(1, 7) * DAY;
  }
  if (status === "BOOKED" && startAt < now) status = rng.chance(0.85) ? "COMPLETED" : "NO_SHOW";

  const provider = rng.chance(ws.ghlBookingShare) ? "GHL" : "CALENDLY";
  const event = provider === "CALENDLY" ? `https://api.calendly.com/scheduled_events/${rng.uuid()}` : null;
  const booking: Booking = {
    bookedAt,
    canceledAt,
    startAt,
    status,
    checkedAt: Math.round(Math.max(bookedAt, canceledAt ?? 0, now - rng.between(0, 6 * HOUR))),
    provider,
    ghlAppointmentId: provider === "GHL" ? rng.token(20) : null,
    calendlyInviteeUri: event ? `${event}/invitees/${rng.uuid()}` : null,
    calendlyScheduledEventUri: event,
  };

  const confirmedAt = bookedAt + Math.round(rng.between(2 * SECOND, 40 * SECOND));
  const channel = ctx.channels[0];
  if (channel && confirmedAt <= now && rng.chance(0.6)) {
    const body = bookingConfirmationBody(ctx.who, new Date(startAt));
    addMessage(ctx, {
      channel,
      direction: "outbound",
      sentAt: confirmedAt,
      sentBy: "system",
      sentByUserId: null,
      aiDraftId: null,
      body,
    });
  }
  // Booked per the provider, but the webhook that carries the booking time never came.
  if (status !== "CANCELED" && rng.chance(0.03)) booking.bookedAt = null;
  return booking;
}
