// One GET against a provider's JSON API: bearer token, timeout (covering the body too),
// a size cap, zod validation, and every failure turned into a ProviderApiError. The
// token is a string (a GoHighLevel private integration token, a Calendly PAT) or a
// function, so OAuth can be plugged in later without touching the clients: on a 401 the
// function is asked again with the rejected token and the request is retried once if it
// returns a different one (where a refresh, single-flight per connection, would go).
import type { z } from "zod";
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import { ProviderApiError, type ProviderApiErrorKind } from "./provider-api-error";
import { rateLimitedWaitMs, type RateLimitInfo } from "./rate-limit";

export type AccessTokenProvider = (request: { rejected: string | null }) => Promise<string>;
export type AccessTokenSource = string | AccessTokenProvider;

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const ERROR_BODY_BYTES = 4096;

/** What every client shares: where, who, how long, and who wants the rate-limit headers. */
export type HttpClientConfig = {
  provider: AppointmentProvider;
  baseUrl: string;
  accessToken: AccessTokenSource;
  timeoutMs: number;
  maxResponseBytes: number;
  readRateLimit: (headers: Headers, now: Date) => RateLimitInfo | null;
  onRateLimit?: (info: RateLimitInfo) => void;
  now: () => Date;
};

export type JsonGet<T> = {
  path: string;
  query?: Record<string, string | null | undefined>;
  headers?: Record<string, string>;
  schema: z.ZodType<T>;
  /** Answer null on 404 instead of failing ("this appointment is gone"). */
  notFoundAsNull?: boolean;
  signal?: AbortSignal;
};

/** A base URL from the connection (null: the provider's own), checked before any request. */
export function resolveBaseUrl(provider: AppointmentProvider, apiBaseUrl: string | null | undefined, fallback: string) {
  const value = apiBaseUrl?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ProviderApiError({ provider, kind: "invalid-input", message: `API base URL is not a URL: ${value}` });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ProviderApiError({ provider, kind: "invalid-input", message: `API base URL must be http(s): ${value}` });
  }
  return value.replace(/\/+$/, "");
}

async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function providerMessageOf(text: string | null): string | null {
  if (!text) return null;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const message = [body.message, body.title, body.error].find((v) => typeof v === "string" && v.trim());
    return typeof message === "string" ? message.slice(0, 200) : null;
  } catch {
    return null;
  }
}

function kindOfStatus(status: number): ProviderApiErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 429) return "rate-limited";
  return status >= 500 ? "server" : "client";
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}

export async function getJson<T>(config: HttpClientConfig, request: JsonGet<T>): Promise<T | null> {
  const { provider } = config;
  const path = request.path;
  const fail = (
    kind: ProviderApiErrorKind,
    message: string,
    extra: Partial<ConstructorParameters<typeof ProviderApiError>[0]> = {},
  ) => new ProviderApiError({ provider, kind, message, path, ...extra });

  const url = new URL(`${config.baseUrl}${path}`);
  for (const [key, value] of Object.entries(request.query ?? {})) if (value != null) url.searchParams.set(key, value);

  const tokenFor = async (rejected: string | null): Promise<string> => {
    if (typeof config.accessToken === "string") return config.accessToken;
    try {
      return await config.accessToken({ rejected });
    } catch (error) {
      throw fail("unauthorized", "could not obtain an access token", { cause: error });
    }
  };

  let token = await tokenFor(null);
  if (!token) throw fail("invalid-input", "no API token configured");
  for (let attempt = 0; ; attempt += 1) {
    const timeout = AbortSignal.timeout(config.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    let response: Response;
    let text: string | null;
    try {
      response = await fetch(url, {
        headers: { Accept: "application/json", ...request.headers, Authorization: `Bearer ${token}` },
        // A redirect could carry the bearer token elsewhere; a JSON API has no reason to send one.
        redirect: "error",
        signal,
      });
      text = await readCapped(response, response.ok ? config.maxResponseBytes : ERROR_BODY_BYTES);
    } catch (error) {
      if (request.signal?.aborted) throw fail("aborted", `${path}: aborted by the caller`, { cause: error });
      if (timeout.aborted) throw fail("timeout", `${path}: no answer within ${config.timeoutMs} ms`, { cause: error });
      throw fail("network", `${path}: request failed (${error instanceof Error ? error.message : String(error)})`, {
        cause: error,
      });
    }

    const now = config.now();
    const rateLimit = config.readRateLimit(response.headers, now);
    if (rateLimit) config.onRateLimit?.(rateLimit);
    const status = response.status;

    if (status === 401 && typeof config.accessToken === "function" && attempt === 0) {
      const fresh = await tokenFor(token);
      if (fresh && fresh !== token) {
        token = fresh;
        continue;
      }
    }
    if (status === 404 && request.notFoundAsNull) return null;
    if (!response.ok) {
      const kind = kindOfStatus(status);
      const retryAfterMs =
        kind === "rate-limited" ? rateLimitedWaitMs(response.headers, rateLimit, provider, now) : null;
      const providerMessage = providerMessageOf(text);
      const wait = retryAfterMs === null ? "" : `, retry in ${Math.ceil(retryAfterMs / 1000)} s`;
      throw fail(kind, `${path}: answered ${status}${providerMessage ? ` (${providerMessage})` : ""}${wait}`, {
        status,
        retryAfterMs,
        rateLimit,
        providerMessage,
      });
    }
    if (text === null) throw fail("malformed", `${path}: response over ${config.maxResponseBytes} bytes`, { status });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw fail("malformed", `${path}: response is not JSON`, { status });
    }
    const parsed = request.schema.safeParse(body);
    if (!parsed.success)
      throw fail("malformed", `${path}: unexpected shape (${describeIssues(parsed.error)})`, { status });
    return parsed.data;
  }
}
