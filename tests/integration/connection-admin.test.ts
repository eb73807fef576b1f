// The admin entry points behind the connection actions, on real PostgreSQL: only an
// ADMIN of the workspace may act; a setter, a manager and a stranger get the same
// "not found" as a tampered or foreign id, and nothing is written. Member identities:
// one per (workspace, provider, id), normalized, members of the workspace only.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMemberIdentityForUser,
  createConnectionForUser,
  disableConnectionForUser,
  enableConnectionForUser,
  removeMemberIdentityForUser,
  rotateWebhookSecretForUser,
  setConnectionCredentialsForUser,
  setConnectionModeForUser,
} from "@/lib/connections/connection-admin";
import { createConnection } from "@/lib/connections/create-connection";
import { listMemberIdentities } from "@/lib/connections/list-member-identities";
import { SafeError } from "@/lib/safe-error";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser, createWorkspace } from "../helpers/fixtures";

let db: TestDatabase;
let alpha: string;
let beta: string;
let adminA: string;
let managerA: string;
let setterA: string;
let stranger: string;
let adminB: string;
let connA: string;
let connB: string;
const key = randomBytes(32);
const baseUrl = "https://hooks.example.test";

/** Every table these operations may write, as stored. */
const snapshot = async () => ({
  connections: await db.query(`SELECT * FROM "ProviderConnection" ORDER BY id`),
  identities: await db.query(`SELECT * FROM "MemberProviderIdentity" ORDER BY id`),
});

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  beta = (await createWorkspace(db.prisma, "Beta")).id;
  adminA = (await createUser(db.prisma, "admin@alpha.test", [{ clientId: alpha, role: "ADMIN" }])).id;
  managerA = (await createUser(db.prisma, "manager@alpha.test", [{ clientId: alpha, role: "MANAGER" }])).id;
  setterA = (await createUser(db.prisma, "setter@alpha.test", [{ clientId: alpha, role: "SETTER" }])).id;
  stranger = (await createUser(db.prisma, "nobody@else.test")).id;
  adminB = (await createUser(db.prisma, "admin@beta.test", [{ clientId: beta, role: "ADMIN" }])).id;
  connA = (
    await createConnection({
      db: db.prisma,
      key,
      clientId: alpha,
      baseUrl,
      input: { provider: "unipile", externalAccountId: "ua" },
    })
  ).connection.id;
  connB = (
    await createConnection({
      db: db.prisma,
      key,
      clientId: beta,
      baseUrl,
      input: { provider: "unipile", externalAccountId: "ub" },
    })
  ).connection.id;
});

afterAll(async () => {
  await db?.drop();
});

/** Every operation, called as `userId` against workspace `clientId` and connection `connectionId`. */
function operations(userId: string, clientId: string, connectionId: string) {
  const ctx = { db: db.prisma, userId };
  return {
    create: () =>
      createConnectionForUser({
        ...ctx,
        key,
        baseUrl,
        input: { clientId, provider: "ghl", externalAccountId: `loc-${userId}` },
      }),
    rotate: () => rotateWebhookSecretForUser({ ...ctx, key, baseUrl, input: { clientId, connectionId } }),
    mode: () => setConnectionModeForUser({ ...ctx, input: { clientId, connectionId, mode: "sandbox" } }),
    disable: () => disableConnectionForUser({ ...ctx, input: { clientId, connectionId } }),
    enable: () => enableConnectionForUser({ ...ctx, input: { clientId, connectionId } }),
    credentials: () => setConnectionCredentialsForUser({ ...ctx, key, input: { clientId, connectionId, apiKey: "k" } }),
    addIdentity: () =>
      addMemberIdentityForUser({
        ...ctx,
        input: { clientId, userId: setterA, provider: "ghl", externalUserId: "ghl-user" },
      }),
  };
}

const EXPECTED = {
  create: "Workspace not found.",
  rotate: "Connection not found.",
  mode: "Connection not found.",
  disable: "Connection not found.",
  enable: "Connection not found.",
  credentials: "Connection not found.",
  addIdentity: "Member not found.",
};

async function refusals(ops: Partial<ReturnType<typeof operations>>) {
  const messages: Record<string, string> = {};
  for (const [name, run] of Object.entries(ops)) {
    messages[name] = await run().then(
      () => "allowed!",
      (error: Error) => `${error.name}: ${error.message}`,
    );
  }
  return messages;
}

const asSafe = (messages: Record<string, string>) =>
  Object.fromEntries(Object.entries(messages).map(([k, v]) => [k, `SafeError: ${v}`]));

