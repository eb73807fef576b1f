// The simulate runners' POST: one signed delivery to the running app, the answer logged, and a
// failure explained (the app not answering, or a non-200 and what it usually means).
import { explainStatus } from "./explain-status";

export type SimulatedPost = { path: string; headers: Record<string, string>; body: string };

/** True when the app answered 200; otherwise the problem went to `error`. */
export async function postSimulatedDelivery(options: {
  url: string;
  delivery: SimulatedPost;
  provider: string;
  /** Shown after the path on the "→ POST" line, e.g. the event type. */
  label?: string;
  log: (line: string) => void;
  error: (line: string) => void;
}): Promise<boolean> {
  const { url, delivery, log, error } = options;
  log(`→ POST ${url}${delivery.path}${options.label ? ` (${options.label})` : ""}`);
  const response = await fetch(`${url}${delivery.path}`, {
    method: "POST",
    headers: delivery.headers,
    body: delivery.body,
    signal: AbortSignal.timeout(30_000),
  }).catch((problem: unknown) => problem as Error);
  if (response instanceof Error) {
    error(`The app stopped answering at ${url}: ${response.message}`);
    return false;
  }
  log(`← ${response.status} ${(await response.text()).slice(0, 500)}`);
  if (response.status !== 200) {
    error(explainStatus(response.status, options.provider));
    return false;
  }
  return true;
}
