import { describe, expect, it } from "vitest";
import { PROVIDERS } from "@/lib/connections/providers";
import { answerFor, answerResponse, WEBHOOK_OUTCOMES, type WebhookOutcome } from "./answers";

// The whole table, written out: changing a status is a deliberate edit here too.
const EXPECTED: Record<WebhookOutcome, { GHL: number; others: number }> = {
  stored: { GHL: 200, others: 200 },
  duplicate: { GHL: 200, others: 200 },
  ignored: { GHL: 200, others: 200 },
  rejected: { GHL: 200, others: 200 },
  unauthorized: { GHL: 401, others: 401 },
  "too-large": { GHL: 413, others: 413 },
  "not-found": { GHL: 404, others: 404 },
  transient: { GHL: 429, others: 503 },
  error: { GHL: 500, others: 500 },
};

describe("webhook answers table", () => {
  it.each(WEBHOOK_OUTCOMES)("%s", (outcome) => {
    for (const provider of PROVIDERS) {
      const expected = provider === "GHL" ? EXPECTED[outcome].GHL : EXPECTED[outcome].others;
      expect(answerFor(outcome, provider).status, provider).toBe(expected);
    }
  });

  it("acknowledges every 200 with the outcome and nothing else", () => {
    for (const outcome of ["stored", "duplicate", "ignored", "rejected"] as const) {
      expect(answerFor(outcome, "UNIPILE").body).toEqual({ received: true, result: outcome });
    }
  });

  it("gives every authentication failure the same body (ids reveal nothing)", () => {
    expect(answerFor("unauthorized", "GHL").body).toEqual({ received: false, error: "unauthorized" });
    expect(answerFor("unauthorized", "SMARTLEAD").body).toEqual(answerFor("unauthorized", "GHL").body);
  });

  it("asks for a retry after a minute on transient failures", async () => {
    const ghl = answerResponse("transient", "GHL");
    const other = answerResponse("transient", "INSTANTLY");
    expect([ghl.status, other.status]).toEqual([429, 503]);
    expect(ghl.headers.get("retry-after")).toBe("60");
    expect(other.headers.get("retry-after")).toBe("60");
    expect(await other.json()).toEqual({ received: false, error: "temporarily unavailable, retry later" });
    expect(answerResponse("stored", "GHL").headers.get("retry-after")).toBeNull();
  });
});
