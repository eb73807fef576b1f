// The result shape of every CRM server action, and the one place that decides what an
// error may tell the browser: a SafeError's message, or a generic line (the real error
// is logged on the server, never sent).
import { SafeError } from "@/lib/auth/client-scope";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };

export const GENERIC_ERROR = "Something went wrong. Try again in a moment.";

export async function runAction<T>(label: string, work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof SafeError) return { ok: false, error: error.message };
    console.error(`[${label}] failed`, error);
    return { ok: false, error: GENERIC_ERROR };
  }
}
