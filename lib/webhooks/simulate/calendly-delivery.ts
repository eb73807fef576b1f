// Calendly invitee.created / invitee.canceled / invitee_no_show.* shaped like the fixtures
// (tests/fixtures/providers/calendly/: the invitee with its scheduled_event embedded,
// microsecond UTC times), signed as Calendly signs (verify.ts): Calendly-Webhook-Signature
// t=<unix s>,v1=HMAC-SHA256(signing key, "<t>." + raw body), the key being the connection's
// webhook secret. A reschedule is what Calendly sends (SOURCES.md): the old invitee
// cancelled with rescheduled: true and new_invitee, then a new invitee on a new scheduled
// event with old_invitee.
import { signCalendly } from "@/lib/providers/calendly/verify";
import type { CalendlyEvent } from "./appointment-events";
import type { SimulatedBooking, SimulatedBookingDelivery } from "./booking-delivery";
import { uuidV4 } from "./ids";

const API = "https://api.calendly.com";
const HOST = { uri: `${API}/users/5e0c1a7d-2b4f-4c93-9d18-6a3f0e2b7c41`, email: "sam@leadclock-demo.example.com" };
const SLOT_MS = 30 * 60_000;

/** Calendly's payload times: UTC with microseconds. */
const micro = (date: Date) => date.toISOString().replace(/Z$/, "000Z");
/** The envelope's created_at: whole seconds, `.000000Z`. */
const envelopeTime = (date: Date) => `${date.toISOString().slice(0, 19)}.000000Z`;
const eventOf = (inviteeUri: string) => inviteeUri.replace(/\/invitees\/[^/]+$/, "");

export type CalendlyInvitee = { name: string; email: string };
export type CalendlyExisting = { inviteeUri: string; startAt: Date; bookedAt: Date | null };

type InviteeState = {
  uri: string;
  status: "active" | "canceled";
  createdAt: Date;
  updatedAt: Date;
  startAt: Date;
  rescheduled?: boolean;
  oldInvitee?: string | null;
  newInvitee?: string | null;
  noShow?: { uri: string; created_at: string } | null;
  canceledAt?: Date | null;
};

function inviteePayload(who: CalendlyInvitee, timeZone: string, s: InviteeState): Record<string, unknown> {
  const [first, ...rest] = who.name.split(" ");
  const event = eventOf(s.uri);
  const cancellation = s.canceledAt
    ? { canceled_by: who.name, reason: null, canceler_type: "invitee", created_at: micro(s.canceledAt) }
    : undefined;
  const id = s.uri.split("/").at(-1)!;
  return {
    uri: s.uri,
    email: who.email,
    first_name: first ?? null,
    last_name: rest.join(" ") || null,
    name: who.name,
    status: s.status,
    questions_and_answers: [],
    timezone: timeZone,
    event,
    created_at: micro(s.createdAt),
    updated_at: micro(s.updatedAt),
    tracking: { utm_campaign: null, utm_source: "leadclock-simulate", utm_medium: null, utm_content: null },
    text_reminder_number: null,
    rescheduled: s.rescheduled ?? false,
    old_invitee: s.oldInvitee ?? null,
    new_invitee: s.newInvitee ?? null,
    cancel_url: `https://calendly.com/cancellations/${id}`,
    reschedule_url: `https://calendly.com/reschedulings/${id}`,
    routing_form_submission: null,
    payment: null,
    no_show: s.noShow ?? null,
    reconfirmation: null,
    scheduling_method: null,
    invitee_scheduled_by: null,
    ...(cancellation ? { cancellation } : {}),
    scheduled_event: {
      uri: event,
      name: "30 Minute Discovery Call",
      meeting_notes_plain: null,
      meeting_notes_html: null,
      status: s.status,
      start_time: micro(s.startAt),
      end_time: micro(new Date(s.startAt.getTime() + SLOT_MS)),
      event_type: `${API}/event_types/9c4e2a7b-1d3f-4b8e-a6c0-5f2d8e1b3a97`,
      location: { type: "zoom", status: "pushed", join_url: "https://zoom.example.com/j/00000000000", data: null },
      invitees_counter: { total: 1, active: s.status === "active" ? 1 : 0, limit: 1 },
      created_at: micro(s.createdAt),
      updated_at: micro(s.updatedAt),
      event_memberships: [{ user: HOST.uri, user_email: HOST.email, user_name: "Sam Ortega" }],
      event_guests: [],
      ...(cancellation ? { cancellation } : {}),
    },
  };
}

