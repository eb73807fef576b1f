// The admin-facing entry points behind actions/connection-actions.ts: each takes the
// user from the session (never from input), checks the user is an ADMIN of the input's
// workspace, then calls the domain function with that workspace as the tenancy filter.
// A stranger, a manager, a setter, a malformed id and another workspace's connection
// all get the same "not found" and write nothing.
import { z } from "zod";
import { canManageSettings, findClientScope, type ClientScope } from "@/lib/auth/client-scope";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";
import { addMemberIdentity } from "./add-member-identity";
import { CONNECTION_NOT_FOUND, IDENTITY_NOT_FOUND, MEMBER_NOT_FOUND, WORKSPACE_NOT_FOUND } from "./connection-errors";
import { createConnection } from "./create-connection";
import { disableConnection } from "./disable-connection";
import { enableConnection } from "./enable-connection";
import { removeMemberIdentity } from "./remove-member-identity";
import { rotateWebhookSecret } from "./rotate-webhook-secret";
import { setConnectionCredentials } from "./set-connection-credentials";
import { setConnectionMode } from "./set-connection-mode";

type Context = { db: Db; userId: string; input: unknown };
type WithKey = Context & { key: Buffer; baseUrl: string };

const workspaceRef = z.looseObject({ clientId: z.string().regex(UUID_PATTERN) });
const connectionRef = z.looseObject({
  clientId: z.string().regex(UUID_PATTERN),
  connectionId: z.string().regex(UUID_PATTERN),
});
const identityRef = z.looseObject({
  clientId: z.string().regex(UUID_PATTERN),
  identityId: z.string().regex(UUID_PATTERN),
});

/** The admin's scope in the input's workspace, or a SafeError with `notFound`. */
export async function requireSettingsAdmin(
  db: Db,
  userId: string,
  clientId: unknown,
  notFound: string,
): Promise<ClientScope> {
  if (typeof clientId !== "string" || !UUID_PATTERN.test(clientId)) throw new SafeError(notFound);
  const scope = await findClientScope(db, userId, clientId);
  if (!scope || !canManageSettings(scope.role)) throw new SafeError(notFound);
  return scope;
}

async function connectionScope({ db, userId, input }: Context) {
  const ref = connectionRef.safeParse(input);
  if (!ref.success) throw new SafeError(CONNECTION_NOT_FOUND);
  const scope = await requireSettingsAdmin(db, userId, ref.data.clientId, CONNECTION_NOT_FOUND);
  return { clientId: scope.clientId, connectionId: ref.data.connectionId.toLowerCase(), input: ref.data };
}

export async function createConnectionForUser({ db, userId, input, key, baseUrl }: WithKey) {
  const ref = workspaceRef.safeParse(input);
  if (!ref.success) throw new SafeError(WORKSPACE_NOT_FOUND);
  const scope = await requireSettingsAdmin(db, userId, ref.data.clientId, WORKSPACE_NOT_FOUND);
  return createConnection({ db, key, clientId: scope.clientId, input: ref.data, baseUrl });
}

export async function rotateWebhookSecretForUser({ now, ...ctx }: WithKey & { now?: Date }) {
  const { clientId, connectionId } = await connectionScope(ctx);
  return rotateWebhookSecret({ db: ctx.db, key: ctx.key, clientId, connectionId, baseUrl: ctx.baseUrl, now });
}

export async function setConnectionModeForUser(ctx: Context) {
  const { clientId, connectionId, input } = await connectionScope(ctx);
  return setConnectionMode({ db: ctx.db, clientId, connectionId, mode: input.mode });
}

export async function disableConnectionForUser({ now, ...ctx }: Context & { now?: Date }) {
  const { clientId, connectionId } = await connectionScope(ctx);
  return disableConnection({ db: ctx.db, clientId, connectionId, now });
}

export async function enableConnectionForUser(ctx: Context) {
  const { clientId, connectionId } = await connectionScope(ctx);
  return enableConnection({ db: ctx.db, clientId, connectionId });
}

export async function setConnectionCredentialsForUser(ctx: Context & { key: Buffer }) {
  const { clientId, connectionId, input } = await connectionScope(ctx);
  return setConnectionCredentials({ db: ctx.db, key: ctx.key, clientId, connectionId, input });
}

export async function addMemberIdentityForUser({ db, userId, input }: Context) {
  const ref = workspaceRef.safeParse(input);
  if (!ref.success) throw new SafeError(MEMBER_NOT_FOUND);
  const scope = await requireSettingsAdmin(db, userId, ref.data.clientId, MEMBER_NOT_FOUND);
  return addMemberIdentity({ db, clientId: scope.clientId, input: ref.data });
}

export async function removeMemberIdentityForUser({ db, userId, input }: Context) {
  const ref = identityRef.safeParse(input);
  if (!ref.success) throw new SafeError(IDENTITY_NOT_FOUND);
  const scope = await requireSettingsAdmin(db, userId, ref.data.clientId, IDENTITY_NOT_FOUND);
  return removeMemberIdentity({ db, clientId: scope.clientId, identityId: ref.data.identityId.toLowerCase() });
}
