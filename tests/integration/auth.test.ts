// better-auth as configured in lib/auth/auth.ts, on a real database: credentials that
// the seed writes (scrypt hashes from better-auth/crypto) sign in; nothing else does.
import { hashPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser } from "../helpers/fixtures";

let db: TestDatabase;
let auth: Awaited<ReturnType<(typeof import("@/lib/auth/auth"))["getAuth"]>>;

beforeAll(async () => {
  db = await createTestDatabase();
  // lib/db.ts and lib/env.ts read the environment on first use: point them at this file's database.
  process.env.DATABASE_URL = db.url;
  process.env.BETTER_AUTH_SECRET = "test-secret-that-is-long-enough-0123456789";
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  auth = (await import("@/lib/auth/auth")).getAuth();
  const user = await createUser(db.prisma, "setter@alpha.test");
  await db.prisma.account.create({
    data: {
      id: "acc-1",
      accountId: user.id,
      providerId: "credential",
      userId: user.id,
      password: await hashPassword("correct horse battery"),
    },
  });
});

afterAll(async () => {
  const { db: appDb } = await import("@/lib/db");
  await appDb.$disconnect();
  await db?.drop();
});

describe("email/password sign-in", () => {
  it("creates a session for the right password", async () => {
    const result = await auth.api.signInEmail({
      body: { email: "setter@alpha.test", password: "correct horse battery" },
    });
    expect(result.user.email).toBe("setter@alpha.test");
    expect(result.token).toMatch(/\S{16,}/);
    const sessions = await db.prisma.session.findMany({ where: { token: result.token } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });

  it("refuses a wrong password and an unknown email", async () => {
    await expect(
      auth.api.signInEmail({ body: { email: "setter@alpha.test", password: "wrong password!" } }),
    ).rejects.toMatchObject({
      status: "UNAUTHORIZED",
    });
    await expect(
      auth.api.signInEmail({ body: { email: "nobody@alpha.test", password: "whatever123" } }),
    ).rejects.toMatchObject({
      status: "UNAUTHORIZED",
    });
  });

  it("has no public sign-up", async () => {
    await expect(
      auth.api.signUpEmail({ body: { email: "new@alpha.test", password: "a-long-password", name: "New" } }),
    ).rejects.toBeTruthy();
    expect(await db.prisma.user.count({ where: { email: "new@alpha.test" } })).toBe(0);
  });
});
