// For ops (`npm run connections -- oauth`): put an OAuth pair obtained elsewhere on a booking
// connection, or remove it (the connection falls back to its API key, if any). Only GoHighLevel
// and Calendly connections have OAuth; anything else is refused before a write.
import { SafeError } from "@/lib/safe-error";
import type { Db } from "@/lib/prisma-client";
import { PROVIDER_LABEL } from "@/lib/connections/providers";
import { setOAuthTokens } from "../oauth-token";
import { isOAuthProvider } from "./oauth-providers";

export type ConnectionOAuthChange =
  { clear: true } | { clear?: false; accessToken: string; refreshToken: string; expiresAt: Date };

export async function setConnectionOAuth(args: {
  db: Db;
  encryptionKey: Buffer;
  connectionId: string;
  change: ConnectionOAuthChange;
}): Promise<{ id: string; hasOAuth: boolean; oauthAccessExpiresAt: Date | null }> {
  const { db, connectionId, change } = args;
  const row = await db.providerConnection.findUnique({ where: { id: connectionId }, select: { provider: true } });
  if (!row) throw new SafeError(`No connection with id ${connectionId}. Nothing was written.`);
  if (!isOAuthProvider(row.provider)) {
    throw new SafeError(
      `${PROVIDER_LABEL[row.provider]} connections have no OAuth (only GoHighLevel and Calendly). Nothing was written.`,
    );
  }
  if (change.clear) {
    await db.providerConnection.update({
      where: { id: connectionId },
      data: {
        oauthAccessTokenEnc: null,
        oauthRefreshTokenEnc: null,
        oauthAccessExpiresAt: null,
        oauthStateNonce: null,
      },
    });
    return { id: connectionId, hasOAuth: false, oauthAccessExpiresAt: null };
  }
  await setOAuthTokens({
    db,
    connectionId,
    encryptionKey: args.encryptionKey,
    accessToken: change.accessToken,
    refreshToken: change.refreshToken,
    expiresAt: change.expiresAt,
  });
  return { id: connectionId, hasOAuth: true, oauthAccessExpiresAt: change.expiresAt };
}
