"use server";

// The Response Timing tab's data as a server action. Every export of a "use server" file
// is callable from the browser with any arguments, so the user comes from the session and
// the workspace scope is resolved from the input's clientId.
import { responseTimingAnalyticsForUser, type ResponseTimingAnalyticsInput } from "@/lib/analytics/analytics-access";
import type { ResponseTimingAnalytics } from "@/lib/analytics/response-timing-types";
import { runUserAction, type ActionResult } from "@/lib/auth/action-result";
import { db } from "@/lib/db";

export type ResponseTimingAnalyticsResult = ActionResult<ResponseTimingAnalytics>;

/**
 * `input` = { clientId, ...the tab's query-string parameters as strings } (range, from, to,
 * channel, setter, bh, attr, mature). Managers and admins of the workspace only; any
 * other caller gets "Not found". A bad parameter is an error naming it.
 */
export async function getResponseTimingAnalyticsAction(
  input: ResponseTimingAnalyticsInput,
): Promise<ResponseTimingAnalyticsResult> {
  return runUserAction("analytics.responseTiming", (userId) => responseTimingAnalyticsForUser({ db, userId, input }), {
    genericError: "Analytics are unavailable right now. Try again in a moment.",
  });
}
