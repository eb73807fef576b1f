// A local fake of the four providers' send APIs (node:http on 127.0.0.1, port 0), for the
// send adapters' tests: real HTTP, never a mocked fetch. It speaks each documented request —
// GoHighLevel POST /conversations/messages, SmartLead POST /api/v1/campaigns/{id}/reply-email-thread,
// Instantly POST /api/v2/emails/reply, Unipile POST /api/v1/chats/{chat_id}/messages
// (multipart) — checks auth and the required fields the way the provider documents them, and
// answers with the provider's success or error body. It records every request it receives
// (and counts TCP connections, so a test can prove a send reached no server). A test can force
// the next answers: an error status, a 429 with Retry-After, a hang past the client's
// timeout, or a dropped connection.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeProvider = "GHL" | "SMARTLEAD" | "INSTANTLY" | "UNIPILE";

export type RecordedRequest = {
  provider: FakeProvider | null;
  method: string;
  path: string;
  /** Path parameter: SmartLead campaign_id or Unipile chat_id. */
  pathId: string | null;
  query: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  rawBody: string;
  /** The JSON object, or the multipart/form-data fields; null when neither. */
  body: Record<string, unknown> | null;
  /** Date.now() when the whole request had arrived (rate checks count these). */
  receivedAt: number;
};

/** What a successful send answered; an echo hook builds the provider's webhook from it. */
export type AcceptedRequest = { request: RecordedRequest; status: number; body: unknown };

export type FakeAnswer =
  | { kind: "ok" }
  | { kind: "error"; status: number; message?: string; headers?: Record<string, string> }
  | { kind: "rate-limited"; retryAfter?: string; headers?: Record<string, string>; bodyRetryAfter?: number }
  /** accepted: the provider sends it (it counts, echo hooks run) but never answers. */
  | { kind: "hang"; accepted?: boolean }
  | { kind: "drop" };

export type FakeProviders = {
  baseUrl: string;
  /** The key every provider accepts; anything else is answered 401. */
  apiKey: string;
  requests: RecordedRequest[];
  connections: number;
  /** Decides each answer; validation of the documented fields applies to "ok" only. */
  answer: (request: RecordedRequest) => FakeAnswer;
  /** Instantly's timestamp_email for the sends it accepts. */
  now: () => Date;
  /** Every answer waits this long first (a provider's latency; the benchmark uses 20 ms). */
  latencyMs: number;
  /** Runs before a success is answered: an echo webhook that arrives before the call returns. */
  beforeAnswer: ((accepted: AcceptedRequest) => Promise<void>) | null;
  /** Runs after a success was answered: the usual echo. */
  afterAnswer: ((accepted: AcceptedRequest) => Promise<void>) | null;
  /** The sends accepted (answered 2xx). */
  accepted: AcceptedRequest[];
  reset(): void;
  close(): Promise<void>;
};

const ROUTES: { provider: FakeProvider; pattern: RegExp }[] = [
  { provider: "GHL", pattern: /^\/conversations\/messages$/ },
  { provider: "SMARTLEAD", pattern: /^\/api\/v1\/campaigns\/([^/]+)\/reply-email-thread$/ },
  { provider: "INSTANTLY", pattern: /^\/api\/v2\/emails\/reply$/ },
  { provider: "UNIPILE", pattern: /^\/api\/v1\/chats\/([^/]+)\/messages$/ },
];

const STATUS_NAME: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 422: "Unprocessable Entity" };

/** Each provider's documented error body. */
function errorBody(provider: FakeProvider | null, status: number, message: string, retryAfter?: number): unknown {
  const name = STATUS_NAME[status] ?? (status >= 500 ? "Internal Server Error" : "Error");
  if (provider === "SMARTLEAD") {
    return status === 429
      ? { error: { code: "RATE_LIMIT_EXCEEDED", message, retry_after: retryAfter } }
      : { error: message };
  }
  if (provider === "UNIPILE") return { title: name, detail: message, instance: "/fake", type: "errors/fake", status };
  return { statusCode: status, error: name, message };
}

const str = (value: unknown) => typeof value === "string" && value.trim() !== "";

/** What a live provider would refuse (auth first, then the required fields); null when acceptable. */
function refusal(fake: FakeProviders, request: RecordedRequest): { status: number; message: string } | null {
  const body = request.body ?? {};
  const bearer = request.headers.authorization === `Bearer ${fake.apiKey}`;
  switch (request.provider) {
    case "GHL":
      if (!bearer) return { status: 401, message: "Invalid JWT" };
      if (request.headers.version !== "2021-04-15") return { status: 400, message: "Version header is invalid" };
      if (!str(body.contactId)) return { status: 422, message: "contactId must be a string" };
      if (body.type === "SMS")
        return str(body.message) ? null : { status: 422, message: "message should not be empty" };
      if (body.type === "Email")
        return str(body.html) || str(body.message) ? null : { status: 422, message: "html or message is required" };
      return { status: 422, message: "type must be one of the following values: SMS, Email, ..." };
    case "SMARTLEAD":
      if (request.query.api_key !== fake.apiKey) return { status: 401, message: "API key is required." };
      if (!/^\d+$/.test(request.pathId ?? "")) return { status: 400, message: "campaign_id must be an integer" };
      if (!str(body.email_stats_id) || !str(body.email_body))
        return { status: 400, message: "Invalid email_stats_id or campaign_id" };
      return null;
    case "INSTANTLY": {
      if (!bearer) return { status: 401, message: "Unauthorized" };
      const content = body.body as { text?: unknown; html?: unknown } | undefined;
      if (!str(body.eaccount) || !str(body.reply_to_uuid) || !str(body.subject)) {
        return { status: 400, message: "body must have required properties eaccount, reply_to_uuid, subject" };
      }
      return str(content?.text) || str(content?.html)
        ? null
        : { status: 400, message: "body/body must have text or html" };
    }
    case "UNIPILE":
      if (request.headers["x-api-key"] !== fake.apiKey) return { status: 401, message: "Missing credentials" };
      if (!request.headers["content-type"]?.startsWith("multipart/form-data"))
        return { status: 415, message: "multipart expected" };
      return str(body.text) ? null : { status: 400, message: "text is required" };
    default:
      return { status: 404, message: `no route ${request.method} ${request.path}` };
  }
}

