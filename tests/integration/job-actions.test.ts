// The ops page's Retry / Cancel: lib/background-jobs/job-admin.ts (tenancy, role, states,
// effects) and the "use server" wrappers in actions/job-actions.ts with a real better-auth
// session (next/headers and next/cache are stubbed: there is no Next request here).
import { hashPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cancelJobForUser, JOB_NOT_FOUND, retryJobForUser } from "@/lib/background-jobs/job-admin";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser, createWorkspace } from "../helpers/fixtures";
import { insertJob, readJob } from "../helpers/job-fixtures";

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: () => undefined,
    getAll: () => [],
    has: () => false,
    set: () => undefined,
    delete: () => undefined,
  }),
}));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

let db: TestDatabase;
let alpha: string;
let beta: string;
const users: Record<"admin" | "manager" | "setter" | "outsider", string> = {
  admin: "",
  manager: "",
  setter: "",
  outsider: "",
};
const NOW = new Date("2026-03-01T12:00:00.000Z");
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.BETTER_AUTH_SECRET = "test-secret-that-is-long-enough-0123456789";
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  beta = (await createWorkspace(db.prisma, "Beta")).id;
  users.admin = (await createUser(db.prisma, "admin@alpha.test", [{ clientId: alpha, role: "ADMIN" }])).id;
  users.manager = (await createUser(db.prisma, "manager@alpha.test", [{ clientId: alpha, role: "MANAGER" }])).id;
  users.setter = (await createUser(db.prisma, "setter@alpha.test", [{ clientId: alpha, role: "SETTER" }])).id;
  users.outsider = (await createUser(db.prisma, "admin@beta.test", [{ clientId: beta, role: "ADMIN" }])).id;
  await db.prisma.account.create({
    data: {
      id: "acc-admin",
      accountId: users.admin,
      providerId: "credential",
      userId: users.admin,
      password: await hashPassword(PASSWORD),
    },
  });
});

afterAll(async () => {
  const { db: appDb } = await import("@/lib/db");
  await appDb.$disconnect();
  await db?.drop();
});

const failedJob = (clientId = alpha) =>
  insertJob(db.prisma, { clientId, status: "FAILED", attempts: 5, maxAttempts: 5, lastError: "Error: boom" });

describe("retryJobForUser / cancelJobForUser", () => {
  it("let an admin retry a failed job and cancel a pending one", async () => {
    const failed = await failedJob();
    expect(
      await retryJobForUser({
        db: db.prisma,
        userId: users.admin,
        input: { clientId: alpha, jobId: failed.id },
        now: NOW,
      }),
    ).toEqual({
      clientId: alpha,
      jobId: failed.id,
      status: "PENDING",
    });
    expect(await readJob(db.prisma, failed.id)).toMatchObject({ status: "PENDING", attempts: 0, runAt: NOW });

    expect(
      await cancelJobForUser({
        db: db.prisma,
        userId: users.admin,
        input: { clientId: alpha, jobId: failed.id.toUpperCase() },
        now: NOW,
      }),
    ).toMatchObject({ status: "CANCELED" });
    expect(await readJob(db.prisma, failed.id)).toMatchObject({ status: "CANCELED", finishedAt: NOW });
  });

  it("answer the same 'not found' to managers, setters, outsiders, bad ids and other workspaces' jobs", async () => {
    const job = await failedJob();
    const foreign = await failedJob(beta);
    const attempts: [string, unknown][] = [
      [users.manager, { clientId: alpha, jobId: job.id }],
      [users.setter, { clientId: alpha, jobId: job.id }],
      [users.outsider, { clientId: alpha, jobId: job.id }],
      [users.admin, { clientId: alpha, jobId: foreign.id }],
      [users.admin, { clientId: beta, jobId: foreign.id }],
      [users.admin, { clientId: alpha, jobId: "not-a-uuid" }],
      [users.admin, { clientId: "'; drop table", jobId: job.id }],
      [users.admin, null],
      [users.admin, { clientId: alpha }],
    ];
    for (const [userId, input] of attempts) {
      for (const fn of [retryJobForUser, cancelJobForUser])
        await expect(fn({ db: db.prisma, userId, input, now: NOW }), JSON.stringify(input)).rejects.toThrow(
          JOB_NOT_FOUND,
        );
    }
    expect(await readJob(db.prisma, job.id)).toMatchObject({ status: "FAILED", attempts: 5 });
    expect(await readJob(db.prisma, foreign.id)).toMatchObject({ status: "FAILED", attempts: 5 });
  });

  it("explain why a job in the wrong state cannot be retried or canceled", async () => {
    const running = await insertJob(db.prisma, {
      clientId: alpha,
      status: "RUNNING",
      attempts: 1,
      lockedBy: "r",
      lockedUntil: new Date(NOW.getTime() + 60_000),
    });
    const input = { clientId: alpha, jobId: running.id };
    await expect(retryJobForUser({ db: db.prisma, userId: users.admin, input, now: NOW })).rejects.toThrow(
      "Only failed or canceled jobs can be retried; this one is running.",
    );
    await expect(cancelJobForUser({ db: db.prisma, userId: users.admin, input, now: NOW })).rejects.toThrow(
      "Only pending or failed jobs can be canceled; this one is running.",
    );
    expect(await readJob(db.prisma, running.id)).toMatchObject({ status: "RUNNING", lockedBy: "r" });
  });
});

describe("server action wrappers", () => {
  it("refuse a signed-out caller and change nothing", async () => {
    const { retryBackgroundJob, cancelBackgroundJob } = await import("@/actions/job-actions");
    const job = await failedJob();
    request.headers = new Headers();
    expect(await retryBackgroundJob({ clientId: alpha, jobId: job.id })).toEqual({
      ok: false,
      error: "Your session has ended. Sign in again.",
    });
    expect(await cancelBackgroundJob({ clientId: alpha, jobId: job.id })).toMatchObject({ ok: false });
    expect((await readJob(db.prisma, job.id)).status).toBe("FAILED");
  });

  it("retry and cancel for the signed-in admin, revalidating the jobs page", async () => {
    const { getAuth } = await import("@/lib/auth/auth");
    const { headers } = await getAuth().api.signInEmail({
      body: { email: "admin@alpha.test", password: PASSWORD },
      returnHeaders: true,
    });
    const cookie = headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    request.headers = new Headers({ cookie });
    const { retryBackgroundJob, cancelBackgroundJob } = await import("@/actions/job-actions");
    const job = await failedJob();
    const retried = await retryBackgroundJob({ clientId: alpha, jobId: job.id });
    expect(retried).toEqual({ ok: true, data: { clientId: alpha, jobId: job.id, status: "PENDING" } });
    expect(revalidatePath).toHaveBeenCalledWith(`/w/${alpha}/settings/jobs`);
    expect(await cancelBackgroundJob({ clientId: alpha, jobId: job.id })).toMatchObject({
      ok: true,
      data: { status: "CANCELED" },
    });
    // A job of a workspace the admin does not administer: the same not-found, nothing changes.
    const foreign = await failedJob(beta);
    expect(await retryBackgroundJob({ clientId: beta, jobId: foreign.id })).toEqual({
      ok: false,
      error: JOB_NOT_FOUND,
    });
    expect((await readJob(db.prisma, foreign.id)).status).toBe("FAILED");
  });
});
