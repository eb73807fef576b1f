"use server";

// Provider-connection server actions (settings → connections, admins only): thin
// wrappers that take the user from the session and call lib/connections/connection-admin
// (which validates input and enforces workspace and role). A new or rotated webhook
// secret is returned once, for the admin to paste into the provider; nothing else a
// browser receives carries a secret.
import { revalidatePath } from "next/cache";
import { runUserAction, type ActionResult } from "@/lib/auth/action-result";
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
import { requestBaseUrl } from "@/lib/connections/request-base-url";
import type { SafeConnection } from "@/lib/connections/safe-connection";
import { loadEncryptionKey } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import type { ConnectionMode, Provider } from "@/lib/generated/prisma/enums";

type Ref = { clientId: string; connectionId: string };

/** What the page shows once after create/rotate: the URL and secret to paste into the provider. */
export type RevealedSecret = {
  connectionId: string;
  provider: Provider;
  externalAccountId: string;
  webhookUrl: string;
  webhookSecret: string | null;
  previousValidUntil: string | null;
};

const settingsPath = (clientId: string) => `/w/${clientId}/settings/connections`;

/** The one shape create and rotate reveal; built from the safe view, so no stored secret can slip in. */
function reveal(
  connection: SafeConnection,
  webhookSecret: string | null,
  previousValidUntil: Date | null,
): RevealedSecret {
  return {
    connectionId: connection.id,
    provider: connection.provider,
    externalAccountId: connection.externalAccountId,
    webhookUrl: connection.webhookUrl,
    webhookSecret,
    previousValidUntil: previousValidUntil?.toISOString() ?? null,
  };
}

export async function createProviderConnection(input: {
  clientId: string;
  provider: string;
  externalAccountId: string;
  mode: string;
  apiKey?: string;
  apiBaseUrl?: string;
  label?: string;
}): Promise<ActionResult<RevealedSecret>> {
  return runUserAction("connections.create", async (userId) => {
    const { connection, webhookSecret } = await createConnectionForUser({
      db,
      userId,
      input,
      key: loadEncryptionKey(),
      baseUrl: await requestBaseUrl(),
    });
    revalidatePath(settingsPath(connection.clientId));
    return reveal(connection, webhookSecret, null);
  });
}

export async function rotateProviderConnectionSecret(input: Ref): Promise<ActionResult<RevealedSecret>> {
  return runUserAction("connections.rotate", async (userId) => {
    const { connection, webhookSecret, previousValidUntil } = await rotateWebhookSecretForUser({
      db,
      userId,
      input,
      key: loadEncryptionKey(),
      baseUrl: await requestBaseUrl(),
    });
    revalidatePath(settingsPath(connection.clientId));
    return reveal(connection, webhookSecret, previousValidUntil);
  });
}

export async function setProviderConnectionMode(
  input: Ref & { mode: string },
): Promise<ActionResult<{ mode: ConnectionMode }>> {
  return runUserAction("connections.setMode", async (userId) => {
    const result = await setConnectionModeForUser({ db, userId, input });
    revalidatePath(settingsPath(input.clientId));
    return { mode: result.mode };
  });
}

export async function disableProviderConnection(input: Ref): Promise<ActionResult<{ disabledAt: string }>> {
  return runUserAction("connections.disable", async (userId) => {
    const result = await disableConnectionForUser({ db, userId, input });
    revalidatePath(settingsPath(input.clientId));
    return { disabledAt: result.disabledAt.toISOString() };
  });
}

export async function enableProviderConnection(input: Ref): Promise<ActionResult<{ id: string }>> {
  return runUserAction("connections.enable", async (userId) => {
    const result = await enableConnectionForUser({ db, userId, input });
    revalidatePath(settingsPath(input.clientId));
    return result;
  });
}

export async function setProviderConnectionCredentials(
  input: Ref & { apiKey?: string; removeApiKey?: boolean; apiBaseUrl?: string },
): Promise<ActionResult<{ hasApiKey: boolean; apiBaseUrl: string | null }>> {
  return runUserAction("connections.setCredentials", async (userId) => {
    const { hasApiKey, apiBaseUrl } = await setConnectionCredentialsForUser({
      db,
      userId,
      input,
      key: loadEncryptionKey(),
    });
    revalidatePath(settingsPath(input.clientId));
    return { hasApiKey, apiBaseUrl };
  });
}

export async function addMemberProviderIdentity(input: {
  clientId: string;
  userId: string;
  provider: string;
  externalUserId: string;
}): Promise<ActionResult<{ id: string; externalUserId: string }>> {
  return runUserAction("connections.addIdentity", async (userId) => {
    const identity = await addMemberIdentityForUser({ db, userId, input });
    revalidatePath(settingsPath(input.clientId));
    return { id: identity.id, externalUserId: identity.externalUserId };
  });
}

export async function removeMemberProviderIdentity(input: {
  clientId: string;
  identityId: string;
}): Promise<ActionResult<{ id: string }>> {
  return runUserAction("connections.removeIdentity", async (userId) => {
    const result = await removeMemberIdentityForUser({ db, userId, input });
    revalidatePath(settingsPath(input.clientId));
    return result;
  });
}
