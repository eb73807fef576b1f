// How far one fetch got before it failed: was anything written to the provider? fetch
// itself only says "fetch failed" or "aborted", which cannot tell a connect that never
// completed from a request that was sent and never answered. Node's fetch (undici)
// publishes its progress on diagnostics channels: `undici:request:create` when the request
// is handed to a connection pool (synchronously, inside the caller's async context) and
// `undici:client:sendHeaders` just before the request line and headers are written to the
// socket. A request that failed before sendHeaders was certainly never received; from
// sendHeaders on, the provider may have acted on it.
import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe } from "node:diagnostics_channel";

export type RequestProgress = {
  /** The runtime reported the request (false also when it publishes nothing at all). */
  observed: boolean;
  /** The request started being written: from here on the provider may have it. */
  written: boolean;
};

const current = new AsyncLocalStorage<RequestProgress>();
const byRequest = new WeakMap<object, RequestProgress>();

function requestOf(message: unknown): object | null {
  const request = (message as { request?: unknown } | null)?.request;
  return request !== null && typeof request === "object" ? request : null;
}

subscribe("undici:request:create", (message) => {
  const progress = current.getStore();
  const request = requestOf(message);
  if (!progress || !request) return;
  progress.observed = true;
  byRequest.set(request, progress);
});

// Looked up by the request object, not the async context: a request queued on a pooled
// connection is written from that connection's callbacks, in another request's context.
subscribe("undici:client:sendHeaders", (message) => {
  const request = requestOf(message);
  const progress = request ? byRequest.get(request) : undefined;
  if (progress) progress.written = true;
});

/** Runs one fetch and reports how far it got (read `progress` after it settles). */
export function trackRequest<T>(run: () => Promise<T>): { progress: RequestProgress; result: Promise<T> } {
  const progress: RequestProgress = { observed: false, written: false };
  return { progress, result: current.run(progress, run) };
}
