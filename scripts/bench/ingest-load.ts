// A closed-loop load generator: `concurrency` senders, each sending its next request as
// soon as the previous one is answered, until `total` requests are done. node:http with
// keep-alive sockets (one per sender, like a provider's connection pool) rather than
// fetch: the client shares the machine's two cores with the server and PostgreSQL, so it
// must cost as little CPU per request as possible.
import http from "node:http";

export type LoadRequest = { method: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string };

export type LoadResult = {
  /** Per-request latency (ms, request start → last byte of the answer), in completion order. */
  latenciesMs: number[];
  /** Answers by HTTP status ("error" for a connection failure). */
  statuses: Record<string, number>;
  /** The first few non-2xx answers, for the report. */
  failures: string[];
  elapsedMs: number;
};

function send(agent: http.Agent, base: URL, request: LoadRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        headers: { ...request.headers, ...(body ? { "content-length": String(body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export async function runLoad(options: {
  baseUrl: string;
  total: number;
  concurrency: number;
  /** Builds request `index` (called just before it is sent, so timestamps are fresh). */
  request: (index: number) => LoadRequest;
}): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  const failures: string[] = [];
  let next = 0;
  const sender = async () => {
    while (next < options.total) {
      const index = next++;
      const request = options.request(index);
      const started = performance.now();
      let key: string;
      try {
        const answer = await send(agent, base, request);
        key = String(answer.status);
        if ((answer.status < 200 || answer.status > 299) && failures.length < 5)
          failures.push(`${answer.status} ${answer.body.slice(0, 200)}`);
      } catch (error) {
        key = "error";
        if (failures.length < 5) failures.push(error instanceof Error ? error.message : String(error));
      }
      latenciesMs.push(performance.now() - started);
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.total) }, sender));
  } finally {
    agent.destroy();
  }
  return { latenciesMs, statuses, failures, elapsedMs: performance.now() - started };
}

/** The q-quantile (0..1) of `values`, nearest-rank. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function okCount(result: LoadResult): number {
  return Object.entries(result.statuses).reduce((sum, [status, n]) => (/^2\d\d$/.test(status) ? sum + n : sum), 0);
}
