// The two demo workspaces and their people. Setter speeds differ on purpose so the
// Response Timing tab has something to compare; Brightside uses a narrower AI window.
import { BRIGHTSIDE, NORTHWIND, type DemoRole } from "./demo-logins";

import type { Channel } from "@/lib/channels";

/** [dayOfWeek (0 = Sunday), startMinute, endMinute] in workspace-local time. */
export type HoursInterval = readonly [number, number, number];

export type DemoPerson = {
  key: string;
  name: string;
  email: string;
  role: DemoRole;
  /** Median reply time inside business hours, seconds. */
  medianReplySeconds: number;
  /** Spread of the log-normal reply time. */
  sigma: number;
  /** Chance of answering from the phone outside business hours instead of waiting. */
  afterHoursChance: number;
  /** Relative share of the workspace's leads this person owns (0 = owns none). */
  leadShare: number;
};

export type DemoWorkspace = {
  key: "northwind" | "brightside";
  name: string;
  timezone: string;
  autoSendEnabled: boolean;
  aiDelayMinSeconds: number;
  aiDelayMaxSeconds: number;
  /** Share of all demo leads. */
  leadShare: number;
  hours: readonly HoursInterval[];
  channelWeights: readonly (readonly [Channel, number])[];
  /** Share of email leads that came through SmartLead (the rest: Instantly). */
  smartleadShare: number;
  /** Share of bookings made in GoHighLevel (the rest: Calendly). */
  ghlBookingShare: number;
  /** E.164 prefix from a range reserved for fiction, and how many digits follow it. */
  phonePrefix: string;
  phoneSuffixDigits: number;
  people: readonly DemoPerson[];
};

const weekdays = (intervals: readonly (readonly [number, number])[]): HoursInterval[] =>
  [1, 2, 3, 4, 5].flatMap((day) => intervals.map(([start, end]) => [day, start, end] as const));

const ADMIN: DemoPerson = {
  key: "admin",
  name: "Alex Morgan",
  email: "admin@leadclock.demo",
  role: "ADMIN",
  medianReplySeconds: 1500,
  sigma: 1.1,
  afterHoursChance: 0.05,
  leadShare: 0,
};

export const DEMO_WORKSPACES: readonly DemoWorkspace[] = [
  {
    key: "northwind",
    name: NORTHWIND,
    timezone: "America/New_York",
    autoSendEnabled: true,
    aiDelayMinSeconds: 180,
    aiDelayMaxSeconds: 420,
    leadShare: 0.6,
    // Mon–Fri with a lunch break, plus a Saturday morning shift.
    hours: [
      ...weekdays([
        [540, 750],
        [810, 1080],
      ]),
      [6, 600, 840],
    ],
    channelWeights: [
      ["sms", 0.45],
      ["email", 0.35],
      ["linkedin", 0.2],
    ],
    smartleadShare: 0.7,
    ghlBookingShare: 0.8,
    phonePrefix: "+1212555",
    phoneSuffixDigits: 4,
    people: [
      ADMIN,
      {
        key: "nw-manager",
        name: "Rachel Kim",
        email: "manager@northwind.demo",
        role: "MANAGER",
        medianReplySeconds: 900,
        sigma: 1,
        afterHoursChance: 0.1,
        leadShare: 0,
      },
      {
        key: "nw-setter",
        name: "Jordan Hayes",
        email: "setter@northwind.demo",
        role: "SETTER",
        medianReplySeconds: 240,
        sigma: 1,
        afterHoursChance: 0.15,
        leadShare: 0.3,
      },
      {
        key: "nw-priya",
        name: "Priya Nair",
        email: "priya@northwind.demo",
        role: "SETTER",
        medianReplySeconds: 75,
        sigma: 0.8,
        afterHoursChance: 0.3,
        leadShare: 0.25,
      },
      {
        key: "nw-marcus",
        name: "Marcus Bell",
        email: "marcus@northwind.demo",
        role: "SETTER",
        medianReplySeconds: 720,
        sigma: 1.1,
        afterHoursChance: 0.08,
        leadShare: 0.25,
      },
      {
        key: "nw-dana",
        name: "Dana Whitfield",
        email: "dana@northwind.demo",
        role: "SETTER",
        medianReplySeconds: 2400,
        sigma: 1.2,
        afterHoursChance: 0.03,
        leadShare: 0.2,
      },
    ],
  },
  {
    key: "brightside",
    name: BRIGHTSIDE,
    timezone: "Europe/London",
    autoSendEnabled: true,
    aiDelayMinSeconds: 120,
    aiDelayMaxSeconds: 360,
    leadShare: 0.4,
    // Mon–Thu 08:30–12:30 and 13:00–17:30; Friday finishes at 16:00; no weekends.
    hours: [...weekdays([[510, 750]]), ...[1, 2, 3, 4].map((day) => [day, 780, 1050] as const), [5, 780, 960]],
    channelWeights: [
      ["email", 0.45],
      ["linkedin", 0.35],
      ["sms", 0.2],
    ],
    smartleadShare: 0.4,
    ghlBookingShare: 0.25,
    phonePrefix: "+447700900",
    phoneSuffixDigits: 3,
    people: [
      ADMIN,
      {
        key: "bs-manager",
        name: "Hannah Price",
        email: "manager@brightside.demo",
        role: "MANAGER",
        medianReplySeconds: 1200,
        sigma: 1,
        afterHoursChance: 0.05,
        leadShare: 0,
      },
      {
        key: "bs-setter",
        name: "Olivia Carter",
        email: "setter@brightside.demo",
        role: "SETTER",
        medianReplySeconds: 180,
        sigma: 0.9,
        afterHoursChance: 0.12,
        leadShare: 0.4,
      },
      {
        key: "bs-tom",
        name: "Tom Ashworth",
        email: "tom@brightside.demo",
        role: "SETTER",
        medianReplySeconds: 480,
        sigma: 1,
        afterHoursChance: 0.1,
        leadShare: 0.35,
      },
      {
        key: "bs-aisha",
        name: "Aisha Rahman",
        email: "aisha@brightside.demo",
        role: "SETTER",
        medianReplySeconds: 1500,
        sigma: 1.2,
        afterHoursChance: 0.04,
        leadShare: 0.25,
      },
    ],
  },
];

/** Every distinct person across the workspaces (the admin belongs to both). */
export function demoPeople(): DemoPerson[] {
  const byKey = new Map<string, DemoPerson>();
  for (const ws of DEMO_WORKSPACES) for (const person of ws.people) byKey.set(person.key, person);
  return [...byKey.values()];
}
