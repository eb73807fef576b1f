import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findClientScope, findUserWorkspaces, accessibleClientWhere } from "@/lib/auth/client-scope";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser, createWorkspace } from "../helpers/fixtures";

let db: TestDatabase;
let a: { id: string };
let b: { id: string };
let setterA: { id: string };
let admin: { id: string };

beforeAll(async () => {
  db = await createTestDatabase();
  a = await createWorkspace(db.prisma, "Alpha", "America/New_York");
  b = await createWorkspace(db.prisma, "Beta", "Europe/London");
  setterA = await createUser(db.prisma, "setter@alpha.test", [{ clientId: a.id, role: "SETTER" }]);
  admin = await createUser(db.prisma, "admin@both.test", [
    { clientId: a.id, role: "ADMIN" },
    { clientId: b.id, role: "MANAGER" },
  ]);
});

afterAll(async () => {
  await db?.drop();
});

describe("findClientScope", () => {
  it("returns the member's role and the workspace's time zone", async () => {
    expect(await findClientScope(db.prisma, setterA.id, a.id)).toEqual({
      clientId: a.id,
      clientName: "Alpha",
      timezone: "America/New_York",
      role: "SETTER",
      userId: setterA.id,
    });
    expect((await findClientScope(db.prisma, admin.id, b.id))?.role).toBe("MANAGER");
  });

  it("gives nothing for another workspace, an unknown id or a malformed id", async () => {
    expect(await findClientScope(db.prisma, setterA.id, b.id)).toBeNull();
    expect(await findClientScope(db.prisma, setterA.id, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await findClientScope(db.prisma, setterA.id, "not-a-uuid' or 1=1 --")).toBeNull();
    expect(await findClientScope(db.prisma, "no-such-user", a.id)).toBeNull();
  });
});

describe("workspace lists", () => {
  it("lists exactly the user's workspaces, by name", async () => {
    expect((await findUserWorkspaces(db.prisma, admin.id)).map((w) => [w.name, w.role])).toEqual([
      ["Alpha", "ADMIN"],
      ["Beta", "MANAGER"],
    ]);
    expect((await findUserWorkspaces(db.prisma, setterA.id)).map((w) => w.name)).toEqual(["Alpha"]);
  });

  it("accessibleClientWhere filters workspaces to memberships", async () => {
    const visible = await db.prisma.client.findMany({
      where: accessibleClientWhere(setterA.id),
      select: { name: true },
    });
    expect(visible).toEqual([{ name: "Alpha" }]);
  });
});
