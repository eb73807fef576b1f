// The "use server" connection actions with real better-auth sessions: the user comes
// from the session cookie, only the workspace's admin gets through, a setter gets the
// same "not found" as a signed-out or foreign caller, the secret is returned once (and
// nothing else in any result carries a secret), and the settings page is revalidated.
// next/headers and next/cache are stubbed: there is no Next request, only its headers.
import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CONNECTION_SECRETS_SELECT, loadConnectionSecrets } from "@/lib/connections/connection-secrets";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createUser, createWorkspace } from "../helpers/fixtures";

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
let actions: typeof import("@/actions/connection-actions");
let alpha: string;
let beta: string;
let setterId: string;
let cookies: { admin: string; setter: string };
const key = randomBytes(32);
const PASSWORD = "correct horse battery";

async function withPassword(userId: string) {
  await db.prisma.account.create({
    data: {
      id: `acc-${userId}`,
      accountId: userId,
      providerId: "credential",
      userId,
      password: await hashPassword(PASSWORD),
    },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.BETTER_AUTH_SECRET = "test-secret-that-is-long-enough-0123456789";
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  process.env.LEADCLOCK_ENCRYPTION_KEY = key.toString("base64");
  alpha = (await createWorkspace(db.prisma, "Alpha")).id;
  beta = (await createWorkspace(db.prisma, "Beta")).id;
  const adminId = (await createUser(db.prisma, "admin@alpha.test", [{ clientId: alpha, role: "ADMIN" }])).id;
  setterId = (await createUser(db.prisma, "setter@alpha.test", [{ clientId: alpha, role: "SETTER" }])).id;
  await withPassword(adminId);
  await withPassword(setterId);

  const { getAuth } = await import("@/lib/auth/auth");
  const signIn = async (email: string) => {
    const { headers } = await getAuth().api.signInEmail({ body: { email, password: PASSWORD }, returnHeaders: true });
    return headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  };
  cookies = { admin: await signIn("admin@alpha.test"), setter: await signIn("setter@alpha.test") };
  actions = await import("@/actions/connection-actions");
});

afterAll(async () => {
  const { db: appDb } = await import("@/lib/db");
  await appDb.$disconnect();
  await db?.drop();
});

const as = (who: keyof typeof cookies | null) =>
  (request.headers = new Headers(who ? { cookie: cookies[who], host: "ignored.example" } : {}));
const rows = () => db.query(`SELECT * FROM "ProviderConnection" ORDER BY id`);

describe("connection actions", () => {
  it("let the admin add a connection and see its URL and secret once", async () => {
    as("admin");
    const result = await actions.createProviderConnection({
      clientId: alpha,
      provider: "unipile",
      externalAccountId: "acct-1",
      mode: "sandbox",
      apiKey: "",
      apiBaseUrl: "",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { connectionId, webhookSecret, webhookUrl } = result.data;
    // BETTER_AUTH_URL wins over the request's host (no LEADCLOCK_PUBLIC_URL here).
    expect(webhookUrl).toBe(`http://localhost:3000/api/webhooks/unipile/${connectionId}`);
    const stored = await db.prisma.providerConnection.findUniqueOrThrow({
      where: { id: connectionId },
      select: { ...CONNECTION_SECRETS_SELECT, clientId: true, mode: true },
    });
    expect(stored).toMatchObject({ clientId: alpha, mode: "sandbox", apiKeyEnc: null });
    expect(loadConnectionSecrets(stored, key).webhookSecrets).toEqual([webhookSecret]);
    expect(JSON.stringify(result)).not.toContain(stored.webhookSecretEnc!);
    expect(revalidatePath).toHaveBeenCalledWith(`/w/${alpha}/settings/connections`);

    const rotated = await actions.rotateProviderConnectionSecret({ clientId: alpha, connectionId });
    expect(rotated.ok && rotated.data.webhookSecret).toMatch(/^whsec_/);
    expect(rotated.ok && rotated.data.webhookSecret).not.toBe(webhookSecret);
    expect(result.data.previousValidUntil).toBeNull();
    expect(rotated).toEqual({
      ok: true,
      data: {
        connectionId,
        provider: "UNIPILE",
        externalAccountId: "acct-1",
        webhookUrl,
        webhookSecret: expect.stringMatching(/^whsec_/),
        previousValidUntil: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
      },
    });
    if (!rotated.ok) return;
    const after = await db.prisma.providerConnection.findUniqueOrThrow({
      where: { id: connectionId },
      select: CONNECTION_SECRETS_SELECT,
    });
    expect(after.previousSecretValidUntil?.toISOString()).toBe(rotated.data.previousValidUntil);
    expect(loadConnectionSecrets(after, key).webhookSecrets).toEqual([rotated.data.webhookSecret, webhookSecret]);
    const modes = await actions.setProviderConnectionMode({ clientId: alpha, connectionId, mode: "live" });
    expect(modes).toEqual({ ok: true, data: { mode: "live" } });
    const creds = await actions.setProviderConnectionCredentials({ clientId: alpha, connectionId, apiKey: "k-1" });
    expect(creds).toEqual({ ok: true, data: { hasApiKey: true, apiBaseUrl: null } });
    expect(JSON.stringify(creds)).not.toContain("k-1");
    expect(await actions.disableProviderConnection({ clientId: alpha, connectionId })).toMatchObject({ ok: true });
    expect(await actions.enableProviderConnection({ clientId: alpha, connectionId })).toMatchObject({ ok: true });
  });

  it("show validation and uniqueness messages to the admin", async () => {
    as("admin");
    expect(
      await actions.createProviderConnection({
        clientId: alpha,
        provider: "ghl",
        externalAccountId: " ",
        mode: "live",
      }),
    ).toEqual({ ok: false, error: "Enter the provider's account id." });
    expect(
      await actions.createProviderConnection({
        clientId: alpha,
        provider: "unipile",
        externalAccountId: "acct-1",
        mode: "live",
      }),
    ).toEqual({
      ok: false,
      error:
        "This Unipile (LinkedIn) account is already connected to a Leadclock workspace. Check the account id; if it is a disabled connection of this workspace, enable that one again.",
    });
  });

  it("refuse setters, foreign workspaces and signed-out callers alike, writing nothing", async () => {
    const before = await rows();
    const [target] = before as { id: string }[];
    const attempt = async () => [
      await actions.createProviderConnection({
        clientId: alpha,
        provider: "ghl",
        externalAccountId: "x",
        mode: "live",
      }),
      await actions.rotateProviderConnectionSecret({ clientId: alpha, connectionId: target!.id }),
      await actions.setProviderConnectionMode({ clientId: alpha, connectionId: target!.id, mode: "sandbox" }),
      await actions.disableProviderConnection({ clientId: alpha, connectionId: target!.id }),
      await actions.addMemberProviderIdentity({
        clientId: alpha,
        userId: setterId,
        provider: "ghl",
        externalUserId: "u1",
      }),
    ];
    as("setter");
    expect(await attempt()).toEqual([
      { ok: false, error: "Workspace not found." },
      { ok: false, error: "Connection not found." },
      { ok: false, error: "Connection not found." },
      { ok: false, error: "Connection not found." },
      { ok: false, error: "Member not found." },
    ]);
    as("admin");
    expect(
      await actions.createProviderConnection({ clientId: beta, provider: "ghl", externalAccountId: "x", mode: "live" }),
    ).toEqual({ ok: false, error: "Workspace not found." });
    as(null);
    for (const result of await attempt()) {
      expect(result).toEqual({ ok: false, error: "Your session has ended. Sign in again." });
    }
    expect(await rows()).toEqual(before);
    expect(await db.prisma.memberProviderIdentity.count()).toBe(0);
  });

  it("let the admin map and unmap a member's provider id", async () => {
    as("admin");
    const added = await actions.addMemberProviderIdentity({
      clientId: alpha,
      userId: setterId,
      provider: "instantly",
      externalUserId: "Setter@Mailbox.Example",
    });
    expect(added.ok && added.data.externalUserId).toBe("setter@mailbox.example");
    if (!added.ok) return;
    expect(await actions.removeMemberProviderIdentity({ clientId: alpha, identityId: added.data.id })).toEqual({
      ok: true,
      data: { id: added.data.id },
    });
    expect(await db.prisma.memberProviderIdentity.count()).toBe(0);
  });
});
