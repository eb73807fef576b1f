// The send path every adapter shares: input checks, sandbox, then exactly one POST with a
// timeout (AbortSignal.timeout + the caller's signal) whose outcome send-answer.ts maps to a
// SendResult. A provider's send.ts only says how to build its request and read its success
// body (defineSendAdapter). Order: bad input or missing reply context → rejected before any
// request; sandbox → a synthetic id and now(), no request; then the request.
import { randomUUID } from "node:crypto";
import { trackRequest } from "./request-progress";
import type { SendAdapter, SendArgs, SendResult } from "./send-adapter";
import { DEFAULT_SEND_TIMEOUT_MS } from "./send-adapter";
import { fromAnswer, fromFailureBeforeAnswer, rejected, unavailable, unknownOutcome, whatStopped } from "./send-answer";
import { safeReason } from "./send-fields";

const MAX_ANSWER_BYTES = 256 * 1024;

export type SendInput = SendArgs & { apiKey: string };

export type PreparedRequest = {
  /** Appended to the base URL; encode path parameters. */
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer>;
};

export type SuccessReading =
  | { providerMessageId: string | null; sentAt?: Date | null; providerContext?: Record<string, string | null> }
  /** A 2xx whose body says the send failed. */
  | { failed: string };

export type SendSpec = Omit<SendAdapter, "send"> & {
  /** A version prefix people paste with the host (".../api/v1"); dropped from the base URL. */
  baseUrlSuffix?: RegExp;
  /** Wait this long after a 429 that says nothing about when to retry (the provider's window). */
  defaultRetryAfterMs: number;
  /** Pure: the request for this send, or why it cannot be made. */
  buildRequest(input: SendInput): PreparedRequest | { reject: string };
  /** The parsed 2xx body (null when empty or not JSON). */
  readSuccess(body: unknown): SuccessReading;
  /** Set when the provider's success answer carries no id: a local "<prefix>-<uuid>" stands in. */
  localIdPrefix?: string;
  /** A provider-specific wait in ms for a 429 (its body or headers), used when there is no Retry-After. */
  rateLimitHintMs?(headers: Headers, body: unknown): number | null;
};

function checkInput(spec: SendSpec, args: SendArgs): string | null {
  if (args.connection.provider !== spec.provider) {
    return `connection ${args.connection.id} is ${args.connection.provider}, not ${spec.provider}`;
  }
  if (!spec.channels.includes(args.channel)) return `${spec.provider} cannot send on the ${args.channel} channel`;
  if (typeof args.text !== "string" || args.text.trim() === "") return "the message is empty";
  return null;
}

function urlFor(spec: SendSpec, args: SendArgs, request: PreparedRequest): URL | string {
  const configured = args.connection.apiBaseUrl?.trim() || spec.defaultBaseUrl;
  if (!configured) return `connection ${args.connection.id} has no API base URL (${spec.provider} needs one)`;
  let base = configured.replace(/\/+$/, "");
  if (spec.baseUrlSuffix) base = base.replace(spec.baseUrlSuffix, "");
  let url: URL;
  try {
    url = new URL(`${base}${request.path}`);
  } catch {
    return `connection ${args.connection.id} has an invalid API base URL`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "the API base URL must be http or https";
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  return url;
}

/** The answer's text, at most MAX_ANSWER_BYTES of it (a send's answer is small; a huge one is not worth holding). */
async function readCapped(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    text += decoder.decode(value, { stream: true });
    if (bytes >= MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return text + decoder.decode();
}

async function exchange(spec: SendSpec, args: SendArgs, url: URL, request: PreparedRequest, apiKey: string) {
  const now = args.now ?? (() => new Date());
  const secrets = [apiKey];
  const caller = args.signal;
  if (caller?.aborted) return unavailable(null, "not sent: cancelled by the caller");
  const timeoutMs = args.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
  const init: RequestInit = {
    method: "POST",
    headers: request.headers,
    body: request.body,
    signal,
    redirect: "manual",
  };
  const { progress, result } = trackRequest(() => fetch(url, init));
  let response: Response;
  try {
    response = await result;
  } catch (error) {
    const what = whatStopped({ error, caller, timeout, timeoutMs });
    return fromFailureBeforeAnswer({ error, progress, what, secrets });
  }
  let text = "";
  try {
    text = await readCapped(response);
  } catch (error) {
    // The provider answered 2xx (it took the send) but we lost its body, and with it the id.
    if (response.ok) {
      const what = whatStopped({ error, caller, timeout, timeoutMs });
      return unknownOutcome(safeReason(`HTTP ${response.status}, but the answer could not be read: ${what}`, secrets));
    }
  }
  return fromAnswer({ spec, response, text, secrets, now });
}

async function send(spec: SendSpec, args: SendArgs): Promise<SendResult> {
  const invalid = checkInput(spec, args);
  if (invalid) return rejected(null, invalid);
  if (args.connection.mode === "sandbox") {
    const sentAt = (args.now ?? (() => new Date()))();
    return { ok: true, providerMessageId: `sandbox-${randomUUID()}`, idSource: "sandbox", sentAt, providerContext: {} };
  }
  const apiKey = args.connection.apiKey?.trim();
  if (!apiKey) return rejected(null, `connection ${args.connection.id} has no API key`);
  const request = spec.buildRequest({ ...args, apiKey });
  if ("reject" in request) return rejected(null, request.reject);
  const url = urlFor(spec, args, request);
  if (typeof url === "string") return rejected(null, url);
  try {
    return await exchange(spec, args, url, request, apiKey);
  } catch (error) {
    // A bug of ours once the request may have gone out: never report it as "not sent".
    return unknownOutcome(safeReason(`unexpected error: ${String(error)}`, [apiKey]));
  }
}

export function defineSendAdapter(spec: SendSpec): SendAdapter {
  return {
    provider: spec.provider,
    channels: spec.channels,
    defaultBaseUrl: spec.defaultBaseUrl,
    rateLimit: spec.rateLimit,
    send: (args) => send(spec, args),
  };
}
