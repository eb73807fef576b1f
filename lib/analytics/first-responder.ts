// Who answered an anchor first (docs/definitions.md: booking attribution goes to the first
// responder; seed 001 RED TEAM 7). The same rule as firstResponderSql() in
// response-timing-analytics-sql.ts; tests/integration/first-responder-sql.test.ts runs
// both on one table of cases.

export type FirstResponder = "setter" | "ai";

/**
 * The earlier of the setter and the AI reply; null when neither answered. On equal
 * timestamps the setter wins: a human answer is never attributed to the AI on a tie.
 */
export function firstResponder({
  setterSentAt,
  aiSentAt,
}: {
  setterSentAt: Date | null;
  aiSentAt: Date | null;
}): FirstResponder | null {
  if (setterSentAt && (!aiSentAt || setterSentAt.getTime() <= aiSentAt.getTime())) return "setter";
  return aiSentAt ? "ai" : null;
}
