// The webhook route files as Next.js runs them: configuration from the environment (the GHL
// keys, the encryption key), real Request objects, and — through a node:http server on
// 127.0.0.1 that hands each request to the route handler — real HTTP, where the 4 MiB cap
// must hold for a declared Content-Length and for a chunked body alike.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import { generateGhlTestKeys, ghlBody, ghlRequest, rowCounts, signGhl } from "../helpers/ghl-webhook-fixtures";

const keys = generateGhlTestKeys();
const encryptionKey = randomBytes(32);
const SECRET = "whsec_route-test-secret-0123456789";

let db: TestDatabase;
let ghlRoute: typeof import("@/app/api/webhooks/ghl/route");
let unipileRoute: typeof import("@/app/api/webhooks/unipile/[connectionId]/route");
let smartleadRoute: typeof import("@/app/api/webhooks/smartlead/[connectionId]/route");
let instantlyRoute: typeof import("@/app/api/webhooks/instantly/[connectionId]/route");
let unipileConnectionId: string;
let server: http.Server;
let baseUrl: string;

const fresh = (patch: Record<string, unknown> = {}) =>
  ghlBody("InboundMessage.sms.json", { timestamp: new Date().toISOString(), ...patch });
const params = (connectionId: string) => ({ params: Promise.resolve({ connectionId }) });

/** POSTs over real HTTP; `chunks` are written one by one (chunked unless contentLength is given). */
function post(path: string, headers: Record<string, string>, chunks: Buffer[], contentLength?: number) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(`${baseUrl}${path}`, {
      method: "POST",
      headers: contentLength === undefined ? headers : { ...headers, "content-length": String(contentLength) },
    });
    request.on("response", (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => void (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    // The server may answer 413 and close before we finish writing: that is the point.
    request.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error),
    );
    (async () => {
      for (const chunk of chunks) {
        if (request.destroyed) return;
        if (!request.write(chunk)) await new Promise((r) => request.once("drain", r));
      }
      request.end();
    })().catch(reject);
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    BETTER_AUTH_SECRET: "test-secret-that-is-long-enough-0123456789",
    GHL_WEBHOOK_ED25519_PUBLIC_KEY: keys.ed25519Pem,
    GHL_WEBHOOK_RSA_PUBLIC_KEY: keys.rsaPem,
    LEADCLOCK_ENCRYPTION_KEY: encryptionKey.toString("base64"),
  });
  ghlRoute = await import("@/app/api/webhooks/ghl/route");
  unipileRoute = await import("@/app/api/webhooks/unipile/[connectionId]/route");
  smartleadRoute = await import("@/app/api/webhooks/smartlead/[connectionId]/route");
  instantlyRoute = await import("@/app/api/webhooks/instantly/[connectionId]/route");
  const clientId = (await createWorkspace(db.prisma, "Routes Co")).id;
  await db.prisma.providerConnection.create({
    data: { clientId, provider: "GHL", externalAccountId: "Xq3LpRt8vYb2NcK7WmZa" },
  });
  unipileConnectionId = (
    await db.prisma.providerConnection.create({
      data: {
        clientId,
        provider: "UNIPILE",
        externalAccountId: "acct-1",
        webhookSecretEnc: encryptSecret(SECRET, encryptionKey),
      },
    })
  ).id;

  server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(url, {
        method: req.method,
        headers,
        body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
        duplex: "half",
      } as RequestInit);
      const unipile = /^\/api\/webhooks\/unipile\/([^/]+)$/.exec(url.pathname);
      const response =
        url.pathname === "/api/webhooks/ghl"
          ? await ghlRoute.POST(request)
          : unipile
            ? await unipileRoute.POST(request, params(unipile[1]!))
            : new Response("not found", { status: 404 });
      res.writeHead(response.status, { "content-type": "application/json", connection: "close" });
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(599);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  const { db: appDb } = await import("@/lib/db");
  await appDb.$disconnect();
  await db?.drop();
});

