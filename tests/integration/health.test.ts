import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHealth } from "@/lib/health";
import { createPrismaClient } from "@/lib/prisma-client";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;
const fixedNow = () => new Date("2026-05-01T12:00:00.000Z");

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("checkHealth", () => {
  it("reports a reachable database with its latency", async () => {
    const report = await checkHealth({ db: db.prisma, now: fixedNow });
    expect(report.status).toBe("ok");
    expect(report.database.reachable).toBe(true);
    expect(report.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(report.time).toBe("2026-05-01T12:00:00.000Z");
  });

  it("reports an unreachable database without leaking connection details", async () => {
    const unreachable = createPrismaClient("postgresql://nobody:secret@127.0.0.1:1/none");
    const report = await checkHealth({ db: unreachable, now: fixedNow, timeoutMs: 2000 });
    await unreachable.$disconnect();
    expect(report).toEqual({
      status: "degraded",
      database: { reachable: false, latencyMs: null },
      time: "2026-05-01T12:00:00.000Z",
    });
  });
});
