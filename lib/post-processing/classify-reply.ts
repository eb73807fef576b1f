// The built-in, offline sentiment classifier: ordered text rules over the reply (and its
// subject), first match wins. Used when no AI model is configured and as the fallback
// when the model fails. The order matters: an auto-reply is never a "yes", and
// "not interested in a call" is a no before it is a meeting request.
import type { LeadSentiment } from "@/lib/generated/prisma/enums";

export const SENTIMENTS = [
  "POSITIVE",
  "NEUTRAL",
  "NEGATIVE",
  "MEETING_REQUESTED",
  "OUT_OF_OFFICE",
] as const satisfies readonly LeadSentiment[];

export type AnswerableSentiment = Extract<LeadSentiment, "POSITIVE" | "NEUTRAL" | "MEETING_REQUESTED">;

/** A reply worth answering: not a no, not an auto-reply. */
export function wantsAnswer(sentiment: LeadSentiment): sentiment is AnswerableSentiment {
  return sentiment === "POSITIVE" || sentiment === "NEUTRAL" || sentiment === "MEETING_REQUESTED";
}

const OUT_OF_OFFICE = [
  /\bout of (the )?office\b/,
  /\bauto(matic)?[- ]?reply\b/,
  /\bautoreply\b/,
  /\b(on|currently on) (vacation|holiday|annual leave|parental leave|maternity leave|leave)\b/,
  /\blimited access to (my )?(e-?mail|phone)\b/,
  /\baway from (my )?(desk|e-?mail|the office)\b/,
  /\b(i am|i'm) (currently )?(away|travell?ing|out) (until|till|through)\b/,
  /\bwill (be back|return|respond) (on|when|after|upon)\b/,
  /\bthis (mailbox|inbox) is (no longer|not) monitored\b/,
];

const OUT_OF_OFFICE_SUBJECT = [/^(automatic reply|auto[- ]?reply|out of (the )?office|ooo)\b/];

const NEGATIVE = [
  /\bnot interested\b/,
  /\bno longer interested\b/,
  /\bunsubscribe\b/,
  /^\s*(stop|stop all|end|quit|cancel|opt[- ]?out)\s*[.!]*\s*$/,
  /\bremove me\b/,
  /\btake me off\b/,
  /\b(don'?t|do not|stop) (contact|text|email|e-mail|message|call)(ing)? me\b/,
  /\bleave me alone\b/,
  /\bno,? thanks?( you)?\b/,
  /\bwrong (number|person)\b/,
  /\bnot (a good fit|the right (person|fit)|for us|for me)\b/,
  /\b(we'?re|we are|i'?m|i am) (all set|good for now|not looking)\b/,
  /\bnot at this time\b/,
  /\bplease stop\b/,
];

const MEETING = [
  /\b(schedule|book|set up|setup|arrange|grab|hop on|jump on)\b.{0,30}\b(call|meeting|demo|time|chat|slot)\b/,
  /\b(call|meeting|demo|chat)\b.{0,30}\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next week|this week)\b/,
  /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)\b.{0,20}\b(\d{1,2}(:\d{2})?\s?(am|pm)|morning|afternoon|evening)\b/,
  /\b(what|which) (time|day)s? (works|work|suits|is good)\b/,
  /\bwhen are you (free|available)\b/,
  /\b(send|share) (me )?(an? |your )?(invite|calendar|calendly|link to book|booking link)\b/,
  /\b(let'?s|can we|could we) (talk|chat|meet|connect|speak)\b/,
  /\bcall me\b/,
  /\b(is|are) .{0,30}\b(still )?(open|available|free)\?/,
];

const POSITIVE = [
  /^\s*(yes|yeah|yep|yup|sure|ok|okay|absolutely|definitely|of course|sounds good|perfect|great)\b/,
  /\b(i'?m|i am|we'?re|we are) (very |really |definitely )?interested\b/,
  /\b(tell|send) me more\b/,
  /\b(sounds|looks) (good|great|interesting|perfect)\b/,
  /\b(would|i'?d) (love|like) to\b/,
  /\blet'?s do (it|this)\b/,
  /\bcount me in\b/,
  /\bthat works\b/,
];

export type RuleClassification = { sentiment: LeadSentiment; rule: string };

export function classifyReplyByRules(input: {
  body: string;
  subject?: string | null;
  /** The provider flagged the reply as an auto-reply (Instantly auto_reply_received). */
  isAutoReply?: boolean;
}): RuleClassification {
  if (input.isAutoReply) return { sentiment: "OUT_OF_OFFICE", rule: "provider flagged an auto-reply" };
  const body = input.body.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, " ").trim();
  const subject = (input.subject ?? "").toLowerCase().trim();
  if (OUT_OF_OFFICE_SUBJECT.some((re) => re.test(subject))) return { sentiment: "OUT_OF_OFFICE", rule: "subject" };
  const match = (rules: RegExp[]) => rules.find((re) => re.test(body));
  const ordered: [LeadSentiment, RegExp[]][] = [
    ["OUT_OF_OFFICE", OUT_OF_OFFICE],
    ["NEGATIVE", NEGATIVE],
    ["MEETING_REQUESTED", MEETING],
    ["POSITIVE", POSITIVE],
  ];
  for (const [sentiment, rules] of ordered) {
    const rule = match(rules);
    if (rule) return { sentiment, rule: rule.source };
  }
  return { sentiment: "NEUTRAL", rule: "no rule matched" };
}
