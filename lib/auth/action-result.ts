// The result shape of every server action, and the one place that decides what an error
// may tell the browser: a SafeError's message, or a generic line (the real error is
// logged on the server, never sent).
import "server-only";
import { SafeError } from "@/lib/safe-error";
import { getSessionUser } from "@/lib/auth/session";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };

export const GENERIC_ERROR = "Something went wrong. Try again in a moment.";
export const SIGNED_OUT = "Your session has ended. Sign in again.";

/** Runs `work` for the signed-in user of this request; signed out → SIGNED_OUT. */
export async function runUserAction<T>(
  label: string,
  work: (userId: string) => Promise<T>,
  { genericError = GENERIC_ERROR }: { genericError?: string } = {},
): Promise<ActionResult<T>> {
  try {
    const user = await getSessionUser();
    if (!user) throw new SafeError(SIGNED_OUT);
    return { ok: true, data: await work(user.id) };
  } catch (error) {
    if (error instanceof SafeError) return { ok: false, error: error.message };
    console.error(`[${label}] failed`, error);
    return { ok: false, error: genericError };
  }
}
