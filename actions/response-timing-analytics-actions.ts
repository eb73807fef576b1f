"use server";

// The Response Timing tab's data. Every export of a "use server" file is callable from
// the browser with any arguments, so each one resolves the user from the session and the
// workspace scope itself; a scope object passed in is never trusted beyond its clientId.
import { responseTimingAnalyticsForUser, type ResponseTimingAnalyticsInput } from "@/lib/analytics/analytics-access";
import type { ResponseTimingAnalytics } from "@/lib/analytics/response-timing-types";
import { SafeError } from "@/lib/auth/client-scope";
import { getSessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";

export type ResponseTimingAnalyticsResult = { ok: true; data: ResponseTimingAnalytics } | { ok: false; error: string };

/**
 * `input` = { clientId, ...the tab's query-string parameters as strings } (range, from, to,
 * channel, setter, bh, attr, mature). Managers and admins of the workspace only; any
 * other caller gets "Not found". A bad parameter is an error naming it.
 */
export async function getResponseTimingAnalyticsAction(input: ResponseTimingAnalyticsInput): Promise<ResponseTimingAnalyticsResult> {
  try {
    const user = await getSessionUser();
    if (!user) return { ok: false, error: "Your session has ended. Sign in again." };
    return { ok: true, data: await responseTimingAnalyticsForUser({ db, userId: user.id, input }) };
  } catch (error) {
    if (error instanceof SafeError) return { ok: false, error: error.message };
    console.error("[analytics] response timing failed", error);
    return { ok: false, error: "Analytics are unavailable right now. Try again in a moment." };
  }
}
