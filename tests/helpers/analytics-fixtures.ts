// A small, hand-checked workspace for the Response Timing analytics tests: ResponseTimingEvent
// rows written directly (the processor has its own tests), so every expected number in
// tests/integration/response-timing-analytics*.test.ts can be worked out by hand from here.
//
// now = 2026-05-01T16:00Z (Friday noon in New York). The default 30-day window is
// [2026-04-02T04:00Z, 2026-05-02T04:00Z). "in"/"out" = inside/outside business hours.
//
// lead  ch        anchor  inbound (UTC)   setter          AI (chosen/actual s)  first    booking
// Ann   sms       a1      Apr 10 14:00    Ava 30s in      200s 190/200 in       setter   BOOKED, bookedAt Apr 15
//                 a2      Apr 12 14:00    Ben 10m in      —                     setter
//                 a3      Mar 20 14:00    Ben 20s         —                     (before the window)
// Bob   email     b1      Apr 20 02:00 o  Ava 3h out      250s 240/250 out      ai       CANCELED (booked Apr 21, cancelled Apr 22)
// Cy    sms       c1      Apr 28 14:00    Ben 4m in       —                     setter   none, 3 days old → pending
// Di    linkedin  d1      Apr 5 15:00     —               470s 400/470 in       ai       COMPLETED, no bookedAt
// Ed    sms       e1      Apr 3 14:00     Ava 2m in       176s 175/176 in       setter   RESCHEDULED, bookedAt Apr 26
//                 e2      Apr 25 14:00    Ava 50s out     —                     setter
// Fay   sms       f1      Apr 15 14:00    Ben 5m in       300s 300/300 in       setter (tie)  none
// Gus   sms       g0      Apr 2 04:00 o   —               425s 420/425 out      ai       none (exactly at the window start)
// Hal   sms       h1      Apr 3 04:00 o   —               431s 430/431 out      ai       none (above the 180–420 window)
// Zed (other workspace) z1 Apr 10 14:00   Cal 10s         —                     setter   BOOKED — must never show up
import { randomUUID } from "node:crypto";
import type { AppointmentStatus, LeadStatus, MemberRole, MessageChannel } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";

export const NOW = new Date("2026-05-01T16:00:00.000Z");
const at = (iso: string) => new Date(`2026-${iso}:00.000Z`);

type AnchorSpec = {
  key: string;
  t: string;
  inHours: boolean;
  setter?: { user: string; ms: number; inHours: boolean };
  ai?: { chosen: number; actual: number; ms: number; inHours: boolean };
};
type LeadSpec = {
  name: string;
  channel: MessageChannel;
  status?: LeadStatus;
  appointmentStatus?: AppointmentStatus;
  bookedAt?: string;
  canceledAt?: string;
  anchors: AnchorSpec[];
};

const A_LEADS: LeadSpec[] = [
  {
    name: "Ann",
    channel: "sms",
    status: "MEETING_BOOKED",
    appointmentStatus: "BOOKED",
    bookedAt: "04-15T12:00",
    anchors: [
      {
        key: "a1",
        t: "04-10T14:00",
        inHours: true,
        setter: { user: "ava", ms: 30_000, inHours: true },
        ai: { chosen: 190, actual: 200, ms: 200_000, inHours: true },
      },
      { key: "a2", t: "04-12T14:00", inHours: true, setter: { user: "ben", ms: 600_000, inHours: true } },
      { key: "a3", t: "03-20T14:00", inHours: true, setter: { user: "ben", ms: 20_000, inHours: true } },
    ],
  },
  {
    name: "Bob",
    channel: "email",
    status: "ENGAGED",
    appointmentStatus: "CANCELED",
    bookedAt: "04-21T12:00",
    canceledAt: "04-22T12:00",
    anchors: [
      {
        key: "b1",
        t: "04-20T02:00",
        inHours: false,
        setter: { user: "ava", ms: 10_800_000, inHours: false },
        ai: { chosen: 240, actual: 250, ms: 250_000, inHours: false },
      },
    ],
  },
  {
    name: "Cy",
    channel: "sms",
    anchors: [{ key: "c1", t: "04-28T14:00", inHours: true, setter: { user: "ben", ms: 240_000, inHours: true } }],
  },
  {
    name: "Di",
    channel: "linkedin",
    status: "MEETING_BOOKED",
    appointmentStatus: "COMPLETED",
    anchors: [
      { key: "d1", t: "04-05T15:00", inHours: true, ai: { chosen: 400, actual: 470, ms: 470_000, inHours: true } },
    ],
  },
  {
    name: "Ed",
    channel: "sms",
    status: "MEETING_BOOKED",
    appointmentStatus: "RESCHEDULED",
    bookedAt: "04-26T12:00",
    anchors: [
      {
        key: "e1",
        t: "04-03T14:00",
        inHours: true,
        setter: { user: "ava", ms: 120_000, inHours: true },
        ai: { chosen: 175, actual: 176, ms: 176_000, inHours: true },
      },
      { key: "e2", t: "04-25T14:00", inHours: true, setter: { user: "ava", ms: 50_000, inHours: false } },
    ],
  },
  {
    name: "Fay",
    channel: "sms",
    anchors: [
      {
        key: "f1",
        t: "04-15T14:00",
        inHours: true,
        setter: { user: "ben", ms: 300_000, inHours: true },
        ai: { chosen: 300, actual: 300, ms: 300_000, inHours: true },
      },
    ],
  },
  {
    name: "Gus",
    channel: "sms",
    anchors: [
      { key: "g0", t: "04-02T04:00", inHours: false, ai: { chosen: 420, actual: 425, ms: 425_000, inHours: false } },
    ],
  },
  {
    name: "Hal",
    channel: "sms",
    anchors: [
      { key: "h1", t: "04-03T04:00", inHours: false, ai: { chosen: 430, actual: 431, ms: 431_000, inHours: false } },
    ],
  },
];

