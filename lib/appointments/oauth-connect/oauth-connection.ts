// The connection a connect attempt is for, as seen by the signed-in user: it must exist, be a
// booking connection of the expected provider, and belong to a workspace where the user is an
// ADMIN. Everything else (no such id, another workspace, a setter, a malformed id) is the same
// "Connection not found.", like every other connection write (lib/connections/connection-admin.ts).
import { canManageSettings, findClientScope } from "@/lib/auth/client-scope";
import { CONNECTION_NOT_FOUND } from "@/lib/connections/connection-errors";
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";
import { UUID_PATTERN } from "@/lib/uuid";

export type OAuthConnectionRow = {
  id: string;
  clientId: string;
  provider: AppointmentProvider;
  externalAccountId: string;
  apiBaseUrl: string | null;
  /** The nonce of the state whose code stored the current pair (a reloaded callback). */
  oauthStateNonce: string | null;
};

export class ConnectionNotFoundError extends SafeError {
  override name = "ConnectionNotFoundError";
  constructor() {
    super(CONNECTION_NOT_FOUND);
  }
}

export async function findAdminOAuthConnection(args: {
  db: Db;
  userId: string;
  connectionId: unknown;
  provider: AppointmentProvider;
  /** When the state named a workspace: the connection must still be in it. */
  clientId?: string;
}): Promise<OAuthConnectionRow> {
  const { db, connectionId } = args;
  if (typeof connectionId !== "string" || !UUID_PATTERN.test(connectionId)) throw new ConnectionNotFoundError();
  const row = await db.providerConnection.findUnique({
    where: { id: connectionId.toLowerCase() },
    select: {
      id: true,
      clientId: true,
      provider: true,
      externalAccountId: true,
      apiBaseUrl: true,
      oauthStateNonce: true,
    },
  });
  if (!row || row.provider !== args.provider) throw new ConnectionNotFoundError();
  if (args.clientId !== undefined && row.clientId !== args.clientId) throw new ConnectionNotFoundError();
  const scope = await findClientScope(db, args.userId, row.clientId);
  if (!scope || !canManageSettings(scope.role)) throw new ConnectionNotFoundError();
  return { ...row, provider: args.provider };
}
