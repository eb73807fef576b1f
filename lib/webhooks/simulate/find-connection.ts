// The connection a simulated delivery goes to: the workspace's enabled connection of the
// provider (the demo workspace's unless a client id is given), sandbox first, with its
// current webhook secret decrypted (null for GoHighLevel, which signs with a key pair).
import { CONNECTION_SECRETS_SELECT, loadConnectionSecrets } from "@/lib/connections/connection-secrets";
import { PROVIDER_LABEL, PROVIDER_SLUG } from "@/lib/connections/providers";
import { SecretBoxError } from "@/lib/crypto/secret-box";
import { NORTHWIND } from "@/lib/demo/demo-logins";
import type { Provider } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";

/** A target that cannot be found; the message says what to do. */
export class SimulateTargetError extends Error {
  override name = "SimulateTargetError";
}

/** What to print when finding the target failed for a reason the user can fix; null: a real failure. */
export function targetProblemMessage(problem: unknown): string | null {
  if (problem instanceof SimulateTargetError) return problem.message;
  if (problem instanceof SecretBoxError)
    return `Cannot read the connection's webhook secret: ${problem.message} (use the app's LEADCLOCK_ENCRYPTION_KEY).`;
  return null;
}

export type SimulateConnection = {
  id: string;
  clientId: string;
  externalAccountId: string;
  mode: string;
  webhookSecret: string | null;
  workspaceName: string;
  defaultCountry: string;
  timeZone: string;
};

export function workspaceWords(clientId: string | null): string {
  return clientId ? `workspace ${clientId}` : `the demo workspace (${NORTHWIND})`;
}

export async function findSimulateConnection(args: {
  db: Db;
  provider: Provider;
  clientId: string | null;
  encryptionKey: Buffer;
  now: Date;
}): Promise<SimulateConnection> {
  const { db, provider } = args;
  const connection = await db.providerConnection.findFirst({
    where: {
      provider,
      disabledAt: null,
      ...(args.clientId ? { clientId: args.clientId } : { client: { name: NORTHWIND } }),
    },
    // Sandbox first (enum order live < sandbox): a simulation should never reach a real provider.
    orderBy: [{ mode: "desc" }, { createdAt: "asc" }],
    select: {
      id: true,
      clientId: true,
      externalAccountId: true,
      mode: true,
      client: { select: { name: true, defaultCountry: true, timezone: true } },
      ...CONNECTION_SECRETS_SELECT,
    },
  });
  const name = provider === "UNIPILE" ? "Unipile" : PROVIDER_LABEL[provider];
  if (!connection) {
    throw new SimulateTargetError(
      `No enabled ${name} connection in ${workspaceWords(args.clientId)}. ` +
        (args.clientId
          ? `Add one: npm run connections -- add --client-id ${args.clientId} --provider ${PROVIDER_SLUG[provider]} --account <id> --mode sandbox`
          : "Start the demo (npm run demo) so its data exists, or pass --client-id UUID."),
    );
  }
  const webhookSecret =
    provider === "GHL"
      ? null
      : (loadConnectionSecrets(connection, args.encryptionKey, args.now).webhookSecrets[0] ?? null);
  if (provider !== "GHL" && !webhookSecret)
    throw new SimulateTargetError(`The ${name} connection ${connection.id} has no webhook secret.`);
  return {
    id: connection.id,
    clientId: connection.clientId,
    externalAccountId: connection.externalAccountId,
    mode: connection.mode,
    webhookSecret,
    workspaceName: connection.client.name,
    defaultCountry: connection.client.defaultCountry,
    timeZone: connection.client.timezone,
  };
}