const B_LEADS: LeadSpec[] = [
  {
    name: "Zed",
    channel: "sms",
    status: "MEETING_BOOKED",
    appointmentStatus: "BOOKED",
    bookedAt: "04-11T12:00",
    anchors: [{ key: "z1", t: "04-10T14:00", inHours: true, setter: { user: "cal", ms: 10_000, inHours: true } }],
  },
];

export type AnalyticsFixture = {
  a: { id: string };
  b: { id: string };
  users: Record<"ava" | "ben" | "cal" | "mia" | "zoe" | "max", { id: string; email: string }>;
  leads: Record<string, string>;
  anchors: Record<string, string>;
};

async function addLeads(
  db: Db,
  clientId: string,
  specs: LeadSpec[],
  users: AnalyticsFixture["users"],
  out: AnalyticsFixture,
) {
  for (const spec of specs) {
    const lead = await db.lead.create({
      data: {
        clientId,
        name: spec.name,
        status: spec.status ?? "ENGAGED",
        appointmentStatus: spec.appointmentStatus ?? null,
        appointmentBookedAt: spec.bookedAt ? at(spec.bookedAt) : null,
        appointmentCanceledAt: spec.canceledAt ? at(spec.canceledAt) : null,
      },
    });
    out.leads[spec.name] = lead.id;
    for (const anchor of spec.anchors) {
      const t = at(anchor.t);
      const inbound = await db.message.create({
        data: { clientId, leadId: lead.id, channel: spec.channel, direction: "inbound", body: anchor.key, sentAt: t },
      });
      out.anchors[anchor.key] = inbound.id;
      const { setter, ai } = anchor;
      await db.responseTimingEvent.create({
        data: {
          clientId,
          leadId: lead.id,
          channel: spec.channel,
          inboundMessageId: inbound.id,
          inboundSentAt: t,
          streakStartMessageId: inbound.id,
          streakStartSentAt: t,
          streakLength: 1,
          setterResponseMessageId: setter ? randomUUID() : null,
          setterResponseSentAt: setter ? new Date(t.getTime() + setter.ms) : null,
          setterSentByUserId: setter ? users[setter.user as keyof typeof users].id : null,
          setterResponseMs: setter ? BigInt(setter.ms) : null,
          aiResponseMessageId: ai ? randomUUID() : null,
          aiResponseSentAt: ai ? new Date(t.getTime() + ai.ms) : null,
          aiResponseMs: ai ? BigInt(ai.ms) : null,
          aiDelayMinSeconds: ai ? 180 : null,
          aiDelayMaxSeconds: ai ? 420 : null,
          aiChosenDelaySeconds: ai?.chosen ?? null,
          aiActualDelaySeconds: ai?.actual ?? null,
          aiScheduledRunAt: ai ? new Date(t.getTime() + ai.chosen * 1000) : null,
          inboundInBusinessHours: anchor.inHours,
          setterResponseInBusinessHours: setter ? setter.inHours : null,
          aiResponseInBusinessHours: ai ? ai.inHours : null,
        },
      });
    }
  }
}

export async function buildAnalyticsFixture(db: Db): Promise<AnalyticsFixture> {
  const a = await db.client.create({ data: { name: "Alpha Appointments", timezone: "America/New_York" } });
  const b = await db.client.create({ data: { name: "Beta Bookings", timezone: "Europe/London" } });
  const people: [keyof AnalyticsFixture["users"], string, { clientId: string; role: MemberRole }[]][] = [
    ["ava", "Ava Setter", [{ clientId: a.id, role: "SETTER" }]],
    ["ben", "Ben Setter", [{ clientId: a.id, role: "SETTER" }]],
    ["cal", "Cal Setter", [{ clientId: b.id, role: "SETTER" }]],
    ["mia", "Mia Manager", [{ clientId: a.id, role: "MANAGER" }]],
    [
      "zoe",
      "Zoe Admin",
      [
        { clientId: a.id, role: "ADMIN" },
        { clientId: b.id, role: "ADMIN" },
      ],
    ],
    ["max", "Max Beta", [{ clientId: b.id, role: "MANAGER" }]],
  ];
  const users = {} as AnalyticsFixture["users"];
  for (const [key, name, memberships] of people) {
    const email = `${key}@analytics.test`;
    const user = await db.user.create({ data: { id: randomUUID(), name, email, emailVerified: true } });
    for (const m of memberships) await db.clientMember.create({ data: { userId: user.id, ...m } });
    users[key] = { id: user.id, email };
  }
  const out: AnalyticsFixture = { a, b, users, leads: {}, anchors: {} };
  await addLeads(db, a.id, A_LEADS, users, out);
  await addLeads(db, b.id, B_LEADS, users, out);
  // Mia (a manager) has sent a setter reply, so she is a setter option; Zoe (admin) has not.
  await db.message.create({
    data: {
      clientId: a.id,
      leadId: out.leads.Cy!,
      channel: "sms",
      direction: "outbound",
      body: "hi",
      sentAt: at("03-01T12:00"),
      sentBy: "setter",
      sentByUserId: users.mia.id,
    },
  });
  return out;
}
