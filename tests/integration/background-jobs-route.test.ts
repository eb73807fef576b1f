// The background-jobs cron route on a real database: the bearer check guards it, and an
// authorized GET or POST drains due jobs and answers the runner's counters. No-op jobs
// ({ noop: true }) keep the registry's real handlers out of it.
// (CRON_SECRET unset and an unreachable database: background-jobs-route-failures.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueNoopJobs } from "@/lib/background-jobs/noop";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";

const SECRET = "cron-secret-for-the-jobs-route-0123456789";
const ROUTE_URL = "http://localhost/api/cron/background-jobs";

let db: TestDatabase;
let route: typeof import("@/app/api/cron/background-jobs/route");
let clientId: string;

function call(method: "GET" | "POST", authorization?: string): Promise<Response> {
  const headers = new Headers();
  if (authorization !== undefined) headers.set("authorization", authorization);
  const request = new Request(ROUTE_URL, { method, headers });
  return method === "GET" ? route.GET(request) : route.POST(request);
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.BETTER_AUTH_SECRET = "test-secret-that-is-long-enough-0123456789";
  process.env.CRON_SECRET = SECRET;
  route = await import("@/app/api/cron/background-jobs/route");
  clientId = (await createWorkspace(db.prisma, "Cron Jobs Co")).id;
});

afterAll(async () => {
  const { db: appDb } = await import("@/lib/db");
  await appDb.$disconnect();
  await db?.drop();
});

describe("/api/cron/background-jobs", () => {
  it("exports GET and POST with maxDuration 300", () => {
    expect(route.maxDuration).toBe(300);
    expect(typeof route.GET).toBe("function");
    expect(typeof route.POST).toBe("function");
  });

  it("answers 401 without a bearer, or with a wrong one, and runs nothing", async () => {
    await enqueueNoopJobs({ db: db.prisma, clientId, count: 3 });
    for (const method of ["GET", "POST"] as const) {
      for (const authorization of [undefined, "", `Bearer ${SECRET}x`, `bearer ${SECRET}`, SECRET, "Bearer "]) {
        const response = await call(method, authorization);
        expect(response.status, `${method} ${JSON.stringify(authorization)}`).toBe(401);
        expect(response.headers.get("www-authenticate")).toBe("Bearer");
        expect(await response.json()).toEqual({ success: false, error: "Unauthorized" });
      }
    }
    expect(await db.prisma.backgroundJob.count({ where: { status: "PENDING" } })).toBe(3);
  });

  it("drains due jobs and answers the runner's JSON", async () => {
    await enqueueNoopJobs({ db: db.prisma, clientId, count: 250 });
    const response = await call("POST", `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(
      ["claimed", "durationMs", "exhausted", "failed", "rescued", "retried", "succeeded", "success"].sort(),
    );
    expect(body).toMatchObject({
      success: true,
      claimed: 253,
      succeeded: 253,
      retried: 0,
      failed: 0,
      rescued: 0,
      exhausted: true,
    });
    expect(body.durationMs).toBeGreaterThanOrEqual(0);
    expect(await db.prisma.backgroundJob.count({ where: { status: "SUCCEEDED", resultNote: "noop" } })).toBe(253);

    const again = await call("GET", `Bearer ${SECRET}`);
    expect(await again.json()).toMatchObject({ success: true, claimed: 0, exhausted: true });
  });
});