describe("route handlers", () => {
  it("exports POST on the Node.js runtime, never cached", () => {
    for (const route of [ghlRoute, unipileRoute, smartleadRoute, instantlyRoute]) {
      expect(route.runtime).toBe("nodejs");
      expect(route.dynamic).toBe("force-dynamic");
      expect(typeof route.POST).toBe("function");
    }
  });

  it("GHL: a delivery signed with the configured key is stored; its replay is a duplicate", async () => {
    const body = fresh({ messageId: "RouteMsg1" });
    const first = await ghlRoute.POST(ghlRequest(body, signGhl(body, keys)));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, result: "stored" });
    const again = await ghlRoute.POST(ghlRequest(body, signGhl(body, keys, "rsa")));
    expect(await again.json()).toEqual({ received: true, result: "duplicate" });
    expect(await db.prisma.message.count({ where: { ghlMessageId: "RouteMsg1" } })).toBe(1);
  });

  it("GHL: a body signed with any other key is 401", async () => {
    const body = fresh({ messageId: "RouteMsg2" });
    const stranger = generateGhlTestKeys();
    expect((await ghlRoute.POST(ghlRequest(body, signGhl(body, stranger)))).status).toBe(401);
  });

  it("path routes: an unknown or malformed connection id is 401", async () => {
    const request = () =>
      new Request("http://localhost/x", { method: "POST", headers: { "unipile-auth": SECRET }, body: "{}" });
    expect((await unipileRoute.POST(request(), params("not-a-uuid"))).status).toBe(401);
    expect((await smartleadRoute.POST(request(), params("00000000-0000-4000-8000-000000000000"))).status).toBe(401);
    // A Unipile connection's id never authenticates another provider's route.
    expect((await instantlyRoute.POST(request(), params(unipileConnectionId))).status).toBe(401);
  });

  it("path routes: a disabled connection is 401 even with its right secret; enabled again it answers 200", async () => {
    const body = JSON.stringify({ event: "message_read", account_id: "acct-1" });
    const request = () =>
      new Request("http://localhost/x", { method: "POST", headers: { "unipile-auth": SECRET }, body });
    await db.prisma.providerConnection.update({ where: { id: unipileConnectionId }, data: { disabledAt: new Date() } });
    try {
      const response = await unipileRoute.POST(request(), params(unipileConnectionId));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ received: false, error: "unauthorized" });
    } finally {
      await db.prisma.providerConnection.update({ where: { id: unipileConnectionId }, data: { disabledAt: null } });
    }
    const enabled = await unipileRoute.POST(request(), params(unipileConnectionId));
    expect(await enabled.json()).toEqual({ received: true, result: "ignored" });
  });
});

describe("over real HTTP", () => {
  it("a signed GHL delivery is stored", async () => {
    const body = fresh({ messageId: "HttpMsg1", webhookId: "http-delivery-1" });
    const response = await post("/api/webhooks/ghl", signGhl(body, keys), [Buffer.from(body)]);
    expect(response).toEqual({ status: 200, body: '{"received":true,"result":"stored"}' });
    expect(await db.prisma.message.count({ where: { ghlMessageId: "HttpMsg1" } })).toBe(1);
  });

  it("a declared Content-Length over 4 MiB is 413 without the body being sent", async () => {
    const before = await rowCounts(db.prisma);
    const response = await post(
      "/api/webhooks/ghl",
      { "content-type": "application/json" },
      [Buffer.from("{")],
      5 * 1024 * 1024,
    );
    expect(response.status).toBe(413);
    expect(await rowCounts(db.prisma)).toEqual(before);
  });

  it("a chunked body over 4 MiB is 413", async () => {
    const before = await rowCounts(db.prisma);
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(256 * 1024, 0x20));
    const response = await post(`/api/webhooks/unipile/${unipileConnectionId}`, { "unipile-auth": SECRET }, chunks);
    expect(response.status).toBe(413);
    expect(await rowCounts(db.prisma)).toEqual(before);
  });

  it("a wrong secret on a path route is 401 over HTTP too", async () => {
    const response = await post(`/api/webhooks/unipile/${unipileConnectionId}`, { "unipile-auth": "nope" }, [
      Buffer.from("{}"),
    ]);
    expect(response).toEqual({ status: 401, body: '{"received":false,"error":"unauthorized"}' });
  });
});
