// Names and message bodies for the demo. Short templates filled from the RNG read
// like real setter inboxes without storing a corpus.
import type { Rng } from "./rng";
import type { Channel } from "@/lib/channels";

const FIRST = [
  "James",
  "Maria",
  "Robert",
  "Linda",
  "Michael",
  "Sarah",
  "David",
  "Emily",
  "Daniel",
  "Jessica",
  "Chris",
  "Laura",
  "Kevin",
  "Megan",
  "Brian",
  "Rachel",
  "Jason",
  "Nicole",
  "Ryan",
  "Amanda",
  "Eric",
  "Hannah",
  "Adam",
  "Olivia",
  "Luke",
  "Sophie",
  "Omar",
  "Fatima",
  "Wei",
  "Mei",
  "Carlos",
  "Lucia",
  "Ahmed",
  "Zara",
  "Liam",
  "Chloe",
  "Noah",
  "Grace",
  "Ethan",
  "Isla",
];
const LAST = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Garcia",
  "Miller",
  "Davis",
  "Martinez",
  "Lopez",
  "Wilson",
  "Anderson",
  "Taylor",
  "Thomas",
  "Moore",
  "Jackson",
  "White",
  "Harris",
  "Clark",
  "Lewis",
  "Walker",
  "Hall",
  "Young",
  "King",
  "Wright",
  "Scott",
  "Green",
  "Baker",
  "Adams",
  "Nelson",
  "Patel",
  "Khan",
  "Chen",
  "Wong",
  "Evans",
  "Hughes",
  "Murphy",
  "O'Brien",
  "Reid",
  "Fraser",
];
const COMPANIES = [
  "Acme Roofing",
  "Summit Dental",
  "BluePeak Solar",
  "Harbor Legal",
  "Evergreen HVAC",
  "Pinnacle Realty",
  "Crestline Fitness",
  "Nova Med Spa",
  "Ironclad Insurance",
  "Brightpath Tutoring",
  "Keystone Plumbing",
  "Silverline Auto",
  "Oakridge Wealth",
  "Lumen Clinics",
  "Northstar Logistics",
  "Redwood Builders",
  "Clearwater Pools",
  "Vertex Marketing",
  "Maple Home Care",
  "Atlas Chiropractic",
];

export type Identity = { first: string; last: string; name: string; company: string; domain: string };

export function makeIdentity(rng: Rng): Identity {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const company = rng.pick(COMPANIES);
  const domain = `${company.toLowerCase().replace(/[^a-z]/g, "")}.example`;
  return { first, last, name: `${first} ${last}`, company, domain };
}

type Fill = (who: Identity, setterFirst: string) => string;

const OPENERS: Record<Channel, Fill[]> = {
  sms: [
    (w) =>
      `Hi ${w.first}, saw ${w.company} is growing fast. Open to a quick chat about filling your calendar with booked jobs?`,
    (w) => `Hey ${w.first}! Are you still taking on new clients at ${w.company} this month?`,
  ],
  email: [
    (w) =>
      `Hi ${w.first},\n\nI help businesses like ${w.company} turn cold leads into booked appointments. Worth a 15-minute call this week?\n\nBest`,
    (w) =>
      `Hi ${w.first},\n\nQuick one: how is ${w.company} handling lead follow-up today? We usually add 20-30 booked calls a month.\n\nCheers`,
  ],
  linkedin: [
    (w) =>
      `Hi ${w.first}, loved what ${w.company} is doing. Would you be open to connecting about appointment setting?`,
    (w) => `Thanks for connecting, ${w.first}! Curious how ${w.company} books sales calls today?`,
  ],
};

const FOLLOW_UPS: Fill[] = [
  (w) => `Just bumping this up, ${w.first}. Any interest?`,
  (w) => `Following up on my last note about ${w.company} - still worth a chat?`,
  () => `Circling back one more time. Happy to send details if easier.`,
];

const INBOUND_FIRST = [
  "Yes, interested. What does it cost?",
  "Maybe. How does it work?",
  "Who is this?",
  "Sure, tell me more",
  "We already have someone for this but open to hearing it",
  "Send me some info",
  "Not right now, maybe next quarter",
  "How did you get my number?",
  "Interesting, what kind of results do you get?",
  "I'm out of office until Monday, will reply then",
];
const INBOUND_MORE = [
  "Ok sounds good",
  "What times do you have?",
  "Can we do Thursday afternoon?",
  "Is there a contract?",
  "Let me check with my partner",
  "Perfect",
  "How much per month?",
  "Do you work with companies our size?",
  "Can you call me instead?",
  "Thanks",
  "Sorry, busy week. Still interested",
  "Not interested anymore, thanks",
  "What's the next step?",
  "Tuesday at 2 works",
];
const INBOUND_TAIL = ["Also", "And one more thing:", "Oh and", "Btw"];

export function inboundBody(rng: Rng, first: boolean, partOfStreak: boolean): string {
  if (partOfStreak && rng.chance(0.4)) return `${rng.pick(INBOUND_TAIL)} ${rng.pick(INBOUND_MORE).toLowerCase()}`;
  return rng.pick(first ? INBOUND_FIRST : INBOUND_MORE);
}

const SETTER: Fill[] = [
  (w, s) =>
    `Thanks ${w.first}! This is ${s}. We book qualified calls straight into your calendar. Do you have 15 min on Tuesday or Wednesday?`,
  (w) =>
    `Great question ${w.first}. Pricing depends on volume, usually starts at $1.5k/month. Want me to walk you through it on a call?`,
  (w) => `Totally fair, ${w.first}. Here is my calendar, grab any slot that suits: https://cal.example/demo`,
  () => `Sounds good! I've pencilled you in, you'll get a confirmation shortly.`,
  (w) => `No worries at all ${w.first}, I'll check back in a few weeks.`,
  (w, s) => `Hi ${w.first}, ${s} here. Happy to call, what's the best number and time?`,
];

const AI: Fill[] = [
  (w) =>
    `Thanks for getting back to me, ${w.first}! We help teams like ${w.company} book more qualified calls. Would a quick 15-minute intro this week work?`,
  (w) =>
    `Great question, ${w.first}. In short: we follow up with every lead within minutes and book them straight onto your calendar. Want to see how it would work for ${w.company}?`,
  (w) => `Appreciate the reply, ${w.first}. Here's a link to pick a time that suits you: https://cal.example/intro`,
  (w) => `Understood, ${w.first}. Would it help if I sent a short overview by email first?`,
];

export const openerBody = (rng: Rng, channel: Channel, who: Identity) => rng.pick(OPENERS[channel])(who, "");
export const followUpBody = (rng: Rng, who: Identity) => rng.pick(FOLLOW_UPS)(who, "");
export const setterBody = (rng: Rng, who: Identity, setterName: string) =>
  rng.pick(SETTER)(who, setterName.split(" ")[0] ?? setterName);
export const aiBody = (rng: Rng, who: Identity) => rng.pick(AI)(who, "");

export function bookingConfirmationBody(who: Identity, startAt: Date): string {
  return `Hi ${who.first}, your call is confirmed for ${startAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Reply here if you need to reschedule.`;
}

export function openerSubject(rng: Rng, who: Identity): string {
  return rng.pick([
    `Quick question about ${who.company}`,
    `${who.first}, more booked calls?`,
    `Idea for ${who.company}`,
    `Appointments for ${who.company}`,
  ]);
}
