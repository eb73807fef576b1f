// A local fake of GoHighLevel's GET /conversations/{conversationId}/messages (node:http on
// 127.0.0.1, port 0): newest first, pages of `pageSize` (or the request's smaller limit),
// cursor = lastMessageId, nextPage while more remain. The live API's wrapped envelope
// ({ messages: { lastMessageId, nextPage, messages } }) by default, the documented
// unwrapped one on request; any status can be forced for a page.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeGhlMessage = {
  id: string;
  direction: "inbound" | "outbound";
  body?: string;
  dateAdded: string;
  messageType?: string;
  userId?: string;
};

export type FakeGhlRequest = {
  conversationId: string;
  authorization: string | undefined;
  version: string | undefined;
  limit: string | null;
  lastMessageId: string | null;
  type: string | null;
};

export type FakeGhl = {
  baseUrl: string;
  requests: FakeGhlRequest[];
  /** Conversation id → its messages, newest first. */
  conversations: Map<string, FakeGhlMessage[]>;
  pageSize: number;
  envelope: "wrapped" | "unwrapped";
  /** Answer this status instead of the page with this (1-based) number. */
  failPage: { page: number; status: number } | null;
  close(): Promise<void>;
};

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

export async function startFakeGhl(): Promise<FakeGhl> {
  const fake: FakeGhl = {
    baseUrl: "",
    requests: [],
    conversations: new Map(),
    pageSize: 20,
    envelope: "wrapped",
    failPage: null,
    close: async () => undefined,
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const match = /^\/conversations\/([^/]+)\/messages$/.exec(url.pathname);
    if (request.method !== "GET" || !match) {
      send(response, 404, { message: "Not found" });
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    fake.requests.push({
      conversationId,
      authorization: request.headers.authorization,
      version: request.headers.version as string | undefined,
      limit: url.searchParams.get("limit"),
      lastMessageId: url.searchParams.get("lastMessageId"),
      type: url.searchParams.get("type"),
    });
    if (fake.failPage?.page === fake.requests.length) {
      send(response, fake.failPage.status, { statusCode: fake.failPage.status, message: "Forced failure" });
      return;
    }
    if (request.headers.authorization !== "Bearer ghl-test-key") {
      send(response, 401, { statusCode: 401, message: "Invalid JWT" });
      return;
    }
    const all = fake.conversations.get(conversationId) ?? [];
    const after = url.searchParams.get("lastMessageId");
    const start = after ? all.findIndex((m) => m.id === after) + 1 : 0;
    const limit = Math.min(fake.pageSize, Number(url.searchParams.get("limit") ?? fake.pageSize));
    const messages = all.slice(start, start + limit).map((m) => ({
      locationId: "loc-1",
      contactId: "contact-1",
      conversationId,
      type: 2,
      messageType: "TYPE_SMS",
      contentType: "text/plain",
      status: "delivered",
      ...m,
    }));
    const page = {
      lastMessageId: messages.at(-1)?.id ?? "",
      nextPage: start + limit < all.length,
      messages,
    };
    send(response, 200, fake.envelope === "wrapped" ? { messages: page } : page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