export function buildCalendlyDeliveries(args: {
  event: CalendlyEvent;
  connectionId: string;
  signingKey: string;
  invitee: CalendlyInvitee;
  /** The invitee acted on (every event but invitee-created). */
  existing: CalendlyExisting | null;
  /** invitee-created / invitee-rescheduled: the new slot. */
  startAt: Date | null;
  /** The events' time (simulatedEventTime). */
  at: Date;
  /** The signature's clock (the real now). */
  now: Date;
  /** The invitee's zone (the workspace's). */
  timeZone: string;
}): SimulatedBooking {
  const { at, invitee, existing, timeZone } = args;
  const signed = (event: string, payload: Record<string, unknown>): SimulatedBookingDelivery => {
    const body = JSON.stringify({ event, created_at: envelopeTime(at), created_by: HOST.uri, payload });
    const t = Math.floor(args.now.getTime() / 1000);
    return {
      eventType: event,
      path: `/api/webhooks/calendly/${args.connectionId}`,
      headers: {
        "content-type": "application/json; charset=utf-8",
        "calendly-webhook-signature": `t=${t},v1=${signCalendly(body, args.signingKey, t)}`,
      },
      body,
    };
  };
  const freshUri = () => `${API}/scheduled_events/${uuidV4()}/invitees/${uuidV4()}`;
  const needStart = () => {
    if (!args.startAt) throw new Error(`a Calendly ${args.event} needs the new slot's start`);
    return args.startAt;
  };
  if (args.event === "invitee-created") {
    const uri = freshUri();
    const payload = inviteePayload(invitee, timeZone, {
      uri,
      status: "active",
      createdAt: at,
      updatedAt: at,
      startAt: needStart(),
    });
    return { appointmentId: uri, deliveries: [signed("invitee.created", payload)] };
  }
  if (!existing) throw new Error(`a Calendly ${args.event} needs the invitee it is about`);
  const old = { uri: existing.inviteeUri, createdAt: existing.bookedAt ?? at, startAt: existing.startAt };
  switch (args.event) {
    case "invitee-canceled": {
      const payload = inviteePayload(invitee, timeZone, { ...old, status: "canceled", updatedAt: at, canceledAt: at });
      return { appointmentId: old.uri, deliveries: [signed("invitee.canceled", payload)] };
    }
    case "invitee-rescheduled": {
      const uri = freshUri();
      const canceled = inviteePayload(invitee, timeZone, {
        ...old,
        status: "canceled",
        updatedAt: at,
        canceledAt: at,
        rescheduled: true,
        newInvitee: uri,
      });
      const created = inviteePayload(invitee, timeZone, {
        uri,
        status: "active",
        createdAt: at,
        updatedAt: at,
        startAt: needStart(),
        oldInvitee: old.uri,
      });
      return {
        appointmentId: uri,
        deliveries: [signed("invitee.canceled", canceled), signed("invitee.created", created)],
      };
    }
    case "no-show-created": {
      const noShow = { uri: `${API}/invitee_no_shows/${uuidV4()}`, created_at: micro(at) };
      const payload = inviteePayload(invitee, timeZone, { ...old, status: "active", updatedAt: at, noShow });
      return { appointmentId: old.uri, deliveries: [signed("invitee_no_show.created", payload)] };
    }
    case "no-show-deleted": {
      // The bare no-show resource, as Calendly documents it for the deletion.
      const payload = { uri: `${API}/invitee_no_shows/${uuidV4()}`, invitee: old.uri, created_at: micro(at) };
      return { appointmentId: old.uri, deliveries: [signed("invitee_no_show.deleted", payload)] };
    }
  }
}