/** Each provider's documented success answer. */
function success(fake: FakeProviders, request: RecordedRequest, n: number): { status: number; body: unknown } {
  const body = request.body ?? {};
  switch (request.provider) {
    case "GHL":
      return {
        status: 200,
        body: {
          conversationId: `conv-${String(body.contactId)}`,
          messageId: `ghl-msg-${n}`,
          ...(body.type === "Email" ? { emailMessageId: `ghl-email-${n}` } : {}),
          msg: "Message queued successfully.",
        },
      };
    case "SMARTLEAD":
      return { status: 200, body: { success: true, message: "Reply sent successfully" } };
    case "INSTANTLY": {
      const at = fake.now().toISOString();
      const id = `019d9c5f-9685-78bb-9ea7-${String(n).padStart(12, "0")}`;
      const message = { id, timestamp_created: at, timestamp_email: at, message_id: `<fake-${n}@mail.example.com>` };
      return {
        status: 200,
        body: { ...message, subject: body.subject, eaccount: body.eaccount, body: body.body, ue_type: 3 },
      };
    }
    default:
      return { status: 201, body: { object: "MessageSent", message_id: `unipile-msg-${n}` } };
  }
}

async function record(request: IncomingMessage, raw: Buffer): Promise<RecordedRequest> {
  const url = new URL(request.url ?? "/", "http://fake");
  const route = ROUTES.map((r) => ({ ...r, match: r.pattern.exec(url.pathname) })).find((r) => r.match);
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
  const contentType = headers["content-type"] ?? "";
  let body: Record<string, unknown> | null = null;
  if (contentType.startsWith("multipart/form-data")) {
    const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } })
      .formData()
      .catch(() => null);
    body = form ? Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])) : null;
  } else {
    try {
      const parsed: unknown = JSON.parse(raw.toString("utf8"));
      body =
        parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>)
          : null;
    } catch {
      body = null;
    }
  }
  return {
    provider: route?.provider ?? null,
    method: request.method ?? "",
    path: url.pathname,
    pathId: route?.match?.[1] ? decodeURIComponent(route.match[1]) : null,
    query: Object.fromEntries(url.searchParams),
    headers,
    rawBody: raw.toString("utf8"),
    body,
    receivedAt: Date.now(),
  };
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/** uniqueIds: message ids keep counting across reset() (tests that store them need unique ids). */
export async function startFakeProviderServer(
  options: { apiKey?: string; uniqueIds?: boolean } = {},
): Promise<FakeProviders> {
  const hanging = new Set<ServerResponse>();
  let sent = 0;
  const fake: FakeProviders = {
    baseUrl: "",
    apiKey: options.apiKey ?? "provider-test-key",
    requests: [],
    connections: 0,
    answer: () => ({ kind: "ok" }),
    now: () => new Date(),
    latencyMs: 0,
    beforeAnswer: null,
    afterAnswer: null,
    accepted: [],
    reset() {
      if (!options.uniqueIds) sent = 0;
      fake.requests.length = 0;
      fake.accepted.length = 0;
      fake.latencyMs = 0;
      fake.beforeAnswer = null;
      fake.afterAnswer = null;
      fake.connections = 0;
      fake.answer = () => ({ kind: "ok" });
      fake.now = () => new Date();
    },
    close: async () => undefined,
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const recorded = await record(request, Buffer.concat(chunks));
      fake.requests.push(recorded);
      if (fake.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.latencyMs));
      const answer = recorded.provider && request.method === "POST" ? fake.answer(recorded) : ({ kind: "ok" } as const);
      if (answer.kind === "hang") {
        if (answer.accepted) {
          sent += 1;
          const accepted = { request: recorded, ...success(fake, recorded, sent) };
          fake.accepted.push(accepted);
          void Promise.resolve(fake.afterAnswer?.(accepted) ?? fake.beforeAnswer?.(accepted)).catch(() => undefined);
        }
        hanging.add(response);
        return void response.on("close", () => hanging.delete(response));
      }
      if (answer.kind === "drop") return void request.socket.destroy();
      if (answer.kind === "error") {
        const message = answer.message ?? `forced ${answer.status}`;
        return reply(response, answer.status, errorBody(recorded.provider, answer.status, message), answer.headers);
      }
      if (answer.kind === "rate-limited") {
        const headers = { ...(answer.retryAfter ? { "retry-after": answer.retryAfter } : {}), ...answer.headers };
        const body = errorBody(recorded.provider, 429, "Too many requests", answer.bodyRetryAfter);
        return reply(response, 429, body, headers);
      }
      const refused = request.method === "POST" ? refusal(fake, recorded) : { status: 404, message: "not found" };
      if (refused)
        return reply(response, refused.status, errorBody(recorded.provider, refused.status, refused.message));
      sent += 1;
      const ok = success(fake, recorded, sent);
      const accepted = { request: recorded, ...ok };
      fake.accepted.push(accepted);
      if (fake.beforeAnswer) await fake.beforeAnswer(accepted);
      reply(response, ok.status, ok.body);
      if (fake.afterAnswer) await fake.afterAnswer(accepted);
    });
  });
  server.on("connection", () => {
    fake.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