describe("who may manage connections", () => {
  it("refuses setters, managers and strangers the same way, writing nothing", async () => {
    const before = await snapshot();
    for (const userId of [setterA, managerA, stranger, adminB]) {
      expect(await refusals(operations(userId, alpha, connA)), userId).toEqual(asSafe(EXPECTED));
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an admin acting on another workspace's connection, or with malformed ids", async () => {
    const before = await snapshot();
    // Admin of alpha, naming alpha but beta's connection: not found, and beta's row is untouched.
    const { create: _create, addIdentity: _addIdentity, ...connectionOps } = operations(adminA, alpha, connB);
    expect(await refusals(connectionOps)).toEqual({
      rotate: "SafeError: Connection not found.",
      mode: "SafeError: Connection not found.",
      disable: "SafeError: Connection not found.",
      enable: "SafeError: Connection not found.",
      credentials: "SafeError: Connection not found.",
    });
    // ...or naming beta: not a member there.
    expect(await refusals(operations(adminA, beta, connB))).toEqual(asSafe(EXPECTED));
    expect(await refusals(operations(adminA, "alpha'; --", "nope"))).toEqual(asSafe(EXPECTED));
    expect(await snapshot()).toEqual(before);
  });

  it("lets the workspace's admin do everything, and returns the new secrets once", async () => {
    const ops = operations(adminA, alpha, connA);
    const created = await ops.create();
    expect(created.webhookSecret).toBeNull();
    expect(created.connection).toMatchObject({
      clientId: alpha,
      provider: "GHL",
      webhookUrl: `${baseUrl}/api/webhooks/ghl`,
    });
    const rotated = await ops.rotate();
    expect(rotated.webhookSecret).toMatch(/^whsec_/);
    expect(await ops.mode()).toEqual({ id: connA, mode: "sandbox" });
    expect(await ops.credentials()).toMatchObject({ hasApiKey: true });
    expect((await ops.disable()).alreadyDisabled).toBe(false);
    expect(await ops.enable()).toEqual({ id: connA });
    expect((await ops.addIdentity()).externalUserId).toBe("ghl-user");
  });
});

describe("member identities", () => {
  it("maps members to provider ids, normalized, unique per workspace, members only", async () => {
    const add = (input: Record<string, unknown>, clientId = alpha) =>
      addMemberIdentityForUser({ db: db.prisma, userId: adminA, input: { clientId, ...input } });
    const mailbox = await add({ userId: setterA, provider: "smartlead", externalUserId: "  Jordan@Mail.Example " });
    expect(mailbox).toMatchObject({ provider: "SMARTLEAD", externalUserId: "jordan@mail.example", userId: setterA });
    // GoHighLevel ids are case-sensitive: kept as typed (trimmed).
    expect((await add({ userId: managerA, provider: "GHL", externalUserId: " AbC123 " })).externalUserId).toBe(
      "AbC123",
    );

    const before = await snapshot();
    await expect(
      add({ userId: managerA, provider: "smartlead", externalUserId: "JORDAN@mail.example" }),
    ).rejects.toThrow("That SmartLead sending mailbox is already mapped to a member of this workspace.");
    await expect(add({ userId: adminB, provider: "ghl", externalUserId: "x1" })).rejects.toThrow("Member not found.");
    await expect(add({ userId: stranger, provider: "ghl", externalUserId: "x1" })).rejects.toThrow("Member not found.");
    await expect(add({ userId: setterA, provider: "ghl", externalUserId: "" })).rejects.toThrow(
      "Enter the member's id at the provider.",
    );
    await expect(add({ userId: setterA, provider: "ghl", externalUserId: "a b" })).rejects.toThrow(
      "Provider user ids cannot contain spaces.",
    );
    await expect(add({ userId: setterA, provider: "zoho", externalUserId: "a" })).rejects.toThrow(
      /Provider must be one of/,
    );
    // A NUL (Postgres refuses it in text) is "not found" like any other id that names no member.
    await expect(add({ userId: "a\u0000b", provider: "ghl", externalUserId: "x1" })).rejects.toThrow(
      new SafeError("Member not found."),
    );
    expect(await snapshot()).toEqual(before);

    // The same id in another workspace is that workspace's business.
    const other = await addMemberIdentityForUser({
      db: db.prisma,
      userId: adminB,
      input: { clientId: beta, userId: adminB, provider: "smartlead", externalUserId: "jordan@mail.example" },
    });
    expect(other.userId).toBe(adminB);

    const listed = await listMemberIdentities({ db: db.prisma, clientId: alpha });
    expect(listed.map((m) => [m.role, m.identities.map((i) => `${i.provider}:${i.externalUserId}`)])).toEqual([
      ["SETTER", ["GHL:ghl-user", "SMARTLEAD:jordan@mail.example"]],
      ["MANAGER", ["GHL:AbC123"]],
      ["ADMIN", []],
    ]);

    // Removing: only the workspace's admin, only the workspace's identities.
    const remove = (userId: string, clientId: string, identityId: string) =>
      removeMemberIdentityForUser({ db: db.prisma, userId, input: { clientId, identityId } });
    await expect(remove(setterA, alpha, mailbox.id)).rejects.toThrow("Provider identity not found.");
    await expect(remove(adminB, beta, mailbox.id)).rejects.toThrow("Provider identity not found.");
    await expect(remove(adminA, alpha, other.id)).rejects.toThrow("Provider identity not found.");
    expect(await db.prisma.memberProviderIdentity.count()).toBe(4);
    expect(await remove(adminA, alpha, mailbox.id)).toEqual({ id: mailbox.id });
    await expect(remove(adminA, alpha, mailbox.id)).rejects.toThrow("Provider identity not found.");
    expect(await db.prisma.memberProviderIdentity.count()).toBe(3);
  });
});
