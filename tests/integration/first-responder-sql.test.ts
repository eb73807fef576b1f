// firstResponderSql() and firstResponder() must be the same rule: the shared cases run
// through PostgreSQL (timestamptz(3), as stored) and TypeScript.
import { afterAll, beforeAll, expect, it } from "vitest";
import { firstResponder } from "@/lib/analytics/first-responder";
import { firstResponderSql } from "@/lib/analytics/response-timing-analytics-sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { FIRST_RESPONDER_CASES } from "../helpers/first-responder-cases";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

it("agrees with firstResponder on every case", async () => {
  const rows = Prisma.join(
    FIRST_RESPONDER_CASES.map(
      (c, i) => Prisma.sql`(${i}::int, ${c.setterSentAt}::timestamptz(3), ${c.aiSentAt}::timestamptz(3))`,
    ),
  );
  const fromSql = await db.prisma.$queryRaw<{ i: number; responder: string | null }[]>`
    SELECT e.i, ${firstResponderSql("e")} AS responder
      FROM (VALUES ${rows}) AS e(i, "setterResponseSentAt", "aiResponseSentAt") ORDER BY e.i`;
  expect(fromSql.map((r) => r.responder)).toEqual(FIRST_RESPONDER_CASES.map((c) => firstResponder(c)));
  expect(fromSql.map((r) => r.responder)).toEqual(FIRST_RESPONDER_CASES.map((c) => c.expected));
});
