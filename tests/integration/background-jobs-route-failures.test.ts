// The background-jobs cron route when it is misconfigured or the database is down. Each
// test loads a fresh copy of the route (lib/env.ts caches the environment on first use);
// no test here reaches a working database (lib/db.ts keeps its client on globalThis, so
// this file must not share a module instance with background-jobs-route.test.ts).
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";

const SECRET = "cron-secret-for-the-failure-test-0123456789";
const UNREACHABLE = "postgresql://cron:hunter2-password@127.0.0.1:1/leadclock";
const saved = { ...process.env };

async function loadRoute(environment: Record<string, string | undefined>) {
  for (const name of ["DATABASE_URL", "BETTER_AUTH_SECRET", "CRON_SECRET", "BACKGROUND_JOBS_CONCURRENCY"])
    delete process.env[name];
  Object.assign(process.env, environment);
  vi.resetModules();
  return import("@/app/api/cron/background-jobs/route");
}

function request(method: "GET" | "POST", authorization?: string): Request {
  const headers = new Headers();
  if (authorization !== undefined) headers.set("authorization", authorization);
  return new Request("http://localhost/api/cron/background-jobs", { method, headers });
}

let errorLog: MockInstance<typeof console.error>;
beforeEach(() => {
  errorLog = vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  errorLog.mockRestore();
});
afterAll(async () => {
  try {
    const { db } = await import("@/lib/db");
    await db.$disconnect();
  } catch {
    // no client was created
  }
  process.env = saved;
});

const logged = () => errorLog.mock.calls.map((args) => args.map(String).join(" ")).join("\n");

describe("CRON_SECRET unset", () => {
  it("refuses everything, before the rest of the environment is even parsed", async () => {
    const route = await loadRoute({});
    for (const method of ["GET", "POST"] as const) {
      for (const authorization of [undefined, "", "Bearer", "Bearer ", "Bearer undefined"]) {
        const response = await route[method](request(method, authorization));
        expect(response.status, `${method} ${JSON.stringify(authorization)}`).toBe(401);
        expect(await response.json()).toEqual({ success: false, error: "Unauthorized" });
      }
    }
    expect(logged()).toContain("[cron/background-jobs] CRON_SECRET is not set; refusing every request");
  });
});

describe("failures after authorization", () => {
  it("answers 503 without connection details when the database is unreachable", async () => {
    const route = await loadRoute({
      DATABASE_URL: UNREACHABLE,
      BETTER_AUTH_SECRET: "test-secret-that-is-long-enough-0123456789",
      CRON_SECRET: SECRET,
    });
    for (const method of ["GET", "POST"] as const) {
      const response = await route[method](request(method, `Bearer ${SECRET}`));
      expect(response.status).toBe(503);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ success: false, error: "Database unavailable" });
      for (const secret of ["127.0.0.1", "hunter2", "postgresql://", "    at "]) expect(text).not.toContain(secret);
    }
    expect(logged()).toContain("[cron/background-jobs] database unreachable:");
  });

  it("answers a generic 500 for anything else, e.g. an invalid setting", async () => {
    const route = await loadRoute({
      DATABASE_URL: UNREACHABLE,
      BETTER_AUTH_SECRET: "test-secret-that-is-long-enough-0123456789",
      CRON_SECRET: SECRET,
      BACKGROUND_JOBS_CONCURRENCY: "lots",
    });
    const response = await route.POST(request("POST", `Bearer ${SECRET}`));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ success: false, error: "Internal error" });
    expect(text).not.toContain("BACKGROUND_JOBS_CONCURRENCY");
    expect(logged()).toContain("[cron/background-jobs] run failed:");
  });
});
