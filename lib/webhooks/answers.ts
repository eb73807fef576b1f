// What every webhook outcome is answered, per provider (docs/webhooks.md "Answers"). One table, so
// the status a provider sees is decided in one place and unit-tested.
//
// Why these codes: GoHighLevel retries only 429 (every ~10 min, 6 times) and treats 5xx as
// permanent, so a transient failure must be 429 there; the others retry 5xx, so 503. An
// authentic payload we cannot use is 200 (stored as `rejected`): a retry cannot fix it and a
// replay after a parser fix can. 401 is one body for every authentication failure, so it tells
// an attacker nothing about which ids exist. 500 is only for our own bugs; GoHighLevel will not
// retry those, which is why they are logged loudly.
import type { Provider } from "@/lib/generated/prisma/enums";

export const WEBHOOK_OUTCOMES = [
  "stored",
  "duplicate",
  "ignored",
  "rejected",
  "unauthorized",
  "too-large",
  "not-found",
  "transient",
  "error",
] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

type Answer = { status: number; body: Record<string, unknown>; retryAfterSeconds?: number };

const OK = (result: string): Answer => ({ status: 200, body: { received: true, result } });

export const WEBHOOK_ANSWERS: Record<WebhookOutcome, (provider: Provider) => Answer> = {
  stored: () => OK("stored"),
  duplicate: () => OK("duplicate"),
  ignored: () => OK("ignored"),
  rejected: () => OK("rejected"),
  unauthorized: () => ({ status: 401, body: { received: false, error: "unauthorized" } }),
  "too-large": () => ({ status: 413, body: { received: false, error: "payload too large" } }),
  "not-found": () => ({ status: 404, body: { received: false, error: "not found" } }),
  transient: (provider) => ({
    status: provider === "GHL" ? 429 : 503,
    body: { received: false, error: "temporarily unavailable, retry later" },
    retryAfterSeconds: 60,
  }),
  error: () => ({ status: 500, body: { received: false, error: "internal error" } }),
};

/** The HTTP status and JSON body for an outcome. */
export function answerFor(outcome: WebhookOutcome, provider: Provider): Answer {
  return WEBHOOK_ANSWERS[outcome](provider);
}

export function answerResponse(outcome: WebhookOutcome, provider: Provider): Response {
  const answer = answerFor(outcome, provider);
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (answer.retryAfterSeconds !== undefined) headers["retry-after"] = String(answer.retryAfterSeconds);
  return Response.json(answer.body, { status: answer.status, headers });
}
