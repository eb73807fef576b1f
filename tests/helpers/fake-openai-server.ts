// A local OpenAI-compatible chat-completions server (node:http on 127.0.0.1, port 0) for
// the AI path's tests: real HTTP through the AI SDK, never a mocked fetch. Each request
// is answered by the test's `answer` function: a normal completion in OpenAI's format,
// an error status with OpenAI's error body, or a completion delayed past the timeout.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ChatRequest = {
  authorization: string | undefined;
  body: {
    model: string;
    messages: { role: string; content: unknown }[];
    response_format?: { type: string };
    [key: string]: unknown;
  };
  /** The system and user texts joined, for routing by what is asked. */
  text: string;
};

export type FakeAnswer =
  | { content: string; usage?: { prompt: number; completion: number }; delayMs?: number }
  | { status: number; message: string; type?: string };

export type FakeOpenAi = {
  /** Base URL with /v1, as AI_BASE_URL takes it. */
  baseUrl: string;
  requests: ChatRequest[];
  answer: (request: ChatRequest) => FakeAnswer;
  close(): Promise<void>;
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown) {
  if (response.destroyed) return;
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

export async function startFakeOpenAi(answer: FakeOpenAi["answer"]): Promise<FakeOpenAi> {
  const timers = new Set<NodeJS.Timeout>();
  const fake: FakeOpenAi = { baseUrl: "", requests: [], answer, close: async () => undefined };
  let counter = 0;
  const server = createServer(async (request, response) => {
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
      send(response, 404, { error: { message: `no route ${request.method} ${request.url}` } });
      return;
    }
    const body = JSON.parse(await readBody(request)) as ChatRequest["body"];
    const text = body.messages.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content)));
    const chat: ChatRequest = { authorization: request.headers.authorization, body, text: text.join("\n") };
    fake.requests.push(chat);
    const reply = fake.answer(chat);
    if ("status" in reply) {
      send(response, reply.status, {
        error: { message: reply.message, type: reply.type ?? "server_error", param: null, code: null },
      });
      return;
    }
    counter += 1;
    const prompt = reply.usage?.prompt ?? 0;
    const completion = reply.usage?.completion ?? 0;
    const completionBody = {
      id: `chatcmpl-fake-${counter}`,
      object: "chat.completion",
      created: 1_760_000_000 + counter,
      model: body.model,
      choices: [{ index: 0, message: { role: "assistant", content: reply.content }, finish_reason: "stop" }],
      ...(reply.usage
        ? { usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } }
        : {}),
    };
    if (reply.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(response, 200, completionBody);
      }, reply.delayMs);
      timers.add(timer);
      return;
    }
    send(response, 200, completionBody);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}/v1`;
  fake.close = async () => {
    for (const timer of timers) clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
