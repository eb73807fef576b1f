// Cases for the first-responder rule, shared by the unit test and the SQL agreement test.
import type { FirstResponder } from "@/lib/analytics/first-responder";

const t = (minutes: number) => new Date(Date.UTC(2026, 3, 14, 15, minutes, 0));

export const FIRST_RESPONDER_CASES: {
  name: string;
  setterSentAt: Date | null;
  aiSentAt: Date | null;
  expected: FirstResponder | null;
}[] = [
  { name: "nobody answered", setterSentAt: null, aiSentAt: null, expected: null },
  { name: "only the setter", setterSentAt: t(4), aiSentAt: null, expected: "setter" },
  { name: "only the AI", setterSentAt: null, aiSentAt: t(5), expected: "ai" },
  { name: "setter before AI", setterSentAt: t(2), aiSentAt: t(5), expected: "setter" },
  { name: "AI before setter", setterSentAt: t(40), aiSentAt: t(5), expected: "ai" },
  { name: "same millisecond: the setter", setterSentAt: t(5), aiSentAt: t(5), expected: "setter" },
  { name: "AI one millisecond earlier", setterSentAt: new Date(t(5).getTime() + 1), aiSentAt: t(5), expected: "ai" },
];
