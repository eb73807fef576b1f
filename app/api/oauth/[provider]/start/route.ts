// GET /api/oauth/<ghl|calendly>/start?connectionId=… — "Connect with OAuth" on the connections
// page: admins of the connection's workspace are sent to the provider's consent page with a
// signed state (lib/appointments/oauth-connect, docs/bookings.md "Connecting with OAuth").
// Signed out → sign-in (then back here); anyone else → the same 404.
import { getAuth } from "@/lib/auth/auth";
import { oauthConnectConfigFrom } from "@/lib/appointments/oauth-connect/oauth-config";
import { ConnectionNotFoundError } from "@/lib/appointments/oauth-connect/oauth-connection";
import { oauthProviderFromSlug } from "@/lib/appointments/oauth-connect/oauth-providers";
import {
  connectionsPageUrl,
  plainText,
  redirectTo,
  signInRedirect,
} from "@/lib/appointments/oauth-connect/oauth-responses";
import { startOAuthConnect } from "@/lib/appointments/oauth-connect/start-oauth-connect";
import { loadEncryptionKey } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ provider: string }> }): Promise<Response> {
  const provider = oauthProviderFromSlug((await context.params).provider);
  if (!provider) return plainText(404, "Not found.");
  try {
    const config = oauthConnectConfigFrom({ env: env(), encryptionKey: loadEncryptionKey(), request });
    const session = await getAuth().api.getSession({ headers: request.headers });
    if (!session) return signInRedirect(config.baseUrl, request);
    const connectionId = new URL(request.url).searchParams.get("connectionId");
    const started = await startOAuthConnect({ db, userId: session.user.id, provider, connectionId, config });
    if ("authorizeUrl" in started) return redirectTo(started.authorizeUrl);
    return redirectTo(connectionsPageUrl({ baseUrl: config.baseUrl, ...started }));
  } catch (error) {
    if (error instanceof ConnectionNotFoundError) return plainText(404, error.message);
    console.error("[oauth/start] failed:", error);
    return plainText(500, "Something went wrong. Try again in a moment.");
  }
}
