// A provider's OAuth token endpoint on 127.0.0.1 (port 0) for the connect-flow tests: it records
// each form-encoded POST to /oauth/token and answers with the next scripted answer (or the
// default), so a test sees exactly what Leadclock sent and how it handles each kind of reply.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type TokenAnswer = { status: number; json?: unknown; body?: string } | { hang: true };

export type FakeTokenServer = {
  baseUrl: string;
  /** Form fields of each POST /oauth/token, in order. */
  requests: Record<string, string>[];
  /** Answers used once each, in order, before falling back to `fallback`. */
  script: TokenAnswer[];
  fallback: TokenAnswer;
  close(): Promise<void>;
};

export async function startFakeTokenServer(fallback: TokenAnswer): Promise<FakeTokenServer> {
  const hanging = new Set<ServerResponse>();
  const state: Omit<FakeTokenServer, "baseUrl" | "close"> = { requests: [], script: [], fallback };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => void (raw += chunk.toString()));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/oauth/token") {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
        return;
      }
      state.requests.push(Object.fromEntries(new URLSearchParams(raw)));
      const answer = state.script.shift() ?? state.fallback;
      if ("hang" in answer) {
        hanging.add(res);
        return;
      }
      const body = answer.body ?? JSON.stringify(answer.json ?? {});
      res.writeHead(answer.status, { "content-type": "application/json" }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
