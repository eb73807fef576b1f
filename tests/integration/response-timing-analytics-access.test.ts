// Who may read the Response Timing tab, through the real server action and the page
// loader: managers and admins of the workspace only; a setter, a member of another
// workspace and a tampered id all get the same "Not found"; bad parameters get a clear
// error. The session is the one thing mocked (next/headers has no request here).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { NOW, buildAnalyticsFixture, type AnalyticsFixture } from "../helpers/analytics-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({
  getSessionUser: async () => session.user,
  requireSessionUser: async () => {
    if (!session.user) throw new Error("redirect to sign-in");
    return session.user;
  },
}));

let db: TestDatabase;
let fx: AnalyticsFixture;
let actions: typeof import("@/actions/response-timing-analytics-actions");
let access: typeof import("@/lib/analytics/analytics-access");

const as = (key: keyof AnalyticsFixture["users"]) => {
  session.user = { id: fx.users[key].id, name: key, email: fx.users[key].email };
};

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.BETTER_AUTH_SECRET = "test-secret-that-is-long-enough-0123456789";
  fx = await buildAnalyticsFixture(db.prisma);
  actions = await import("@/actions/response-timing-analytics-actions");
  access = await import("@/lib/analytics/analytics-access");
});

beforeEach(() => {
  session.user = null;
});

afterAll(async () => {
  const { db: appDb } = await import("@/lib/db");
  await appDb.$disconnect();
  await db?.drop();
});

describe("getResponseTimingAnalyticsAction", () => {
  it("gives a manager and an admin the workspace's analytics", async () => {
    as("mia");
    // The action runs on the real clock: a custom range reaches back to the fixture's dates.
    const result = await actions.getResponseTimingAnalyticsAction({
      clientId: fx.a.id,
      range: "custom",
      from: "2026-03-01",
      to: "2026-05-01",
      channel: "sms",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.query).toMatchObject({
      range: "custom",
      fromDate: "2026-03-01",
      toDate: "2026-05-01",
      channel: "sms",
    });
    expect(result.data.summary.anchors).toBe(9); // the 30-day fixture plus a3, sms only
    as("zoe");
    const other = await actions.getResponseTimingAnalyticsAction({
      clientId: fx.b.id,
      range: "custom",
      from: "2026-04-01",
      to: "2026-04-30",
    });
    expect(other.ok && other.data.summary.anchors).toBe(1);
  });

  it("answers the same 'Not found' to a setter, another workspace's manager and tampered ids", async () => {
    const cases: [keyof AnalyticsFixture["users"], string][] = [
      ["ava", fx.a.id], // a setter of the workspace
      ["max", fx.a.id], // manager of B asking for A
      ["mia", fx.b.id], // manager of A asking for B
      ["mia", "00000000-0000-4000-8000-000000000000"], // no such workspace
      ["mia", "not-a-uuid"],
      ["mia", `${fx.a.id}' OR '1'='1`],
      ["mia", fx.a.id.toUpperCase() + "0"],
    ];
    for (const [user, clientId] of cases) {
      as(user);
      expect(await actions.getResponseTimingAnalyticsAction({ clientId }), `${user} → ${clientId}`).toEqual({
        ok: false,
        error: "Not found",
      });
    }
  });

  it("refuses a signed-out caller", async () => {
    expect(await actions.getResponseTimingAnalyticsAction({ clientId: fx.a.id })).toEqual({
      ok: false,
      error: "Your session has ended. Sign in again.",
    });
  });

  it("names the bad parameter", async () => {
    as("mia");
    expect(await actions.getResponseTimingAnalyticsAction({ clientId: fx.a.id, range: "1y" })).toEqual({
      ok: false,
      error: 'Invalid range="1y": use 7d, 30d, 90d or custom.',
    });
    expect(
      await actions.getResponseTimingAnalyticsAction({
        clientId: fx.a.id,
        range: "custom",
        from: "2026-04-10",
        to: "2026-04-01",
      }),
    ).toEqual({
      ok: false,
      error: "Invalid custom range: from must not be after to.",
    });
    expect(await actions.getResponseTimingAnalyticsAction({ clientId: fx.a.id, setter: fx.users.cal.id })).toEqual({
      ok: false,
      error: `Invalid setter=${JSON.stringify(fx.users.cal.id)}: not a setter of this workspace.`,
    });
    const tampered = [{ clientId: fx.a.id, extra: "x" }, { clientId: 42 }, { clientId: fx.a.id, attr: 30 }, null, "x"];
    for (const input of tampered) {
      expect(await actions.getResponseTimingAnalyticsAction(input as never)).toEqual({
        ok: false,
        error: "Invalid analytics request.",
      });
    }
  });

  it("returns the same data as the query function", async () => {
    as("mia");
    const viaAction = await access.responseTimingAnalyticsForUser({
      db: db.prisma,
      userId: fx.users.mia.id,
      input: { clientId: fx.a.id, bh: "1" },
      now: NOW,
    });
    expect(viaAction.summary).toMatchObject({ anchors: 10, setterAnswered: 5, aiAnswered: 4 });
  });
});

describe("loadResponseTimingAnalytics", () => {
  it("(lib, for an already-resolved scope) falls back on bad parameters and lists them as warnings", async () => {
    const scope = {
      clientId: fx.a.id,
      clientName: "Alpha",
      timezone: "America/New_York",
      role: "MANAGER" as const,
      userId: fx.users.mia.id,
    };
    const { data, warnings } = await access.loadResponseTimingAnalytics(
      scope,
      { range: "1y", setter: fx.users.cal.id, attr: "14" },
      { db: db.prisma, now: NOW },
    );
    expect(warnings).toEqual([
      'Ignored range="1y": use 7d, 30d, 90d or custom.',
      `Ignored setter=${JSON.stringify(fx.users.cal.id)}: not a setter of this workspace.`,
    ]);
    expect(data.query).toEqual({ range: "30d", businessHours: false, attributionDays: 14, maturityDays: 7 });
    expect(data.summary.anchors).toBe(10);
    await expect(
      access.loadResponseTimingAnalytics({ ...scope, role: "SETTER" }, {}, { db: db.prisma }),
    ).rejects.toThrow("Not found");
  });
});
