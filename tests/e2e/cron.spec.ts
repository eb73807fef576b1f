// The response-timing cron over real HTTP against the production build. scripts/run-app.ts
// (mode e2e) gives the server CRON_SECRET from .data/cron.secret unless one is set.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { cronSecret } from "./helpers";

const ROUTE = "/api/cron/response-timing";

function call(request: APIRequestContext, method: "GET" | "POST", authorization?: string) {
  const headers = authorization === undefined ? undefined : { authorization };
  return method === "GET" ? request.get(ROUTE, { headers }) : request.post(ROUTE, { headers });
}

type RunBody = { success: true; processed: number; skipped: number; durationMs: number; exhausted: boolean };

function expectRunBody(body: unknown): asserts body is RunBody {
  expect(body).toMatchObject({
    success: true,
    processed: expect.any(Number),
    skipped: expect.any(Number),
    durationMs: expect.any(Number),
    exhausted: expect.any(Boolean),
  });
}

test("the cron route refuses requests without the right bearer secret", async ({ request }) => {
  const secret = cronSecret();
  for (const method of ["GET", "POST"] as const) {
    for (const authorization of [
      undefined,
      "Bearer wrong-secret-0123456789abcdef",
      "Bearer undefined",
      `Basic ${secret}`,
      `bearer ${secret}`,
    ]) {
      const response = await call(request, method, authorization);
      expect(response.status(), `${method} ${JSON.stringify(authorization)}`).toBe(401);
      expect(response.headers()["cache-control"]).toContain("no-store");
      expect(await response.json()).toEqual({ success: false, error: "Unauthorized" });
    }
  }
});

test("authorized runs drain the queue, and a run after that has nothing to do", async ({ request }) => {
  test.setTimeout(300_000);
  const authorization = `Bearer ${cronSecret()}`;

  // The demo data is seeded into a fresh database; other specs may have drained the queue
  // already (they need timing rows), so this run may find the work done.
  const first = await call(request, "GET", authorization);
  expect(first.status()).toBe(200);
  expect(first.headers()["cache-control"]).toContain("no-store");
  const firstBody: unknown = await first.json();
  expectRunBody(firstBody);

  let last: RunBody = firstBody;
  for (let calls = 1; !last.exhausted; calls++) {
    expect(calls, "the queue should drain within 50 runs").toBeLessThan(50);
    const response = await call(request, calls % 2 === 0 ? "GET" : "POST", authorization);
    expect(response.status()).toBe(200);
    const body: unknown = await response.json();
    expectRunBody(body);
    last = body;
  }

  // Drained: one more run (POST, the manual trigger) has nothing to do.
  const again = await call(request, "POST", authorization);
  expect(again.status()).toBe(200);
  const againBody: unknown = await again.json();
  expectRunBody(againBody);
  expect(againBody).toMatchObject({ processed: 0, skipped: 0, exhausted: true });
});
